/**
 * Faults, end to end through the gateway's handler and the local endpoint, with fixture containers
 * under the real engines' hostnames: one hangs (spaCy), one answers garbage (TextBlob).
 */
import { fixturePython, startLocalEndpoint, type LocalEndpoint } from '../../local/launch.js';
import { loadNlpHandler, parse, type NlpHandler } from './support/gateway.js';

const deadlineMs = 1_500;
let endpoint: LocalEndpoint;
let nlp: NlpHandler;

beforeAll(async () => {
  endpoint = await startLocalEndpoint({ engines: 'test/fixtures/engines.faults.json', env: { LOCAL_SAGEMAKER_PYTHON: fixturePython } });
  nlp = await loadNlpHandler(endpoint, { GATEWAY_DEADLINE_MS: String(deadlineMs) });
}, 60_000);

afterAll(async () => {
  await endpoint?.stop();
});

it('a container that hangs yields 504 problem+json by the gateway deadline, not the 60 s invocation timeout', async () => {
  const started = Date.now();

  const response = await nlp({ text: 'Apple is looking at buying a U.K. startup.' }, 'spacy');

  const elapsed = Date.now() - started;
  expect(response.statusCode).toBe(504);
  expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  expect(parse(response)).toMatchObject({ status: 504, type: '/problems/engine-timeout' });
  expect(elapsed).toBeGreaterThanOrEqual(deadlineMs - 600);
  expect(elapsed).toBeLessThan(deadlineMs + 500);
});

it('a container that answers garbage yields 502 problem+json', async () => {
  const response = await nlp({ text: 'What a lovely day.' }, 'textblob');

  expect(response.statusCode).toBe(502);
  expect(response.headers?.['Content-Type']).toBe('application/problem+json');
  expect(parse(response)).toMatchObject({ status: 502, type: '/problems/engine-failed' });
  expect(response.body).not.toMatch(/<html/i);
});

/**
 * The gateway's handler and its own SageMaker adapter, with the real SDK, through the local
 * endpoint, to the real containers of every registry engine: every engine and task, the public schema,
 * offsets that index the submitted text in every encoding, and recovery from a killed container.
 */
import { startLocalEndpoint, type LocalEndpoint } from '../../local/launch.js';
import { loadNlpHandler, parse, type NlpHandler } from './support/gateway.js';
import { expectPublicSchema } from './support/public-schema.js';
import { REGISTRY as registry } from '../../handlers/core/registry.js';

/** Text that makes offsets interesting: accents, astral emoji (two UTF-16 units, four UTF-8 bytes), a ZWJ sequence. */
const TEXTS = [
  'Apple is looking at buying a U.K. startup for $1 billion. Tim Cook 😀 visited Zürich on Monday.',
  'The quick brown fox 🦊 jumps over the lazy dog. What a wonderful, happy day in New York 👩‍🔬!',
];

let endpoint: LocalEndpoint;
let nlp: NlpHandler;

beforeAll(async () => {
  endpoint = await startLocalEndpoint({ startTimeoutMs: 180_000 });
  nlp = await loadNlpHandler(endpoint);
}, 200_000);

afterAll(async () => {
  await endpoint?.stop();
});

const cases = registry.engines.flatMap((engine) => engine.tasks.map((task) => [engine.name, task, engine] as const));

describe.each(['utf16', 'codepoint', 'utf8'] as const)('offsets in %s', (offsetEncoding) => {
  it.each(cases)('%s computes %s in the public schema', async (name, task, engine) => {
    const response = await nlp({ texts: TEXTS, tasks: [task], offsetEncoding }, name);

    expect(response.statusCode).toBe(200);
    const body = parse(response);
    expect(body).toMatchObject({ engine: name, model: engine.model });
    expectPublicSchema(body, TEXTS, [task], offsetEncoding);
  });
});

describe.each(registry.engines.map((engine) => [engine.name, engine] as const))('%s', (name, engine) => {
  it('computes every task it supports in one request', async () => {
    const response = await nlp({ text: TEXTS[0], tasks: engine.tasks }, name);

    expect(response.statusCode).toBe(200);
    expectPublicSchema(parse(response), [TEXTS[0]!], engine.tasks);
  });

  it('computes its default tasks when none are asked for', async () => {
    const response = await nlp({ text: TEXTS[1] }, name);

    expect(response.statusCode).toBe(200);
    expectPublicSchema(parse(response), [TEXTS[1]!], engine.defaultTasks);
  });
});

it('spaCy finds the entities a reader would expect', async () => {
  const response = await nlp({ text: TEXTS[0], tasks: ['entities'] }, 'spacy');

  const [result] = expectPublicSchema(parse(response), [TEXTS[0]!], ['entities']);
  expect(result?.entities).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ text: 'Apple', label: 'ORG', start: 0, end: 5 }),
      expect.objectContaining({ text: 'Tim Cook', label: 'PERSON' }),
    ]),
  );
});

it('TextBlob scores a happy sentence as positive', async () => {
  const response = await nlp({ text: 'What a wonderful, happy day!', tasks: ['sentiment'] }, 'textblob');

  const [result] = expectPublicSchema(parse(response), ['What a wonderful, happy day!'], ['sentiment']);
  expect((result?.sentiment as { polarity: number } | undefined)?.polarity).toBeGreaterThan(0.5);
});

it('langid names the language of texts in six scripts, and answers und for text with no letters', async () => {
  const texts = [
    'Где находится ближайшая станция метро?',
    'Der Stadtrat traf sich am Dienstagabend.',
    '東京の天気は明日晴れるでしょう。',
    'مرحبا، كيف حالك اليوم؟',
    'Ο καιρός είναι πολύ ωραίος σήμερα.',
    'Where is the train station?',
    '  42 😀 🇫🇷 ',
  ];
  const response = await nlp({ texts }, 'langid');

  const results = expectPublicSchema(parse(response), texts, ['language']);
  expect(results.map((result) => (result.language as { code: string }).code)).toEqual(['ru', 'de', 'ja', 'ar', 'el', 'en', 'und']);
  expect(results[6]?.language).toEqual({ code: 'und', confidence: 0, alternatives: [] });
});

it('auto sends language to langid and entities to spaCy, and merges them per text', async () => {
  const response = await nlp({ texts: TEXTS, tasks: ['entities', 'language'] }, 'auto');

  expect(response.statusCode).toBe(200);
  const body = parse(response);
  expect(body).toMatchObject({
    engines: { entities: 'spacy', language: 'langid' },
    models: { langid: { name: 'py3langid', version: '0.4.0' } },
  });
  expect((body.results as Array<{ language: { code: string } }>).map((result) => result.language.code)).toEqual(['en', 'en']);
});

it('a container killed mid-run is restarted and the API recovers', async () => {
  const before = (await endpoint.status()).containers.find((container) => container.hostname === 'nlp-spacy');
  const busy = nlp(
    { texts: Array.from({ length: 64 }, () => TEXTS[0]), tasks: ['tokens', 'sentences', 'entities', 'nounPhrases'] },
    'spacy',
  );
  await new Promise((resolve) => setTimeout(resolve, 100));

  process.kill(before?.pid ?? 0, 'SIGKILL');
  const inFlight = await busy;
  const retries: number[] = [];
  const deadline = Date.now() + 90_000;
  let recovered = await nlp({ text: TEXTS[0], tasks: ['entities'] }, 'spacy');
  while (recovered.statusCode !== 200 && Date.now() < deadline) {
    retries.push(recovered.statusCode);
    expect(recovered.headers?.['Content-Type']).toBe('application/problem+json');
    await new Promise((resolve) => setTimeout(resolve, 250));
    recovered = await nlp({ text: TEXTS[0], tasks: ['entities'] }, 'spacy');
  }

  // The request it was running fails (502, or 503 if it is refused on a retry); until the new
  // process passes its ping, calls fail fast (503 with Retry-After, or 502 in the moment of death).
  expect([502, 503]).toContain(inFlight.statusCode);
  for (const status of retries) expect([502, 503]).toContain(status);
  expect(recovered.statusCode).toBe(200);
  expectPublicSchema(parse(recovered), [TEXTS[0]!], ['entities']);
  const after = (await endpoint.status()).containers.find((container) => container.hostname === 'nlp-spacy');
  expect(after).toMatchObject({ state: 'healthy', restarts: (before?.restarts ?? 0) + 1 });
  expect(after?.pid).not.toBe(before?.pid);
}, 120_000);

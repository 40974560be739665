import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient, ServiceUnavailable } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { apiEvent, fixture, invokeOutput, lambdaContext } from '../helpers.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';
import { sliceIn } from '../../support/slices.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
const APPLE = 'Apple is looking at buying U.K. startup for $1 billion 🍕';
const PIZZA = 'I love 🍕 New pizza.';

const call = (...args: Parameters<typeof apiEvent>) => handler(apiEvent(...args), lambdaContext());
/** The parsed body, after checking it against the OpenAPI schema documented for its status. */
const bodyOf = (response: { statusCode: number; body: string }) => {
  const body = JSON.parse(response.body);
  // Each engine has its own route; every route documents the same error responses.
  const path = response.statusCode === 200 ? `/nlp/${body.engine}` : '/nlp/spacy';
  expect(schemaErrors(responseSchemaName(path, 'post', response.statusCode), body)).toEqual([]);
  return body;
};

beforeEach(() => sagemaker.reset());

describe('POST /nlp/{engine} answers in the public schema', () => {
  it('spaCy entities (the default task), with the InvokeEndpoint call it made', async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(fixture('spacy-apple')));
    // act
    const response = await call({ engine: 'spacy', body: { text: APPLE } });
    // assess
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/json',
      'x-request-id': 'req-0001',
      'Access-Control-Allow-Origin': '*',
      'Server-Timing': expect.stringMatching(/^model;dur=\d+\.\d, gateway;dur=\d+\.\d$/),
    });
    expect(bodyOf(response)).toEqual({
      engine: 'spacy',
      model: { name: 'en_core_web_sm', version: '3.8.0' },
      tasks: ['entities'],
      offsetEncoding: 'utf16',
      results: [
        {
          entities: [
            { text: 'Apple', label: 'ORG', start: 0, end: 5 },
            { text: 'U.K.', label: 'GPE', start: 27, end: 31 },
            { text: '$1 billion', label: 'MONEY', start: 44, end: 54 },
          ],
        },
      ],
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'nlp-gateway-test',
      TargetContainerHostname: 'nlp-spacy',
      ContentType: 'application/json',
      InferenceId: 'req-0001',
    });
  });

  it('TextBlob sentiment and tokens, POS mapped, code-point offsets on request', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(fixture('textblob-pizza')));
    const response = await call({
      engine: 'textblob',
      body: { texts: [PIZZA], tasks: ['sentiment', 'tokens'], offsetEncoding: 'codepoint' },
    });
    expect(response.statusCode).toBe(200);
    expect(bodyOf(response)).toEqual({
      engine: 'textblob',
      model: { name: 'textblob', version: '0.19.0' },
      tasks: ['sentiment', 'tokens'],
      offsetEncoding: 'codepoint',
      results: [
        {
          sentiment: { polarity: 0.5, subjectivity: 0.6 },
          tokens: [
            { text: 'I', start: 0, end: 1, pos: 'PRON', tag: 'PRP' },
            { text: 'love', start: 2, end: 6, pos: 'VERB', tag: 'VBP' },
            { text: '🍕', start: 7, end: 8, pos: 'NOUN', tag: 'NN' },
            { text: 'New', start: 9, end: 12, pos: 'PROPN', tag: 'NNP' },
            { text: 'pizza', start: 13, end: 18, pos: 'NOUN', tag: 'NN' },
            { text: '.', start: 18, end: 19, pos: 'PUNCT', tag: '.' },
          ],
        },
      ],
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, { TargetContainerHostname: 'nlp-textblob' });
    const sent = sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(sent))).toEqual({ texts: [PIZZA], tasks: ['sentiment', 'tokens'] });
  });

  it.each([
    ['spacy', 'spacy-syntax', 'nlp-spacy'],
    ['textblob', 'textblob-sentences', 'nlp-textblob'],
  ])('%s from a real container capture, in grapheme offsets, every span the exact slice', async (engine, name, hostname) => {
    // prepare
    const { texts, tasks, native } = fixture(name) as { texts: string[]; tasks: string[]; native: unknown };
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(native));
    // act
    const response = await call({ engine, body: { texts, tasks, offsetEncoding: 'grapheme' } });
    // assess
    expect(response.statusCode).toBe(200);
    const body = bodyOf(response) as { tasks: string[]; results: Array<Record<string, unknown>> };
    expect(body.tasks).toEqual(tasks);
    body.results.forEach((result, i) => {
      const spans = Object.values(result).flatMap((field) =>
        Array.isArray(field) ? (field as Array<{ text: string; start: number; end: number }>) : [],
      );
      expect(spans.length).toBeGreaterThan(3);
      for (const span of spans) expect(sliceIn(texts[i] as string, span.start, span.end, 'grapheme')).toBe(span.text);
    });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, { TargetContainerHostname: hostname });
  });
});

const json = { 'Content-Type': 'application/json' };
const tokensFor = (count: number) => ({
  model: { name: 'en_core_web_sm', version: '3.8.0' },
  docs: [{ tokens: Array.from({ length: count }, (_, i) => ({ start: i, end: i + 1, lemma: '.', pos: 'PUNCT', tag: '.' })) }],
});

describe('every error is problem+json with the right status', () => {
  it.each([
    ['a body that is not JSON', { rawBody: '{"text": "unterminated' }, 400, 'invalid-json'],
    ['an empty body', { rawBody: '' }, 400, 'invalid-json'],
    [
      'a body that is not UTF-8',
      { rawBody: Buffer.from([0x7b, 0xff, 0x7d]).toString('base64'), isBase64Encoded: true },
      400,
      'invalid-json',
    ],
    ['an unknown engine', { engine: 'nltk', body: { text: 'x' } }, 404, 'unknown-engine'],
    ['a body over 1 MiB', { rawBody: JSON.stringify({ text: 'a'.repeat(1024 * 1024) }) }, 413, 'body-too-large'],
    ['65 texts', { body: { texts: Array(65).fill('x') } }, 413, 'too-many-texts'],
    ['a text over 100 000 characters', { body: { text: 'a'.repeat(100_001) } }, 413, 'text-too-long'],
    ['over 100 000 characters in all', { body: { texts: ['a'.repeat(60_000), 'a'.repeat(60_000)] } }, 413, 'too-much-text'],
    ['no content type', { headers: {}, body: { text: 'x' } }, 415, 'unsupported-media-type'],
    ['text/plain', { headers: { 'content-type': 'text/plain' }, body: { text: 'x' } }, 415, 'unsupported-media-type'],
    [
      'a non-UTF-8 charset',
      { headers: { 'Content-Type': 'application/json; charset=latin1' }, body: { text: 'x' } },
      415,
      'unsupported-media-type',
    ],
    ['JSON that is not an object', { headers: json, body: [1, 2] }, 422, 'validation-failed'],
    ['an unknown property', { body: { text: 'x', lang: 'en' } }, 422, 'validation-failed'],
    ['an unknown task', { body: { text: 'x', tasks: ['summarise'] } }, 422, 'validation-failed'],
    ['a task the engine does not support', { engine: 'spacy', body: { text: 'x', tasks: ['sentiment'] } }, 422, 'unsupported-task'],
  ])('%s → %i', async (_name, options, status, slug) => {
    const response = await call(options);
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'x-request-id': 'req-0001' });
    expect(bodyOf(response)).toMatchObject({ type: `/problems/${slug}`, status, requestId: 'req-0001', instance: expect.any(String) });
    expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
  });

  it('checks in the documented order: content type, size, syntax, schema, limits, engine', async () => {
    const cases = [
      [{ engine: 'nltk', headers: { 'content-type': 'text/plain' }, rawBody: 'x'.repeat(2 * 1024 * 1024) }, 415],
      [{ engine: 'nltk', rawBody: `{${'x'.repeat(2 * 1024 * 1024)}` }, 413],
      [{ engine: 'nltk', rawBody: '{bad' }, 400],
      [{ engine: 'nltk', body: { texts: Array(65).fill('x'), extra: 1 } }, 422],
      [{ engine: 'nltk', body: { texts: Array(65).fill('x') } }, 413],
      [{ engine: 'nltk', body: { text: 'x', tasks: ['sentiment'] } }, 404],
    ] as const;
    for (const [options, status] of cases) {
      expect((await call(options)).statusCode).toBe(status);
    }
  });

  it.each([
    [
      'the container failed (ModelError)',
      () => new ModelError({ message: 'x', OriginalStatusCode: 500, $metadata: { httpStatusCode: 424 } }),
      502,
      undefined,
    ],
    ['the endpoint is unavailable', () => new ServiceUnavailable({ message: 'x', $metadata: { httpStatusCode: 503 } }), 503, '5'],
    ['the deadline passed', () => Object.assign(new Error('aborted'), { name: 'AbortError' }), 504, undefined],
    ['a defect', () => new TypeError('cannot read properties of undefined'), 500, undefined],
  ])('%s → %i, with a detail that reveals nothing internal', async (_name, failure, status, retryAfter) => {
    sagemaker.on(InvokeEndpointCommand).rejects(failure());
    const response = await call({ body: { text: 'x' } });
    expect(response.statusCode).toBe(status);
    expect(response.headers?.['Retry-After']).toBe(retryAfter);
    const problem = bodyOf(response);
    expect(Object.keys(problem).sort()).toEqual(['detail', 'instance', 'requestId', 'status', 'title', 'type']);
    expect(response.body).not.toMatch(/TypeError|cannot read|at .*\.js|stack/);
  });

  it('answers 502 when the container output is not its documented format', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ docs: 'nonsense' }));
    const response = await call({ body: { text: 'x' } });
    expect(response.statusCode).toBe(502);
    expect(bodyOf(response).type).toBe('/problems/engine-failed');
  });

  it('answers 413 naming the limit when the normalised result would be over 5 MB', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(tokensFor(100_000)));
    const response = await call({ body: { text: '.'.repeat(100_000), tasks: ['tokens'] } });
    expect(response.statusCode).toBe(413);
    expect(bodyOf(response)).toMatchObject({ type: '/problems/result-too-large', limit: 5_000_000 });
  });
});

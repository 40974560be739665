import httpJsonBodyParser from '@middy/http-json-body-parser';
import { jsonResponse } from '../../../handlers/http.js';
import { jsonBody, parserProblem } from '../../../handlers/middleware/json-body.js';
import { apiRoute } from '../../../handlers/route.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { apiEvent, lambdaContext } from '../helpers.js';

/** The real chain every route starts with, the JSON body middlewares, and a handler that echoes the parsed body. */
const echo = apiRoute()
  .use(jsonBody())
  .handler(async (event) => jsonResponse(200, JSON.stringify({ body: event.body })));

const send = (options: Parameters<typeof apiEvent>[0]) => echo(apiEvent(options), lambdaContext());
const base64 = (bytes: Buffer) => bytes.toString('base64');

describe('jsonBody: the body parser behind the size and encoding checks', () => {
  it.each([
    ['a JSON object', { rawBody: '{"text":"a"}' }, { text: 'a' }],
    ['a base64 body', { rawBody: base64(Buffer.from('{"text":"é"}')), isBase64Encoded: true }, { text: 'é' }],
    ['a base64 body with a byte-order mark', { rawBody: base64(Buffer.from('\ufeff{"text":"a"}')), isBase64Encoded: true }, { text: 'a' }],
    ['a content type header in capitals', { rawBody: '{"text":"a"}', headers: { 'CONTENT-TYPE': 'application/json' } }, { text: 'a' }],
  ])('parses %s', async (_name, options, body) => {
    const response = await send(options);
    expect({ status: response.statusCode, body: JSON.parse(response.body).body }).toEqual({ status: 200, body });
  });

  // serverless-offline hands a JSON body of `false` or `0` over already parsed; it must still get
  // the schema's 422 (JSON that is not an object), never a 500.
  it.each([false, 0])('treats a body serverless-offline passed parsed (%p) as its JSON text', async (value) => {
    // prepare
    const event = { ...apiEvent({ rawBody: '{}' }), body: value as unknown as string };
    // act
    const response = await echo(event, lambdaContext());
    // assess
    expect({ status: response.statusCode, body: JSON.parse(response.body).body }).toEqual({ status: 200, body: value });
  });

  // The parser's own answers (415, and 422 for malformed JSON, for a forbidden key, and for a body too
  // deep for its key check) mapped onto the documented problems, plus the checks made before it.
  it.each([
    ['malformed JSON (the parser: 422)', { rawBody: '{"text": "a"' }, 400, 'invalid-json', /^The body is not valid JSON: .+\.$/],
    ['an empty body (the parser: 422)', { rawBody: '' }, 400, 'invalid-json', /^The body is not valid JSON: /],
    ['no body at all (the parser: 422)', { rawBody: null }, 400, 'invalid-json', /^The body is not valid JSON: /],
    [
      'a __proto__ key (the parser: 422 forbidden key)',
      { rawBody: '{"text":"a","__proto__":{"x":1}}' },
      422,
      'validation-failed',
      /"__proto__" property/,
    ],
    [
      'a nested constructor.prototype (the parser: 422 forbidden key)',
      { rawBody: '{"text":"a","x":{"constructor":{"prototype":{}}}}' },
      422,
      'validation-failed',
      /"constructor" property/,
    ],
    [
      'JSON nested 50 000 deep (the parser: 422 malformed)',
      { rawBody: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
      422,
      'validation-failed',
      /nested too deeply/,
    ],
    [
      'invalid UTF-8 (checked before the parser)',
      { rawBody: base64(Buffer.from([0x7b, 0xff, 0x7d])), isBase64Encoded: true },
      400,
      'invalid-json',
      /not valid UTF-8/,
    ],
    [
      'a body over 1 MiB (checked before the parser)',
      { rawBody: ' '.repeat(1024 * 1024 + 1) },
      413,
      'body-too-large',
      /the limit is 1048576 bytes \(1 MiB\)/,
    ],
    [
      'a non-JSON content type (checked before the parser)',
      { rawBody: '{}', headers: { 'Content-Type': 'text/plain' } },
      415,
      'unsupported-media-type',
      /"text\/plain"/,
    ],
  ])('answers %s with %i %s', async (_name, options, status, slug, detail) => {
    const response = await send(options);
    const problem = JSON.parse(response.body);
    expect({ status: response.statusCode, type: problem.type }).toEqual({ status, type: `/problems/${slug}` });
    expect(problem.detail).toMatch(detail);
    if (status === 422) expect(problem.errors).toEqual([expect.objectContaining({ path: '/' })]);
  });

  it("maps the parser's own 415 (its content-type check, which jsonBody leaves to the stricter one) to unsupported-media-type", async () => {
    // prepare: the real parser with its defaults, on a body it refuses
    const request = {
      event: apiEvent({ rawBody: '{}', headers: { 'Content-Type': 'text/plain' } }),
      context: lambdaContext(),
      internal: {},
    } as never;
    // act
    const thrown = await (async () => httpJsonBodyParser().before?.(request))().catch((error: unknown) => error);
    // assess
    const problem = parserProblem(thrown);
    expect(problem).toBeInstanceOf(ProblemError);
    expect((problem as ProblemError).slug).toBe('unsupported-media-type');
  });

  it("leaves errors that are not the parser's alone", () => {
    const error = new TypeError('x');
    expect(parserProblem(error)).toBe(error);
  });
});

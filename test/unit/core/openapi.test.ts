import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../../handlers/core/openapi.js';
import { AUTO_ORDER, ENGINES } from '../../../handlers/core/engines.js';
import { RESULT_SCHEMAS, resultField, TASKS } from '../../../handlers/core/contract.js';
import { schemaPrefix } from '../../../handlers/core/openapi-schemas.js';
import { checkPiiOptions, parseRequest, resolveEngine } from '../../../handlers/core/request.js';
import { schemaErrors } from '../../support/openapi.js';

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(openApiDocument() as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every problem type and every engine from the code', () => {
    const text = JSON.stringify(openApiDocument());
    for (const slug of ['invalid-json', 'unknown-engine', 'too-many-texts', 'unsupported-task', 'engine-timeout', 'result-too-large']) {
      expect(text).toContain(`/problems/${slug}`);
    }
  });

  it('gives each registry engine its own route, with its own task enum and result fields, and auto every task', () => {
    const document = openApiDocument();
    const analysis = (path: string) => path.startsWith('/nlp/') && path !== '/nlp/engines' && !/^\/nlp\/(uploads|jobs)\b/.test(path);
    const paths = Object.keys(document.paths).filter(analysis);
    expect(paths).toEqual([...ENGINES.map((engine) => `/nlp/${engine.name}`), '/nlp/auto']);
    for (const engine of ENGINES) {
      const prefix = schemaPrefix(engine.name);
      const schemas = document.components.schemas as Record<string, { properties: Record<string, { items?: { enum?: string[] } }> }>;
      expect(schemas[`${prefix}Request`]?.properties.tasks?.items?.enum).toEqual(engine.tasks);
      expect(Object.keys(schemas[`${prefix}Result`]?.properties ?? {})).toEqual(engine.tasks.map(resultField));
      const operations = document.paths as unknown as Record<
        string,
        { post?: { requestBody: { content: Record<string, { schema: { $ref?: string } }> } } }
      >;
      expect(operations[`/nlp/${engine.name}`]?.post?.requestBody.content['application/json']?.schema.$ref).toBe(
        `#/components/schemas/${prefix}Request`,
      );
    }
    expect(Object.keys((document.components.schemas as Record<string, { properties: object }>).AutoResult?.properties ?? {})).toEqual(
      TASKS.filter((task) => ENGINES.some((engine) => engine.tasks.includes(task))).map(resultField),
    );
  });

  it('documents the bulk jobs routes, each behind the API key', () => {
    const document = openApiDocument();
    const operations = document.paths as unknown as Record<string, Record<string, { security: unknown[]; operationId: string }>>;
    const jobs = ['/nlp/uploads', '/nlp/jobs', '/nlp/jobs/{id}', '/nlp/jobs/{id}/cancel'].map(
      (path) => Object.values(operations[path] ?? {})[0],
    );
    expect(jobs.map((operation) => operation?.operationId)).toEqual(['createUpload', 'createJob', 'getJob', 'cancelJob']);
    for (const operation of jobs) expect(operation?.security).toEqual([{ apiKey: [] }]);
  });

  it("publishes each of the contract's result schemas once, by name, and refers to it wherever a result holds it", () => {
    const schemas = openApiDocument().components.schemas as Record<string, { properties?: Record<string, unknown> }>;
    for (const name of Object.keys(RESULT_SCHEMAS)) expect(schemas[name]).toBeDefined();
    const ref = (name: string) => `#/components/schemas/${name}`;
    expect(schemas.SpacyResult?.properties?.entities).toMatchObject({ type: 'array', items: { $ref: ref('Entity') } });
    expect(schemas.TextblobResult?.properties?.sentiment).toEqual({ $ref: ref('Sentiment'), description: "The whole text's sentiment." });
    expect(schemas.Sentence?.properties?.sentiment).toMatchObject({ $ref: ref('Sentiment') });
    expect(schemas.Redaction?.properties?.items).toMatchObject({ items: { $ref: ref('RedactedItem') } });
    expect(schemas.PiiResult?.properties?.redacted).toMatchObject({ $ref: ref('Redaction') });
    expect(JSON.stringify(schemas)).not.toContain('"polarity":{"type":"number","minimum":-1,"maximum":1},"subjectivity"},"required"');
  });

  it.each([
    ['an ISO 639-1 code with alternatives', { code: 'de', confidence: 0.85, alternatives: [{ code: 'en', confidence: 0.13 }] }, true],
    ['`und` with confidence 0 and no alternatives', { code: 'und', confidence: 0, alternatives: [] }, true],
    ['`und` with a confidence', { code: 'und', confidence: 0.2, alternatives: [] }, false],
    ['`und` with alternatives', { code: 'und', confidence: 0, alternatives: [{ code: 'en', confidence: 0.1 }] }, false],
    ['an ISO 639-3 code', { code: 'deu', confidence: 0.9, alternatives: [] }, false],
    [
      'four alternatives',
      { code: 'de', confidence: 0.4, alternatives: ['en', 'nl', 'lb', 'da'].map((code) => ({ code, confidence: 0.1 })) },
      false,
    ],
  ])('its Language schema, documenting `und` for text with no letters, takes %s: %s', (_name, language, valid) => {
    expect(schemaErrors('Language', language).length === 0).toBe(valid);
    expect(JSON.stringify(openApiDocument().components.schemas.Language)).toContain('`und` (undetermined) with confidence 0');
  });

  it.each([
    ['spacy', { text: 'a', tasks: ['sentiment'] }],
    ['textblob', { text: 'a', tasks: ['syntax'] }],
    ['textblob', { text: 'a', tasks: ['entities'] }],
    ['langid', { text: 'a', tasks: ['tokens'] }],
  ])('its %s request schema refuses a task the engine lacks, as the gateway does (422): %j', (engine, body) => {
    expect(schemaErrors(`${schemaPrefix(engine)}Request`, body)).not.toEqual([]);
    expect(() => resolveEngine(engine, parseRequest(body))).toThrow('does not support');
  });

  it.each([
    [{ text: 'Hello' }],
    [{ texts: ['a', 'b'], tasks: ['tokens', 'sentiment'], offsetEncoding: 'utf8' }],
    [{ text: 'a', tasks: ['syntax', 'sentiment'], offsetEncoding: 'grapheme' }],
  ])('its auto request schema accepts what the gateway accepts: %j', (body) => {
    expect(() => parseRequest(body)).not.toThrow();
    expect(schemaErrors('AutoRequest', body)).toEqual([]);
  });

  it.each([
    [{}],
    [{ text: 'a', texts: ['b'] }],
    [{ text: '' }],
    [{ text: 'a', extra: 1 }],
    [{ text: 'a', tasks: ['summary'] }],
    [{ text: 'a', offsetEncoding: 'utf32' }],
    [['a']],
  ])('its request schemas reject what the gateway rejects with 422: %j', (body) => {
    expect(() => parseRequest(body)).toThrow();
    for (const name of ['AutoRequest', ...ENGINES.map((engine) => `${schemaPrefix(engine.name)}Request`)])
      expect(schemaErrors(name, body)).not.toEqual([]);
  });

  it.each([
    ['AutoRequest', { text: 'a', pii: { operator: 'mask' } }, true],
    ['AutoRequest', { text: 'a', tasks: ['entities', 'redact'], pii: { operator: 'mask' } }, true],
    ['AutoRequest', { text: 'a', tasks: ['entities'], pii: { operator: 'mask' } }, false],
    ['AutoRequest', { text: 'a', tasks: ['entities'] }, true],
    ['PiiRequest', { text: 'a', pii: {} }, true],
    ['PiiRequest', { text: 'a', tasks: ['redact'], pii: { allowList: ['Ann'] } }, true],
    ['PiiRequest', { text: 'a', pii: { types: ['PASSPORT'] } }, false],
    ['SpacyRequest', { text: 'a', pii: {} }, false],
  ])('its %s schema takes %j: %s, as the gateway does (pii options only with a task that reads them)', (schema, body, valid) => {
    expect(schemaErrors(schema, body).length === 0).toBe(valid);
    let accepted = true;
    try {
      const request = parseRequest(body);
      const engine = schema === 'AutoRequest' ? undefined : schema.replace('Request', '').toLowerCase();
      const tasks = engine ? resolveEngine(engine, request).tasks : (request.tasks ?? AUTO_ORDER.flatMap((auto) => auto.defaultTasks));
      checkPiiOptions(request, tasks);
    } catch {
      accepted = false;
    }
    expect(accepted).toBe(valid);
  });
});

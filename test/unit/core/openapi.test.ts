import { Validator } from '@seriousme/openapi-schema-validator';
import { openApiDocument } from '../../../handlers/core/openapi.js';
import { parseRequest } from '../../../handlers/core/request.js';
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
    expect(openApiDocument().paths['/nlp/{engine}'].post.parameters?.[0]?.schema.enum).toEqual(['spacy', 'textblob']);
  });

  it.each([
    [{ text: 'Hello' }],
    [{ texts: ['a', 'b'], tasks: ['tokens', 'sentiment'], offsetEncoding: 'utf8' }],
  ])('its request schema accepts what the gateway accepts: %j', (body) => {
    expect(() => parseRequest(body)).not.toThrow();
    expect(schemaErrors('NlpRequest', body)).toEqual([]);
  });

  it.each([
    [{}],
    [{ text: 'a', texts: ['b'] }],
    [{ text: '' }],
    [{ text: 'a', extra: 1 }],
    [{ text: 'a', tasks: ['summary'] }],
    [{ text: 'a', offsetEncoding: 'utf32' }],
    [['a']],
  ])('its request schema rejects what the gateway rejects with 422: %j', (body) => {
    expect(() => parseRequest(body)).toThrow();
    expect(schemaErrors('NlpRequest', body)).not.toEqual([]);
  });
});

import { apiEvent, lambdaContext } from '../helpers.js';
import { schemaErrors } from '../../support/openapi.js';

const { handler } = await import('../../../handlers/engines.js');

describe('GET /nlp/engines', () => {
  it('lists every engine with its tasks, defaults and model, and the request limits', async () => {
    // act
    const response = await handler(apiEvent({ method: 'GET', path: '/nlp/engines', rawBody: null, headers: {} }), lambdaContext());
    // assess
    expect(response.statusCode).toBe(200);
    expect(schemaErrors('Engines', JSON.parse(response.body))).toEqual([]);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-request-id': 'req-0001' });
    expect(JSON.parse(response.body)).toEqual({
      engines: [
        { name: 'spacy', tasks: ['tokens', 'sentences', 'entities', 'nounPhrases', 'syntax'], defaultTasks: ['entities'], model: { name: 'en_core_web_sm', version: '3.8.0' } },
        { name: 'textblob', tasks: ['tokens', 'sentences', 'nounPhrases', 'sentiment'], defaultTasks: ['sentiment'], model: expect.objectContaining({ name: 'textblob' }) },
      ],
      autoOrder: ['spacy', 'textblob'],
      limits: { maxBodyBytes: 1_048_576, maxTexts: 64, maxTextCharacters: 100_000, maxTotalCharacters: 100_000, maxResponseBytes: 5_000_000 },
    });
  });
});

import { PII } from '../../../handlers/core/contract.js';
import { REGISTRY } from '../../../handlers/core/registry.js';
import { apiEvent, lambdaContext } from '../helpers.js';
import { schemaErrors } from '../../support/openapi.js';

const { handler } = await import('../../../handlers/list-engines.js');

/** The pii engine's option limits, as a client reads them. */
const PII_OPTIONS = { operators: ['replace', 'mask', 'remove'], maxAllowList: 100, maxAllowListEntryCharacters: 200 };

describe('GET /nlp/engines', () => {
  it('lists every engine with its tasks, defaults and model (the pii engine with its types and option limits), and the request limits', async () => {
    // act
    const response = await handler(apiEvent({ method: 'GET', path: '/nlp/engines', rawBody: null, headers: {} }), lambdaContext());
    // assess
    expect(response.statusCode).toBe(200);
    expect(schemaErrors('Engines', JSON.parse(response.body))).toEqual([]);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-request-id': 'req-0001' });
    // Every registry engine with its public fields only (no hostname, container or environment), in registry order.
    expect(JSON.parse(response.body)).toEqual({
      engines: REGISTRY.engines.map(({ name, tasks, defaultTasks, model }) => ({
        name,
        tasks,
        defaultTasks,
        model,
        ...(tasks.includes('pii') ? { piiTypes: PII.types, piiOptions: PII_OPTIONS } : {}),
      })),
      autoOrder: REGISTRY.autoOrder,
      limits: {
        maxBodyBytes: 1_048_576,
        maxTexts: 64,
        maxTextCharacters: 100_000,
        maxTotalCharacters: 100_000,
        maxResponseBytes: 5_000_000,
      },
    });
  });
});

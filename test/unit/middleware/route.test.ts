import { jsonResponse } from '../../../handlers/http.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { apiRoute } from '../../../handlers/route.js';
import { apiEvent, lambdaContext } from '../helpers.js';

const ok = apiRoute().handler(async () => jsonResponse(200, '{}'));
const failing = (error: Error) => apiRoute().handler(async () => Promise.reject(error));

describe('the middlewares every route starts with', () => {
  it.each([
    ['a served request', ok, 200],
    ['a rejected request', failing(new ProblemError('unknown-engine', 'no such engine')), 404],
    ['a failed request (503, with Retry-After)', failing(new ProblemError('engine-unavailable', 'busy', { retryAfter: 1 })), 503],
    ['a defect', failing(new TypeError('boom')), 500],
  ])('give %s its request id, CORS and Server-Timing headers', async (_name, handler, status) => {
    // act
    const response = await handler(apiEvent(), lambdaContext());
    // assess
    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'x-request-id': 'req-0001',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Expose-Headers': 'x-request-id, Server-Timing, Retry-After',
      'Server-Timing': expect.stringMatching(/^model;dur=0\.0, gateway;dur=\d+\.\d$/),
    });
  });

  it('makes up a request id when API Gateway gives none, and uses it in the problem too', async () => {
    const event = { ...apiEvent(), requestContext: {} as never };
    const response = await failing(new ProblemError('unknown-engine', 'no such engine'))(event, lambdaContext());
    const id = response.headers?.['x-request-id'];
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.body).requestId).toBe(id);
  });

  it('keeps no request state between invocations: each context gets its own', async () => {
    const context = lambdaContext();
    await ok({ ...apiEvent(), requestContext: { requestId: 'first' } as never }, context);
    const second = await ok({ ...apiEvent(), requestContext: { requestId: 'second' } as never }, lambdaContext());
    expect(second.headers?.['x-request-id']).toBe('second');
  });
});

import { Validator } from '@seriousme/openapi-schema-validator';
import { apiEvent, lambdaContext } from '../helpers.js';

const { handler } = await import('../../../handlers/docs.js');

describe('GET /openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document with the request id', async () => {
    const response = await handler(apiEvent({ method: 'GET', path: '/openapi.json', rawBody: null, headers: {} }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({ 'Content-Type': 'application/json', 'x-request-id': 'req-0001' });
    const document = JSON.parse(response.body);
    expect(document.openapi).toBe('3.1.0');
    expect((await new Validator().validate(document)).valid).toBe(true);
  });
});

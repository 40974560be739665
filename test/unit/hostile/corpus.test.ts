/**
 * The malformed-request corpus, through the real Middy handler with the SDK mocked: every request
 * gets its 4xx as problem+json matching the OpenAPI schema, nothing is sent to SageMaker, and the
 * same handler still answers a valid request afterwards.
 */
import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { apiEvent, fixture, invokeOutput, lambdaContext } from '../helpers.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';
import { CORPUS, type HostileRequest } from './corpus.js';

process.env.SAGEMAKER_ENDPOINT_NAME = 'nlp-gateway-test';
const { handler } = await import('../../../handlers/nlp.js');

const sagemaker = mockClient(SageMakerRuntimeClient);
/** No problem needs more than this, besides what it names of the request; more would list every wrong item. */
const MAX_PROBLEM_BYTES = 16 * 1024;

function eventOf(request: HostileRequest): APIGatewayProxyEvent {
  const event = apiEvent({ engine: request.engine, rawBody: request.body, headers: request.headers, isBase64Encoded: request.base64 });
  return request.edit ? request.edit(event) : event;
}

beforeAll(() => {
  sagemaker.reset();
  sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput(fixture('spacy-apple')));
});

it('holds at least 100 malformed requests, each with a distinct name', () => {
  expect(CORPUS.length).toBeGreaterThanOrEqual(100);
  expect(new Set(CORPUS.map((request) => request.name)).size).toBe(CORPUS.length);
});

describe.each(['400', '404', '413', '415', '422'])('%s', (group) => {
  it.each(CORPUS.filter((request) => String(request.status) === group).map((request) => [request.name, request] as const))(
    '%s',
    async (_name, request) => {
      // act
      const response = await handler(eventOf(request), lambdaContext());
      // assess
      expect(response.statusCode).toBe(request.status);
      expect(response.headers?.['Content-Type']).toBe('application/problem+json');
      const problem = JSON.parse(response.body);
      expect(schemaErrors(responseSchemaName('/nlp/spacy', 'post', request.status), problem)).toEqual([]);
      expect(problem).toMatchObject({ status: request.status, type: `/problems/${request.slug}`, requestId: 'req-0001' });
      expect(Buffer.byteLength(response.body)).toBeLessThan(MAX_PROBLEM_BYTES + 2 * 3 * (request.echoes ?? 0));
      expect(response.body).not.toMatch(/\bat .+\.(js|ts):\d+|Error:|TypeError|RangeError/);
      expect(sagemaker).not.toHaveReceivedCommand(InvokeEndpointCommand);
    },
  );
});

it('still answers a valid request with 200 after the whole corpus (no crashed worker)', async () => {
  // act
  const response = await handler(
    apiEvent({ engine: 'spacy', body: { text: 'Apple is looking at buying U.K. startup for $1 billion 🍕' } }),
    lambdaContext(),
  );
  // assess
  expect(response.statusCode).toBe(200);
  expect(JSON.parse(response.body).results[0].entities[0]).toEqual({ text: 'Apple', label: 'ORG', start: 0, end: 5 });
  expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, { TargetContainerHostname: 'nlp-spacy' });
});

/** Literal API Gateway events and Lambda contexts for handler tests, and the native fixtures. */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/native/${name}.json`, import.meta.url), 'utf8'));
}

interface EventOptions {
  engine?: string;
  body?: unknown;
  rawBody?: string | null;
  headers?: Record<string, string>;
  isBase64Encoded?: boolean;
  method?: string;
  path?: string;
}

export function apiEvent({
  engine = 'spacy',
  body,
  rawBody,
  headers,
  isBase64Encoded = false,
  method = 'POST',
  path,
}: EventOptions = {}): APIGatewayProxyEvent {
  return {
    resource: '/nlp/{engine}',
    path: path ?? `/nlp/${engine}`,
    httpMethod: method,
    headers: headers ?? { 'Content-Type': 'application/json', 'x-api-key': 'test-key' },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { engine },
    stageVariables: null,
    requestContext: { requestId: 'req-0001' } as APIGatewayProxyEvent['requestContext'],
    body: rawBody !== undefined ? rawBody : JSON.stringify(body),
    isBase64Encoded,
  };
}

export function lambdaContext(remainingMs = 30_000): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'nlp-gateway-test-nlp',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:nlp-gateway-test-nlp',
    memoryLimitInMB: '512',
    awsRequestId: 'lambda-0001',
    logGroupName: '/aws/lambda/nlp-gateway-test-nlp',
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The body a mocked InvokeEndpoint returns. */
export const invokeOutput = (native: unknown) => ({
  Body: new TextEncoder().encode(JSON.stringify(native)) as never,
  ContentType: 'application/json',
  $metadata: {},
});

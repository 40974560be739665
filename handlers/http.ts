/** API Gateway (REST, proxy integration) types, the per-request context, and the one way a response is built. */
import type middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { findEngine } from './core/engines.js';

/** What the gateway keeps about one request while serving it. */
export interface RequestState {
  /** Names the request in responses, logs and SageMaker's InferenceId. */
  requestId: string;
  /** Milliseconds the handler spent waiting for the engines (Server-Timing's `model`). */
  modelMs: number;
  /** What the handler was asked to do, for the access log: counts and names, never the text. */
  work?: { tasks: readonly string[]; texts: number; characters: number };
}

/**
 * The state lives on the invocation's Lambda context, Middy's way of sharing per-request state
 * with a handler (which sees only the event and the context): `requestId()` puts it there first.
 */
const STATE = 'gatewayRequest';

export function beginRequest(context: Context, requestId: string): RequestState {
  const state: RequestState = { requestId, modelMs: 0 };
  Object.assign(context, { [STATE]: state });
  return state;
}

export function requestState(context: Context): RequestState {
  const state = (context as Context & { [STATE]?: RequestState })[STATE];
  if (!state) throw new Error('requestState() needs the requestId middleware in the chain');
  return state;
}

export type ApiRequest = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;
export type ApiMiddleware = middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** An API Gateway event whose JSON body has been parsed (by `jsonBody`). */
export type JsonEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

/**
 * The body as the text the client sent. API Gateway always hands it over as a string (or null);
 * serverless-offline hands a JSON body of `false` or `0` over already parsed.
 */
export const rawBody = (body: unknown): string =>
  typeof body === 'string' ? body : body === null || body === undefined ? '' : JSON.stringify(body);

export function jsonResponse(statusCode: number, body: string, contentType = 'application/json'): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': contentType }, body };
}

/** Adds headers to the request's response (a 204 when the handler gave none). */
export function addHeaders(request: ApiRequest, headers: Record<string, string>): void {
  const response = request.response ?? jsonResponse(204, '');
  request.response = { ...response, headers: { ...response.headers, ...headers } };
}

/** The engine a request names, as a metric dimension or log field: a registry name, never a raw path segment. */
export function engineLabel(event: APIGatewayProxyEvent): string {
  const name = event.pathParameters?.engine;
  if (name === undefined) return 'none';
  return findEngine(name) || name === 'auto' ? name : 'unknown';
}

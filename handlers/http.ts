/** API Gateway (REST, proxy integration) types, per-request state, and the one way a response is built. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** What the gateway records about a request while serving it. */
export interface RequestState {
  requestId: string;
  startedAt: number;
  /** Milliseconds spent waiting for the engines, for Server-Timing. */
  modelMs: number;
}

const states = new WeakMap<Context, RequestState>();

export function beginRequest(context: Context, requestId: string): RequestState {
  const state = { requestId, startedAt: performance.now(), modelMs: 0 };
  states.set(context, state);
  return state;
}

/** The state `apiResponses` began for this invocation. */
export function requestState(context: Context): RequestState {
  const state = states.get(context);
  if (!state) throw new Error('requestState() needs the apiResponses middleware in the chain');
  return state;
}

/** An API Gateway event whose JSON body has been parsed (by `jsonBody`). */
export type JsonEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

export function jsonResponse(statusCode: number, body: string, contentType = 'application/json'): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': contentType }, body };
}

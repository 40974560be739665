/** API Gateway (REST, proxy integration) types and the one way a response is built. */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';

/** The Lambda context plus what the gateway's middlewares record about the request. */
export interface GatewayContext extends Context {
  requestId: string;
  /** Milliseconds spent waiting for the engines, for Server-Timing. */
  modelMs: number;
}

/** An API Gateway event whose JSON body has been parsed (by `jsonBody`). */
export type JsonEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

export function jsonResponse(statusCode: number, body: string, contentType = 'application/json'): APIGatewayProxyResult {
  return { statusCode, headers: { 'Content-Type': contentType }, body };
}

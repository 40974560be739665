/**
 * The SageMaker Runtime wire format (restJson1) of InvokeEndpoint's answers: the success headers,
 * and each error as the service sends it, named by `x-amzn-ErrorType` with a JSON body that the
 * SDKs turn into their error classes (ValidationError, ModelError, ModelNotReadyException, ...).
 */
import type { ServerResponse } from 'node:http';

/** SageMaker's payload limit, for requests and responses. */
export const maxPayloadBytes = 6 * 1024 * 1024;
export const productionVariant = 'AllTraffic';
export const accountId = '000000000000';

export interface ServiceError {
  status: number;
  /** The `x-amzn-ErrorType`; absent where the service sends none (its 413). */
  type?: string;
  body: Record<string, string | number>;
}

export const validationError = (message: string): ServiceError => ({
  status: 400,
  type: 'ValidationError',
  body: { ErrorCode: 'VALIDATION_ERROR', Message: message },
});

export const serviceUnavailable = (message: string): ServiceError => ({
  status: 503,
  type: 'ServiceUnavailable',
  body: { ErrorCode: 'SERVICE_UNAVAILABLE', Message: message },
});

export const modelNotReady = (message: string): ServiceError => ({
  status: 429,
  type: 'ModelNotReadyException',
  body: { ErrorCode: 'MODEL_NOT_READY', Message: message },
});

export const payloadTooLarge = (): ServiceError => ({
  status: 413,
  body: { message: `HTTP content length exceeded ${maxPayloadBytes} bytes.` },
});

export const unknownOperation = (): ServiceError => ({
  status: 404,
  type: 'UnknownOperationException',
  body: { message: 'Unknown operation: this local endpoint serves InvokeEndpoint only.' },
});

export interface ModelFailure {
  hostname: string;
  /** The container's HTTP status; 0 when it gave none (timed out, connection refused or reset). */
  originalStatus: number;
  originalMessage: string;
  logStreamArn: string;
  logUrl: string;
}

/** The service's ModelError: the container answered non-2xx, or did not answer at all. */
export function modelError({ hostname, originalStatus, originalMessage, logStreamArn, logUrl }: ModelFailure): ServiceError {
  const side = originalStatus >= 400 && originalStatus < 500 ? 'client' : 'server';
  return {
    status: 424,
    type: 'ModelError',
    body: {
      ErrorCode: `${side.toUpperCase()}_ERROR_FROM_MODEL`,
      Message: `Received ${side} error (${originalStatus}) from ${hostname} with message "${originalMessage}". See ${logUrl} for more information.`,
      OriginalStatusCode: originalStatus,
      OriginalMessage: originalMessage,
      LogStreamArn: logStreamArn,
    },
  };
}

export function timedOutMessage(hostname: string): string {
  return `Your invocation timed out while waiting for a response from container ${hostname}. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.`;
}

export function sendError(res: ServerResponse, requestId: string, error: ServiceError): void {
  const body = Buffer.from(JSON.stringify(error.body));
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': body.length,
    'x-amzn-RequestId': requestId,
  };
  if (error.type) headers['x-amzn-ErrorType'] = error.type;
  res.writeHead(error.status, headers).end(body);
}

export interface WireResult {
  body: Buffer;
  contentType: string;
  customAttributes?: string;
}

export function sendResult(res: ServerResponse, requestId: string, result: WireResult): void {
  const headers: Record<string, string | number> = {
    'Content-Type': result.contentType,
    'Content-Length': result.body.length,
    'x-Amzn-Invoked-Production-Variant': productionVariant,
    'x-amzn-RequestId': requestId,
  };
  if (result.customAttributes !== undefined) headers['X-Amzn-SageMaker-Custom-Attributes'] = result.customAttributes;
  res.writeHead(200, headers).end(result.body);
}

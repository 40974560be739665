/**
 * Names each request: API Gateway's request id (a fresh UUID when there is none) in the request's
 * state on the context (which it begins, for the handler and the other middlewares), in every log
 * line, and in the `x-request-id` response header.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { addHeaders, beginRequest, requestState, type ApiMiddleware, type ApiRequest } from '../http.js';

export function requestId(logger: Logger): ApiMiddleware {
  const respond = (request: ApiRequest) => addHeaders(request, { 'x-request-id': requestState(request.context).requestId });
  return {
    before: (request) => {
      const { requestId } = beginRequest(request.context, request.event.requestContext?.requestId || randomUUID());
      logger.appendKeys({ requestId });
    },
    after: respond,
    onError: respond,
  };
}

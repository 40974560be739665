/**
 * One log line per request: what was asked (engine, tasks, how many texts and characters, body
 * and response bytes) and how it ended. A 5xx also logs its underlying failure, with a stack that
 * points at the TypeScript sources. The submitted text is never logged.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { ProblemError, summarise } from '../core/problems.js';
import { engineLabel, rawBody, requestState, type ApiMiddleware, type ApiRequest } from '../http.js';
import { withSourceStack } from '../source-stack.js';

const bodyBytes = ({ body, isBase64Encoded }: { body: unknown; isBase64Encoded: boolean }) => {
  const text = rawBody(body);
  return isBase64Encoded ? Math.floor((text.length * 3) / 4) : Buffer.byteLength(text, 'utf8');
};

/** Middy's per-request store for middlewares. */
interface Internal {
  accessLogRequestBytes?: number;
}

function fields(request: ApiRequest) {
  const { work } = requestState(request.context);
  return {
    status: request.response?.statusCode,
    engine: engineLabel(request.event),
    ...(work ? { tasks: work.tasks, texts: work.texts, characters: work.characters } : {}),
    requestBytes: (request.internal as Internal).accessLogRequestBytes,
    responseBytes: request.response ? Buffer.byteLength(request.response.body, 'utf8') : 0,
  };
}

export function accessLog(logger: Logger): ApiMiddleware {
  return {
    before: (request) => {
      (request.internal as Internal).accessLogRequestBytes = bodyBytes(request.event);
    },
    after: (request) => {
      logger.info('request served', fields(request));
    },
    onError: (request) => {
      const { error } = request;
      const { status, type, detail } = summarise(error);
      if (status < 500) {
        logger.info('request rejected', { ...fields(request), type });
        return;
      }
      // The underlying failure (an SDK error, a defect) says what went wrong; the ProblemError around it only restates it.
      const cause = error instanceof ProblemError ? (error.cause ?? error.message) : error;
      logger.error('request failed', { ...fields(request), type, detail, error: withSourceStack(cause) });
    },
  };
}

/**
 * Every route's Middy chain starts the same way, one job per middleware: the Lambda context in the
 * logs, metrics flushed after each invocation, the request id, CORS, timing and metrics, one access
 * log line, and problem+json for anything thrown. A route adds what is its own (the JSON body) and
 * its handler. `after` and `onError` run in reverse order, so problemResponses, used last, builds
 * an error's response before the others add their headers and log it.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { corsAllowOrigin } from './config.js';
import { accessLog } from './middleware/access-log.js';
import { cors } from './middleware/cors.js';
import { problemResponses } from './middleware/problem-responses.js';
import { requestId } from './middleware/request-id.js';
import { requestMetrics } from './middleware/request-metrics.js';
import { logger, metrics } from './observability.js';

export const apiRoute = () =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    // Never the event, whatever POWERTOOLS_LOGGER_LOG_EVENT says: it holds the submitted text.
    .use(injectLambdaContext(logger, { logEvent: false }))
    .use(logMetrics(metrics))
    .use(requestId(logger))
    .use(cors({ allowOrigin: corsAllowOrigin() }))
    .use(requestMetrics(metrics))
    .use(accessLog(logger))
    .use(problemResponses());

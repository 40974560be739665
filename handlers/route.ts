/**
 * Every route's Middy chain starts the same way: the Lambda context in the logs, metrics flushed
 * after each invocation, and apiResponses (request id, Server-Timing, CORS, problem+json errors).
 * A route adds what is its own (the JSON body parser) and its handler.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { apiResponses } from './middleware/api-responses.js';
import { logger, metrics } from './observability.js';

export const apiRoute = () =>
  middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(apiResponses());

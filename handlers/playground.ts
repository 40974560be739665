/** `GET /playground`: a page to try the API in a browser. Public; it asks for the API key itself. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { apiResponses } from './middleware/api-responses.js';
import { logger, metrics } from './observability.js';
import { PAGE_HEADERS, PAGE_HTML } from './playground/page.js';

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(apiResponses())
  .handler(async () => ({ statusCode: 200, headers: PAGE_HEADERS, body: PAGE_HTML }));

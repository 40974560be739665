/** `GET /openapi.json`: the API's OpenAPI 3.1 document. Public: no API key needed. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { openApiDocument } from './core/openapi.js';
import { jsonResponse } from './http.js';
import { apiResponses } from './middleware/api-responses.js';
import { logger, metrics } from './observability.js';

const document = JSON.stringify(openApiDocument());

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(apiResponses())
  .handler(async () => jsonResponse(200, document));

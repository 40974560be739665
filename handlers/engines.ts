/** `GET /nlp/engines`: the engines, their tasks and models, auto's preference order and the request limits — from the registry. */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { AUTO_ORDER, ENGINES } from './core/engines.js';
import { LIMITS } from './core/limits.js';
import { jsonResponse } from './http.js';
import { apiResponses } from './middleware/api-responses.js';
import { logger, metrics } from './observability.js';

const body = JSON.stringify({
  engines: ENGINES.map(({ name, tasks, defaultTasks, model }) => ({ name, tasks, defaultTasks, model })),
  autoOrder: AUTO_ORDER.map((engine) => engine.name),
  limits: LIMITS,
});

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(apiResponses())
  .handler(async () => jsonResponse(200, body));

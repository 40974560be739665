/**
 * Every response of the API passes here: it gets the request id, Server-Timing and CORS headers;
 * any error becomes problem+json (RFC 9457) — 5xx with a generic detail only — and is logged and
 * counted by engine. The submitted text is never logged.
 */
import { randomUUID } from 'node:crypto';
import type middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { findEngine } from '../core/engines.js';
import { ProblemError, toProblem } from '../core/problems.js';
import { beginRequest, jsonResponse, requestState } from '../http.js';
import { logger, metrics } from '../observability.js';

interface Options {
  /** Value of Access-Control-Allow-Origin; the deployed stage sets it from serverless.yml's CORS settings. */
  allowOrigin: string;
}

const defaults: Options = { allowOrigin: process.env.CORS_ALLOW_ORIGIN ?? '*' };

type Request = middy.Request<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/** The engine dimension: a registry name, never a raw path segment (that would be unbounded). */
const engineOf = (event: APIGatewayProxyEvent) => {
  const name = event.pathParameters?.engine;
  return name === undefined ? 'none' : findEngine(name) || name === 'auto' ? name : 'unknown';
};

export function apiResponses(options: Partial<Options> = {}): middy.MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> {
  const { allowOrigin } = { ...defaults, ...options };

  const finish = (request: Request, response: APIGatewayProxyResult): APIGatewayProxyResult => {
    const { requestId, startedAt, modelMs } = requestState(request.context);
    const totalMs = performance.now() - startedAt;
    const gatewayMs = Math.max(0, totalMs - modelMs);
    metrics.addDimension('engine', engineOf(request.event));
    metrics.addMetric('Latency', MetricUnit.Milliseconds, totalMs);
    if (modelMs > 0) metrics.addMetric('ModelLatency', MetricUnit.Milliseconds, modelMs);
    return {
      ...response,
      headers: {
        ...response.headers,
        'x-request-id': requestId,
        'Server-Timing': `model;dur=${modelMs.toFixed(1)}, gateway;dur=${gatewayMs.toFixed(1)}`,
        'Access-Control-Allow-Origin': allowOrigin,
        'Access-Control-Expose-Headers': 'x-request-id, Server-Timing, Retry-After',
      },
    };
  };

  return {
    before: (request) => {
      const { requestId } = beginRequest(request.context, request.event.requestContext?.requestId || randomUUID());
      logger.appendKeys({ requestId });
    },
    after: (request) => {
      request.response = finish(request, request.response ?? jsonResponse(204, ''));
      logger.info('request served', { status: request.response.statusCode, engine: engineOf(request.event) });
    },
    onError: (request) => {
      const error = request.error;
      const problem = toProblem(error, request.event.path ?? '/', requestState(request.context).requestId);
      const log = { status: problem.status, type: problem.type, engine: engineOf(request.event) };
      // The underlying failure (an SDK error, a defect) says what went wrong; the ProblemError around it only restates it.
      if (problem.status >= 500) logger.error('request failed', { ...log, detail: problem.detail, error: error instanceof ProblemError ? error.cause ?? error.message : error });
      else logger.info('request rejected', log);
      metrics.addMetric(problem.status >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
      const response = jsonResponse(problem.status, JSON.stringify(problem), 'application/problem+json');
      if (error instanceof ProblemError && error.options.retryAfter !== undefined) {
        response.headers = { ...response.headers, 'Retry-After': String(error.options.retryAfter) };
      }
      request.response = finish(request, response);
    },
  };
}

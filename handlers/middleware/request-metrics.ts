/**
 * Times each request: a `Server-Timing` header that splits the engines' time (which the handler
 * adds to the request's `modelMs`) from the gateway's own, and the Latency, ModelLatency and error count
 * metrics by engine.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { addHeaders, engineLabel, requestState, type ApiMiddleware, type ApiRequest } from '../http.js';

/** Middy's per-request store for middlewares. */
interface Internal {
  requestMetricsStartedAt?: number;
}

export function requestMetrics(metrics: Metrics): ApiMiddleware {
  const respond = (request: ApiRequest) => {
    const totalMs = performance.now() - ((request.internal as Internal).requestMetricsStartedAt ?? performance.now());
    const { modelMs } = requestState(request.context);
    metrics.addDimension('engine', engineLabel(request.event));
    metrics.addMetric('Latency', MetricUnit.Milliseconds, totalMs);
    if (modelMs > 0) metrics.addMetric('ModelLatency', MetricUnit.Milliseconds, modelMs);
    const status = request.response?.statusCode ?? 500;
    if (status >= 400) metrics.addMetric(status >= 500 ? 'ServerErrors' : 'ClientErrors', MetricUnit.Count, 1);
    addHeaders(request, { 'Server-Timing': `model;dur=${modelMs.toFixed(1)}, gateway;dur=${Math.max(0, totalMs - modelMs).toFixed(1)}` });
  };
  return {
    before: (request) => {
      (request.internal as Internal).requestMetricsStartedAt = performance.now();
    },
    after: respond,
    onError: respond,
  };
}

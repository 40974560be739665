/**
 * Powertools logger and metrics, created once per Lambda environment. Logs carry the request id,
 * engine, tasks and sizes of a request; never its text.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from './core/engines.js';

export const logger = new Logger({ serviceName: SERVICE_NAME });
export const metrics = new Metrics({ namespace: 'NlpGateway', serviceName: SERVICE_NAME });

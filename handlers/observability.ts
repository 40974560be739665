/**
 * Powertools logger and metrics, created once per Lambda environment. Their service name and
 * namespace come from POWERTOOLS_SERVICE_NAME and POWERTOOLS_METRICS_NAMESPACE, which
 * serverless.yml sets (a value given here would silently win over them). What each request's log
 * line carries is accessLog's: never the submitted text.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger();
export const metrics = new Metrics();

/** The baseline plus Powertools' logger and metrics, created as the handlers create them: what they alone add to a cold start. */
export { handler } from './bare.js';
export { logger, metrics } from '../../handlers/observability.js';

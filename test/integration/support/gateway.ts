/**
 * The gateway's own handler, configured for a local endpoint exactly as the local stage configures
 * it (environment only), and called with literal API Gateway events.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { apiEvent, lambdaContext } from '../../unit/helpers.js';
import type { LocalEndpoint } from '../../../local/launch.js';

export type NlpHandler = (body: unknown, engine: string) => Promise<APIGatewayProxyResult>;

/** Sets the environment the handler reads at module load, then loads it. */
export async function loadNlpHandler(endpoint: LocalEndpoint, env: Record<string, string> = {}): Promise<NlpHandler> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: endpoint.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    SAGEMAKER_ENDPOINT_NAME: endpoint.endpointName,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    ...env,
  });
  const { handler } = await import('../../../handlers/nlp.js');
  return (body, engine) => handler(apiEvent({ engine, body }), lambdaContext()) as Promise<APIGatewayProxyResult>;
}

export const parse = (response: APIGatewayProxyResult) => JSON.parse(response.body) as Record<string, unknown>;

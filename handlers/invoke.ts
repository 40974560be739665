/** One engine's container, invoked through the adapter within the gateway's deadline (and what is left of the Lambda's time). */
import { invokeContainer, type RuntimeClient } from './adapters/sagemaker.js';
import type { ContainerRequest } from './core/analyse.js';
import type { Engine } from './core/engines.js';
import type { GatewayConfig } from './config.js';

export async function invokeWithinDeadline(
  client: RuntimeClient,
  config: Pick<GatewayConfig, 'endpointName' | 'deadlineMs'>,
  call: { engine: Engine; payload: ContainerRequest; inferenceId: string; remainingMs: number },
): Promise<unknown> {
  const deadline = Date.now() + Math.min(config.deadlineMs, call.remainingMs - 500);
  const { body } = await invokeContainer(client, {
    endpointName: config.endpointName,
    engine: call.engine.name,
    hostname: call.engine.hostname,
    payload: call.payload,
    inferenceId: call.inferenceId,
    deadline,
  });
  return body;
}

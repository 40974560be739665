/**
 * All containers of the endpoint. The endpoint is `Creating` until every container has passed its
 * first ping, then `InService`, as a SageMaker endpoint is; `Stopping` once shutdown has begun.
 */
import { EventEmitter } from 'node:events';
import type { EndpointConfig } from './config.js';
import { Container, type ContainerStatus } from './container.js';
import { launcherFor } from './launchers.js';
import { safePortRange } from './ports.js';
import type { EndpointDefinition } from './endpoint-definition.js';

export type EndpointState = 'Creating' | 'InService' | 'Stopping';

export interface SupervisorStatus {
  status: EndpointState;
  containers: ContainerStatus[];
}

export class Supervisor extends EventEmitter<{ change: [SupervisorStatus] }> {
  private readonly containers: Map<string, Container>;
  private stopping = false;

  constructor(definition: EndpointDefinition, config: EndpointConfig, endpointPort: number) {
    super();
    this.containers = new Map(
      definition.containers.map((container, index) => [
        container.hostname,
        new Container(container, safePortRange(index, endpointPort), config, launcherFor(container, definition, config), () =>
          this.emit('change', this.status()),
        ),
      ]),
    );
  }

  get endpointStatus(): EndpointState {
    if (this.stopping) return 'Stopping';
    return [...this.containers.values()].every((container) => container.status().everHealthy) ? 'InService' : 'Creating';
  }

  container(hostname: string): Container | undefined {
    return this.containers.get(hostname);
  }

  get hostnames(): string[] {
    return [...this.containers.keys()];
  }

  status(): SupervisorStatus {
    return { status: this.endpointStatus, containers: [...this.containers.values()].map((container) => container.status()) };
  }

  async start(): Promise<void> {
    await Promise.all([...this.containers.values()].map((container) => container.start()));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.containers.values()].map((container) => container.stop()));
  }

  killNow(): void {
    for (const container of this.containers.values()) container.killNow();
  }
}

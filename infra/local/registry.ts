/**
 * The endpoint's containers, derived from the engine registry that CloudFormation also reads
 * (handlers/core/engines.json): one container per engine, addressed by its hostname, started from
 * its folder's `serve` with the container environment of the registry entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fromRoot } from './config.js';

const registrySchema = z.object({
  service: z.string().min(1),
  engines: z
    .array(
      z.object({
        name: z.string().min(1),
        hostname: z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, 'a container hostname'),
        container: z.string().min(1),
        /** Image mode runs this local image instead of the one built from `container` (bring your own). */
        image: z.string().min(1).optional(),
        environment: z.record(z.string(), z.string()).default({}),
      }),
    )
    .min(1)
    .max(15, 'a SageMaker endpoint holds at most 15 containers'),
});

export interface ContainerDefinition {
  /** The engine's public name, which names its image. */
  name: string;
  hostname: string;
  /** The container's folder, as the registry gives it (relative to the repository). */
  container: string;
  /** The registry's own image for it, if any; otherwise image mode runs the image built from `container`. */
  image?: string;
  /** Absolute path of the container's `serve` entry point. */
  serve: string;
  environment: Record<string, string>;
}

export interface EndpointDefinition {
  service: string;
  containers: ContainerDefinition[];
}

export function loadEndpointDefinition(enginesFile: string): EndpointDefinition {
  const parsed = registrySchema.safeParse(JSON.parse(readFileSync(enginesFile, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${enginesFile} is not a valid engine registry: ${z.prettifyError(parsed.error)}`);
  }
  const { service, engines } = parsed.data;
  const hostnames = new Set(engines.map((engine) => engine.hostname));
  if (hostnames.size !== engines.length) throw new Error(`${enginesFile}: container hostnames must be unique`);
  return {
    service,
    containers: engines.map((engine) => ({
      name: engine.name,
      hostname: engine.hostname,
      container: engine.container,
      image: engine.image,
      serve: join(fromRoot(engine.container), 'serve'),
      environment: engine.environment,
    })),
  };
}

/** What is missing to start the containers in process mode (a Python, a `serve`), each with how to get it. */
export function missingPrerequisites(definition: EndpointDefinition, python: string): string[] {
  const missing: string[] = [];
  if (python.includes('/') && !existsSync(python)) {
    missing.push(`${python} does not exist: run \`npm run setup\` to create the Python environment, or set LOCAL_SAGEMAKER_PYTHON`);
  }
  for (const container of definition.containers) {
    if (!existsSync(container.serve)) missing.push(`${container.serve} does not exist (container ${container.hostname})`);
  }
  return missing;
}

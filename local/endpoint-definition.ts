/**
 * The endpoint's containers, derived from the engine registry that CloudFormation also reads
 * (handlers/core/engines.json): one container per engine, addressed by its hostname, started from
 * its folder's `serve` with the container environment of the registry entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRegistry } from '../handlers/core/registry.js';
import { fromRoot } from './config.js';

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

/** Reads a registry file (the real one or a test fixture) through the registry's one schema. */
export function loadEndpointDefinition(enginesFile: string): EndpointDefinition {
  const { service, engines } = parseRegistry(JSON.parse(readFileSync(enginesFile, 'utf8')), enginesFile);
  return {
    service,
    containers: engines.map((engine) => ({
      name: engine.name,
      hostname: engine.hostname,
      container: engine.container,
      serve: join(fromRoot(engine.container), 'serve'),
      environment: engine.environment,
      ...(engine.image ? { image: engine.image } : {}),
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

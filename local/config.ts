/**
 * Configuration of the local SageMaker Runtime endpoint, read once from the environment with named
 * defaults. Every variable is documented in local/README.md.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const defaults = {
  port: 8085,
  /** SageMaker's own limit: a container must answer an invocation within 60 s. */
  invocationTimeoutMs: 60_000,
  /** SageMaker's ping timeout. */
  pingTimeoutMs: 2_000,
  pingIntervalMs: 5_000,
  /** Consecutive failed pings of a running container before it is replaced, as SageMaker does. */
  pingFailuresBeforeRestart: 3,
  /** How long a container may take to pass its first ping before it is restarted. */
  startTimeoutMs: 180_000,
  stopGraceMs: 5_000,
  stage: 'local',
  /** Image mode's memory limit per container (docker/podman `--memory`). */
  containerMemory: '2g',
} as const;

/** How the containers run: from their folders' `serve` (process) or from their built images (image). */
export type ContainerMode = 'process' | 'image';

export interface EndpointConfig {
  port: number;
  containers: ContainerMode;
  containerMemory: string;
  host: string;
  stage: string;
  endpointName?: string;
  enginesFile: string;
  python: string;
  invocationTimeoutMs: number;
  pingTimeoutMs: number;
  pingIntervalMs: number;
  pingFailuresBeforeRestart: number;
  startTimeoutMs: number;
  stopGraceMs: number;
}

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : join(repoRoot, path);
}

/** A bare name (`python3`) is looked up on the PATH; a path is relative to the repository. */
function command(value: string): string {
  return value.includes('/') ? fromRoot(value) : value;
}

function containerMode(env: NodeJS.ProcessEnv): ContainerMode {
  const raw = env.LOCAL_SAGEMAKER_CONTAINERS || 'process';
  if (raw !== 'process' && raw !== 'image')
    throw new ConfigurationError(`LOCAL_SAGEMAKER_CONTAINERS must be process or image, got "${raw}"`);
  return raw;
}

function memory(env: NodeJS.ProcessEnv): string {
  const raw = env.LOCAL_SAGEMAKER_CONTAINER_MEMORY || defaults.containerMemory;
  if (!/^\d+[kmg]?$/i.test(raw))
    throw new ConfigurationError(`LOCAL_SAGEMAKER_CONTAINER_MEMORY must be a size such as 2g or 1536m, got "${raw}"`);
  return raw;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): EndpointConfig {
  return {
    port: integer(env, 'LOCAL_SAGEMAKER_PORT', defaults.port),
    containers: containerMode(env),
    containerMemory: memory(env),
    host: env.LOCAL_SAGEMAKER_HOST || 'localhost',
    stage: env.LOCAL_SAGEMAKER_STAGE || defaults.stage,
    endpointName: env.LOCAL_SAGEMAKER_ENDPOINT_NAME || undefined,
    enginesFile: fromRoot(env.LOCAL_SAGEMAKER_ENGINES || 'handlers/core/engines.json'),
    python: command(env.LOCAL_SAGEMAKER_PYTHON || '.venv/bin/python'),
    invocationTimeoutMs: integer(env, 'LOCAL_SAGEMAKER_INVOCATION_TIMEOUT_MS', defaults.invocationTimeoutMs),
    pingTimeoutMs: integer(env, 'LOCAL_SAGEMAKER_PING_TIMEOUT_MS', defaults.pingTimeoutMs),
    pingIntervalMs: integer(env, 'LOCAL_SAGEMAKER_PING_INTERVAL_MS', defaults.pingIntervalMs),
    pingFailuresBeforeRestart: defaults.pingFailuresBeforeRestart,
    startTimeoutMs: integer(env, 'LOCAL_SAGEMAKER_START_TIMEOUT_MS', defaults.startTimeoutMs),
    stopGraceMs: defaults.stopGraceMs,
  };
}

export { fromRoot };

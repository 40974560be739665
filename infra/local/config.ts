/**
 * Configuration of the local SageMaker Runtime endpoint, read once from the environment with named
 * defaults. Every variable is documented in infra/local/README.md.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

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
} as const;

export interface EndpointConfig {
  port: number;
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

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
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

export function readConfig(env: NodeJS.ProcessEnv = process.env): EndpointConfig {
  return {
    port: integer(env, 'LOCAL_SAGEMAKER_PORT', defaults.port),
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

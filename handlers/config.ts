/**
 * Gateway configuration, read once at cold start. A missing required variable fails the cold start
 * with a message that says what to set, instead of failing every request in a puzzling way.
 */
export interface GatewayConfig {
  /** The SageMaker endpoint holding every engine's container. */
  endpointName: string;
  /** How long a request may wait for an engine before the client gets a 504 (below API Gateway's 29 s). */
  deadlineMs: number;
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(`Environment variable ${name} is not set: ${hint}`);
  return value;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, { min, max }: { min: number; max: number }): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigurationError(`Environment variable ${name} must be a whole number from ${min} to ${max}; it is "${raw}"`);
  }
  return value;
}

/**
 * The Access-Control-Allow-Origin every route answers with: serverless.yml sets CORS_ALLOW_ORIGIN from
 * the same parameter as API Gateway's preflights; unset (unit tests, tools), any origin.
 */
export function corsAllowOrigin(env: NodeJS.ProcessEnv = process.env): string {
  return env.CORS_ALLOW_ORIGIN?.trim() || '*';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    endpointName: required(env, 'SAGEMAKER_ENDPOINT_NAME', 'the name of the SageMaker endpoint (serverless.yml sets it per stage)'),
    deadlineMs: integer(env, 'GATEWAY_DEADLINE_MS', 25_000, { min: 100, max: 28_000 }),
  };
}

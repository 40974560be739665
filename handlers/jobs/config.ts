/**
 * The job steps' and routes' configuration, read once at cold start: the bucket every job lives in
 * and the state machine that runs them, beside the gateway's own (endpoint, deadline). A missing
 * variable fails the cold start with what to set.
 */
import { ConfigurationError, type GatewayConfig, loadConfig } from '../config.js';

export interface JobStepsConfig extends GatewayConfig {
  /** The stage's jobs bucket (uploads, plans, parts, results). */
  bucket: string;
}

/** The routes also start and watch executions; the steps must not know the state machine (it names them). */
export interface JobsConfig extends JobStepsConfig {
  /** The state machine that runs a job (plan, map, reduce). */
  stateMachineArn: string;
}

function required(env: NodeJS.ProcessEnv, name: string, hint: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigurationError(`Environment variable ${name} is not set: ${hint}`);
  return value;
}

export function loadJobStepsConfig(env: NodeJS.ProcessEnv = process.env): JobStepsConfig {
  return {
    ...loadConfig(env),
    bucket: required(env, 'JOBS_BUCKET', "the stage's jobs bucket (infra/jobs.yml creates it; serverless.yml sets it)"),
  };
}

export function loadJobsConfig(env: NodeJS.ProcessEnv = process.env): JobsConfig {
  return {
    ...loadJobStepsConfig(env),
    stateMachineArn: required(env, 'JOBS_STATE_MACHINE_ARN', 'the jobs state machine (infra/jobs.yml creates it; serverless.yml sets it)'),
  };
}

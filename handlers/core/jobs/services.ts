/**
 * What the jobs routes work with, handed in so the core never builds a client: the bucket
 * (store.ts), the state machine that runs a job, and URLs to the bucket. adapters/sfn.ts and
 * adapters/s3.ts give them deployed; the local stack gives the same over moto and its local Step
 * Functions endpoint.
 */
import type { JobStore } from './store.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** What runs jobs: the state machine deployed, the local one locally (same API). */
export interface JobRunner {
  /** Starts an execution by name; the same name and input give the same execution. */
  start(name: string, input: string): Promise<string>;
  describe(executionArn: string): Promise<ExecutionStatus>;
  stop(executionArn: string): Promise<void>;
  /** How many executions whose names start with `prefix` are running. */
  running(prefix: string): Promise<number>;
}

export interface Presigner {
  url(key: string, method: 'PUT' | 'GET', seconds: number): Promise<string>;
}

export interface JobsDependencies {
  store: JobStore;
  runner: JobRunner;
  presigner: Presigner;
}

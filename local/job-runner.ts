/**
 * Runs a job locally the way the state machine (infra/jobs.asl.json) does: the Plan step, then one
 * worker invocation per line of the plan with at most `concurrency` at once, each retried with
 * full-jitter backoff like the Map's Retry, then the Reduce step. Each step is the same Lambda
 * handler, called with the event the state machine would send it.
 */
import { lambdaContext } from './lambda-context.js';

export type StepHandler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

export interface JobSteps {
  plan: StepHandler;
  work: StepHandler;
  reduce: StepHandler;
  /** Reads the plan's lines (the Map's ItemReader over S3). */
  planItems(bucket: string, key: string): AsyncIterable<unknown>;
}

export interface RunOptions {
  concurrency: number;
  /** Attempts per item, the first included (the Map's Retry MaxAttempts + 1). */
  attempts?: number;
  baseDelayMs?: number;
  /** Aborting stops the run between items, like StopExecution. */
  signal?: AbortSignal;
}

export class JobAbortedError extends Error {
  constructor() {
    super('The job was stopped');
    this.name = 'JobAbortedError';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withRetries(call: () => Promise<unknown>, attempts: number, baseDelayMs: number, signal?: AbortSignal): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || signal?.aborted) throw error;
      // Full jitter: anywhere from 0 to the exponential cap.
      await sleep(Math.random() * baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Plan → map → reduce for one job; resolves with the Reduce step's output. */
export async function runJob(steps: JobSteps, input: { job: unknown }, options: RunOptions): Promise<unknown> {
  const { concurrency, attempts = 3, baseDelayMs = 200, signal } = options;
  const planned = (await steps.plan(input, lambdaContext('plan'))) as { plan: { bucket: string; key: string } };
  const items = steps.planItems(planned.plan.bucket, planned.plan.key)[Symbol.asyncIterator]();
  // The Map's workers: each takes the next item until none are left; a failed item is tolerated (ToleratedFailurePercentage 100).
  const worker = async () => {
    for (;;) {
      if (signal?.aborted) throw new JobAbortedError();
      const next = await items.next();
      if (next.done) return;
      const event = { job: input.job, item: next.value };
      await withRetries(() => steps.work(event, lambdaContext('work')), attempts, baseDelayMs, signal).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (signal?.aborted) throw new JobAbortedError();
  return steps.reduce(input, lambdaContext('reduce'));
}

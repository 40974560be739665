/**
 * Runs a job locally the way the state machine (infra/jobs.asl.json) does: the Plan step, then one
 * worker invocation per line of the plan with at most `concurrency` at once, each retried as the
 * Map's Work state says (its Retry, read from the ASL: attempts, interval, backoff, cap, full
 * jitter), then the Reduce step. Each step is the same Lambda handler, called with the event the
 * state machine would send it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config.js';
import { lambdaContext } from './lambda-context.js';

interface Retrier {
  IntervalSeconds: number;
  MaxAttempts: number;
  BackoffRate: number;
  MaxDelaySeconds?: number;
}

/** The worker's Retry in the deployed state machine. */
function workRetry(): Retrier {
  const asl = JSON.parse(readFileSync(join(repoRoot, 'infra', 'jobs.asl.json'), 'utf8'));
  const [retrier] = asl.States.Batches.ItemProcessor.States.Work.Retry as Retrier[];
  if (!retrier) throw new Error('infra/jobs.asl.json: the Work state has no Retry');
  return retrier;
}

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
  /** The Work state's Retry; default: the one in infra/jobs.asl.json. */
  retry?: Retrier;
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

async function withRetries(call: () => Promise<unknown>, retry: Retrier, signal?: AbortSignal): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt > retry.MaxAttempts || signal?.aborted) throw error;
      // Full jitter: anywhere from 0 to the backoff's delay, capped as the state machine caps it.
      const delay = Math.min(retry.IntervalSeconds * retry.BackoffRate ** (attempt - 1), retry.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
      await sleep(Math.random() * delay * 1000);
    }
  }
}

/** Plan → map → reduce for one job; resolves with the Reduce step's output. */
export async function runJob(steps: JobSteps, input: { job: unknown }, options: RunOptions): Promise<unknown> {
  const { concurrency, retry = workRetry(), signal } = options;
  const planned = (await steps.plan(input, lambdaContext('plan'))) as { plan: { bucket: string; key: string } };
  const items = steps.planItems(planned.plan.bucket, planned.plan.key)[Symbol.asyncIterator]();
  // The Map's workers: each takes the next item until none are left; a failed item is tolerated (ToleratedFailurePercentage 100).
  const worker = async () => {
    for (;;) {
      if (signal?.aborted) throw new JobAbortedError();
      const next = await items.next();
      if (next.done) return;
      const event = { job: input.job, item: next.value };
      await withRetries(() => steps.work(event, lambdaContext('work')), retry, signal).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (signal?.aborted) throw new JobAbortedError();
  return steps.reduce(input, lambdaContext('reduce'));
}

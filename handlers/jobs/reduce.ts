/** Step 3 of a job (the state machine's Reduce task): join the parts into results and a manifest (core/jobs/reduce-job.ts). */
import { reduceJob } from '../core/jobs/reduce-job.js';
import type { JobStore } from '../core/jobs/store.js';
import { loadJobStepsConfig } from './config.js';
import { jobStep, readJob, storeFor } from './step.js';

export interface ReduceEvent {
  job: unknown;
}

export const createReduceHandler = (store: JobStore) =>
  jobStep<ReduceEvent, object>().handler(async (event) => {
    const { id, status, counts, files } = await reduceJob(readJob(event.job), store);
    return { id, status, counts, files: files.length };
  });

const { bucket } = loadJobStepsConfig();
export const handler = createReduceHandler(storeFor(bucket));

/** Step 1 of a job (the state machine's Plan task): stream the input, write the plan (core/jobs/plan-job.ts). */
import { keys } from '../core/jobs/job.js';
import { planJob } from '../core/jobs/plan-job.js';
import type { JobStore } from '../core/jobs/store.js';
import { loadJobStepsConfig } from './config.js';
import { jobStep, readJob, storeFor } from './step.js';

export interface PlanEvent {
  job: unknown;
}

export const createPlanHandler = (bucket: string, store: JobStore) =>
  jobStep<PlanEvent, object>().handler(async (event) => {
    const job = readJob(event.job);
    const summary = await planJob(job, store);
    // The Map's ItemReader reads the plan from here.
    return { job, plan: { bucket, key: keys.plan(job.id) }, summary };
  });

const { bucket } = loadJobStepsConfig();
export const handler = createPlanHandler(bucket, storeFor(bucket));

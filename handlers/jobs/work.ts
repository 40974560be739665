/**
 * Step 2 of a job (the Distributed Map's worker): one batch through the sync API's core, over the
 * same SageMaker adapter, with the gateway's deadline (core/jobs/work-batch.ts).
 */
import type { Context } from 'aws-lambda';
import { createRuntimeClient, type RuntimeClient } from '../adapters/sagemaker.js';
import { invokeWithinDeadline } from '../invoke.js';
import { analyse, type InvokeEngine } from '../core/analyse.js';
import { analyseAuto } from '../core/auto.js';
import type { PlanItem } from '../core/jobs/job.js';
import type { JobStore } from '../core/jobs/store.js';
import { type Analyser, workBatch } from '../core/jobs/work-batch.js';
import { type JobStepsConfig, loadJobStepsConfig } from './config.js';
import { jobStep, readJob, storeFor } from './step.js';

export interface WorkEvent {
  job: unknown;
  item: PlanItem;
}

export interface WorkDependencies {
  client: RuntimeClient;
  config: Pick<JobStepsConfig, 'endpointName' | 'deadlineMs'>;
  store: JobStore;
}

const invokeFor =
  ({ client, config }: WorkDependencies, context: Context, inferenceId: string): InvokeEngine =>
  (engine, payload) =>
    invokeWithinDeadline(client, config, { engine, payload, inferenceId, remainingMs: context.getRemainingTimeInMillis() });

export const createWorkHandler = (dependencies: WorkDependencies) =>
  jobStep<WorkEvent, object>().handler(async (event, context) => {
    const job = readJob(event.job);
    const invoke = invokeFor(dependencies, context, `${job.id}-${event.item.batch}`);
    const analyser: Analyser = (body) => (job.engine === 'auto' ? analyseAuto(body, invoke) : analyse(job.engine, body, invoke));
    return workBatch(job, event.item, dependencies.store, analyser);
  });

const config = loadJobStepsConfig();
export const handler = createWorkHandler({ client: createRuntimeClient(), config, store: storeFor(config.bucket) });

/**
 * What the three job steps share: their Middy chain (the Lambda context in the logs), the bucket
 * they work in, and a check of the job the state machine hands each of them.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { bucketStore, createStorageClient } from '../adapters/s3.js';
import { INPUT_FORMATS, type JobSpec } from '../core/jobs/job.js';
import { OFFSET_ENCODINGS } from '../core/contract.js';
import { logger } from '../observability.js';

export const jobStep = <Event, Result>() => middy<Event, Result, Error, Context>().use(injectLambdaContext(logger));

export const storeFor = (bucket: string, client = createStorageClient()) => bucketStore(client, bucket);

/** The job in a step's event, as the jobs route started it; anything else is a defect of the state machine. */
export function readJob(value: unknown): JobSpec {
  const job = value as Partial<JobSpec> | undefined;
  const valid =
    typeof job?.id === 'string' &&
    typeof job.engine === 'string' &&
    Array.isArray(job.tasks) &&
    OFFSET_ENCODINGS.includes(job.offsetEncoding as JobSpec['offsetEncoding']) &&
    typeof job.input?.key === 'string' &&
    INPUT_FORMATS.includes(job.input.format);
  if (!valid) throw new TypeError('The step event has no valid "job"');
  return job as JobSpec;
}

/** What the jobs routes work with, built once per Lambda environment: the bucket, the state machine, URLs to the bucket. */
import { bucketStore, createStorageClient, presignedUrl } from '../adapters/s3.js';
import { createStepFunctionsClient, stateMachineRunner } from '../adapters/sfn.js';
import { ownerOf } from '../core/jobs/records.js';
import type { JobsDependencies } from '../core/jobs/services.js';
import type { JsonEvent } from '../http.js';
import { loadJobsConfig } from './config.js';

export function jobsDependencies(): JobsDependencies {
  const { bucket, stateMachineArn } = loadJobsConfig();
  const storage = createStorageClient();
  return {
    store: bucketStore(storage, bucket),
    runner: stateMachineRunner(createStepFunctionsClient(), stateMachineArn),
    presigner: { url: (key, method, seconds) => presignedUrl(storage, bucket, key, method, seconds) },
  };
}

/** A header by name, whatever its case. */
export function header(event: Pick<JsonEvent, 'headers'>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === wanted)?.[1] ?? undefined;
}

/**
 * The caller's fingerprint, from the API key API Gateway has already checked (the route is private,
 * so there is one).
 */
export const callerOf = (event: Pick<JsonEvent, 'headers'>) => ownerOf(header(event, 'x-api-key') ?? '');

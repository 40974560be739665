/**
 * The public side of bulk jobs: an upload URL, starting a job (idempotent per API key and
 * Idempotency-Key, within the key's limits), its status, and its cancellation. A job belongs to
 * the API key that started it (records.ts). What runs the job and where it lives are handed in
 * (services.ts).
 */
import { ProblemError } from '../problems.js';
import { JOB_LIMITS, type JobSpec } from './job.js';
import { checkDocumentBytes, checkRunningJobs } from './job-limits.js';
import { type JobRequest, parseIdempotencyKey, parseJobRequest } from './job-request.js';
import { type JobView, jobView } from './job-view.js';
import {
  executionName,
  executionPrefix,
  type JobRecord,
  jobIdFor,
  newId,
  ownedRecord,
  readRecord,
  sha256,
  uploadKey,
  writeRecord,
} from './records.js';
import type { JobsDependencies } from './services.js';
import type { JobStore } from './store.js';

export async function createUpload(owner: string, { presigner }: Pick<JobsDependencies, 'presigner'>) {
  const uploadId = newId();
  const url = await presigner.url(uploadKey(owner, uploadId), 'PUT', JOB_LIMITS.uploadUrlSeconds);
  return { uploadId, url, expiresAt: new Date(Date.now() + JOB_LIMITS.uploadUrlSeconds * 1000).toISOString() };
}

export async function createJob(owner: string, idempotencyKey: string | undefined, body: unknown, dependencies: JobsDependencies) {
  const id = jobIdFor(owner, parseIdempotencyKey(idempotencyKey));
  const request = parseJobRequest(body);
  const requestHash = sha256(JSON.stringify(request));
  const existing = await readRecord(dependencies.store, id);
  if (existing) return jobView(await sameJob(existing, requestHash, dependencies), dependencies);
  checkRunningJobs(await dependencies.runner.running(executionPrefix(owner)));
  const record = await admit(owner, id, requestHash, request, dependencies.store);
  return jobView(await start(record, dependencies), dependencies);
}

export async function getJob(owner: string, id: string, dependencies: JobsDependencies): Promise<JobView> {
  return jobView(await ownedRecord(owner, id, dependencies.store), dependencies);
}

export async function cancelJob(owner: string, id: string, dependencies: JobsDependencies): Promise<JobView> {
  const record = await ownedRecord(owner, id, dependencies.store);
  if (record.executionArn && (await dependencies.runner.describe(record.executionArn)) === 'RUNNING') {
    await dependencies.runner.stop(record.executionArn);
  }
  return jobView(record, dependencies);
}

/** A repeated request under the same Idempotency-Key: the same job (started, if the first attempt stopped short), or 409. */
async function sameJob(existing: JobRecord, requestHash: string, dependencies: JobsDependencies): Promise<JobRecord> {
  if (existing.requestHash !== requestHash) {
    throw new ProblemError(
      'idempotency-conflict',
      `The Idempotency-Key was used for job "${existing.id}" with another request; use a new key for a new job.`,
    );
  }
  return existing.executionArn ? existing : start(existing, dependencies);
}

/** The job's record, once its upload exists and a `text` upload is within the document limit for its tasks. */
async function admit(owner: string, id: string, requestHash: string, request: JobRequest, store: JobStore): Promise<JobRecord> {
  const input = { key: uploadKey(owner, request.input.uploadId), format: request.input.format };
  const size = await store.size(input.key);
  if (size === undefined) {
    throw new ProblemError(
      'upload-not-found',
      `There is no upload "${request.input.uploadId}" for this API key (PUT the file to the upload's URL first).`,
    );
  }
  if (input.format === 'text') checkDocumentBytes(request.tasks, size);
  const spec: JobSpec = { id, engine: request.engine, tasks: request.tasks, offsetEncoding: request.offsetEncoding, input };
  const record: JobRecord = { id, owner, requestHash, request, spec, createdAt: new Date().toISOString() };
  await writeRecord(store, record);
  return record;
}

async function start(record: JobRecord, { store, runner }: JobsDependencies): Promise<JobRecord> {
  const executionArn = await runner.start(executionName(record), JSON.stringify({ job: record.spec }));
  const started = { ...record, executionArn };
  await writeRecord(store, started);
  return started;
}

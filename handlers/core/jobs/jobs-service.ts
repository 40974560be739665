/**
 * The public side of bulk jobs: uploads, starting a job (idempotent per API key and
 * Idempotency-Key), its status and its cancellation. A job belongs to the API key that started it:
 * its record names the key's fingerprint, and any other key is told there is no such job (404), as
 * if it did not exist. What runs the job (the state machine) and where it lives (the bucket) are
 * handed in.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ProblemError } from '../problems.js';
import { JOB_LIMITS, type JobSpec, keys, type PlanSummary, TOKEN_TASKS } from './job.js';
import { type JobRequest, parseJobRequest } from './job-request.js';
import type { Manifest } from './reduce-job.js';
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

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'cancelled';

interface JobRecord {
  id: string;
  owner: string;
  requestHash: string;
  request: JobRequest;
  spec: JobSpec;
  createdAt: string;
  executionArn?: string;
}

export interface JobView {
  id: string;
  status: JobStatus;
  engine: string;
  tasks: string[];
  offsetEncoding: string;
  createdAt: string;
  counts: { total: number; succeeded: number; failed: number };
  results?: { files: string[]; manifest: string };
  problem?: unknown;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const newId = () => randomBytes(16).toString('hex');
const JOB_ID = /^[0-9a-f]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The fingerprint of an API key: jobs and uploads are filed under it, never under the key itself. */
export const ownerOf = (apiKey: string) => sha256(`nlp-gateway api key\n${apiKey}`).slice(0, 16);

const executionName = (owner: string, id: string) => `${owner}-${id}`;
const uploadKey = (owner: string, uploadId: string) => keys.upload(`${owner}/${uploadId}`);

export async function createUpload(owner: string, { presigner }: Pick<JobsDependencies, 'presigner'>) {
  const uploadId = newId();
  const url = await presigner.url(uploadKey(owner, uploadId), 'PUT', JOB_LIMITS.uploadUrlSeconds);
  return { uploadId, url, expiresAt: new Date(Date.now() + JOB_LIMITS.uploadUrlSeconds * 1000).toISOString() };
}

async function readJson<T>(store: JobStore, key: string): Promise<T | undefined> {
  const bytes = await store.read(key);
  return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
}

const notFound = (id: string) => new ProblemError('job-not-found', `There is no job "${id}" for this API key.`);

async function ownedRecord(owner: string, id: string, store: JobStore): Promise<JobRecord> {
  const record = JOB_ID.test(id) ? await readJson<JobRecord>(store, keys.job(id)) : undefined;
  if (!record || record.owner !== owner) throw notFound(id);
  return record;
}

/** The checks an upload gets before the job starts: it exists, and a `text` upload is within the document limits. */
async function checkUpload(request: JobRequest, key: string, store: JobStore): Promise<void> {
  const size = await store.size(key);
  if (size === undefined) {
    throw new ProblemError(
      'upload-not-found',
      `There is no upload "${request.input.uploadId}" for this API key (PUT the file to the upload's URL first).`,
    );
  }
  if (request.input.format !== 'text') return;
  const heavy = request.tasks.some((task) => TOKEN_TASKS.includes(task));
  const limit = heavy ? JOB_LIMITS.maxTokenDocumentBytes : JOB_LIMITS.maxDocumentBytes;
  if (size > limit) {
    const why = heavy ? `with ${TOKEN_TASKS.join(' or ')} a document may have at most ${limit}` : `a document may have at most ${limit}`;
    throw new ProblemError('document-too-large', `The upload has ${size} bytes; ${why}.`, { extensions: { limit } });
  }
}

async function start(record: JobRecord, { store, runner }: JobsDependencies): Promise<JobRecord> {
  const executionArn = await runner.start(executionName(record.owner, record.id), JSON.stringify({ job: record.spec }));
  const started = { ...record, executionArn };
  await store.write(keys.job(record.id), JSON.stringify(started));
  return started;
}

export async function createJob(owner: string, idempotencyKey: string | undefined, body: unknown, dependencies: JobsDependencies) {
  const { store, runner } = dependencies;
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new ProblemError('validation-failed', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', {
      errors: [{ path: 'header:Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    });
  }
  const request = parseJobRequest(body);
  const requestHash = sha256(JSON.stringify(request));
  const id = idempotencyKey === undefined ? newId() : sha256(`${owner}\n${idempotencyKey}`).slice(0, 32);
  const existing = await readJson<JobRecord>(store, keys.job(id));
  if (existing) {
    if (existing.requestHash !== requestHash) {
      throw new ProblemError(
        'idempotency-conflict',
        `The Idempotency-Key was used for job "${id}" with another request; use a new key for a new job.`,
      );
    }
    return jobView(existing.executionArn ? existing : await start(existing, dependencies), dependencies);
  }
  if ((await runner.running(`${owner}-`)) >= JOB_LIMITS.maxRunningJobs) {
    throw new ProblemError('too-many-jobs', `An API key may run ${JOB_LIMITS.maxRunningJobs} jobs at once; wait for one to finish.`, {
      extensions: { limit: JOB_LIMITS.maxRunningJobs },
      retryAfter: 60,
    });
  }
  const input = { key: uploadKey(owner, request.input.uploadId), format: request.input.format };
  await checkUpload(request, input.key, store);
  const spec: JobSpec = { id, engine: request.engine, tasks: request.tasks, offsetEncoding: request.offsetEncoding, input };
  const record: JobRecord = { id, owner, requestHash, request, spec, createdAt: new Date().toISOString() };
  await store.write(keys.job(id), JSON.stringify(record));
  return jobView(await start(record, dependencies), dependencies);
}

const FINISHED: Partial<Record<ExecutionStatus, JobStatus>> = { FAILED: 'failed', TIMED_OUT: 'failed', ABORTED: 'cancelled' };

async function jobView(record: JobRecord, { store, runner, presigner }: JobsDependencies): Promise<JobView> {
  const { id, spec, createdAt } = record;
  const view: JobView = {
    id,
    status: 'queued',
    engine: spec.engine,
    tasks: spec.tasks,
    offsetEncoding: spec.offsetEncoding,
    createdAt,
    counts: { total: 0, succeeded: 0, failed: 0 },
  };
  const execution = record.executionArn ? await runner.describe(record.executionArn) : undefined;
  const summary = await readJson<PlanSummary>(store, keys.planSummary(id));
  if (summary) view.counts = { total: summary.documents, succeeded: 0, failed: summary.failed };
  if (execution === 'RUNNING' || execution === 'PENDING_REDRIVE') view.status = summary ? 'running' : 'queued';
  else if (execution && FINISHED[execution]) view.status = FINISHED[execution] as JobStatus;
  else if (execution === 'SUCCEEDED') {
    const manifest = await readJson<Manifest>(store, keys.manifest(id));
    if (manifest) {
      const seconds = JOB_LIMITS.resultUrlSeconds;
      view.status = manifest.status;
      view.counts = manifest.counts;
      view.results = {
        files: await Promise.all(manifest.files.map((file) => presigner.url(file, 'GET', seconds))),
        manifest: await presigner.url(keys.manifest(id), 'GET', seconds),
      };
      if (manifest.problem) view.problem = manifest.problem;
    }
  }
  return view;
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

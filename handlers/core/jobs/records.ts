/**
 * A job's record in the bucket and whose it is. Jobs and uploads are filed under the fingerprint
 * of the API key that made them, never under the key itself; any other key is told there is no
 * such job (404), as if it did not exist. An execution's name starts with the owner's fingerprint,
 * so the state machine can count a key's running jobs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ProblemError } from '../problems.js';
import { type JobSpec, keys } from './job.js';
import type { JobRequest } from './job-request.js';
import type { JobStore } from './store.js';

export interface JobRecord {
  id: string;
  owner: string;
  /** The request's hash: the same Idempotency-Key with another request is a conflict. */
  requestHash: string;
  request: JobRequest;
  spec: JobSpec;
  createdAt: string;
  /** Set once the execution has started. */
  executionArn?: string;
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const newId = () => randomBytes(16).toString('hex');
const JOB_ID = /^[0-9a-f]{32}$/;

/** The fingerprint of an API key. */
export const ownerOf = (apiKey: string) => sha256(`nlp-gateway api key\n${apiKey}`).slice(0, 16);

/** A new job's id: fixed by the owner and the Idempotency-Key when there is one, so a repeated request finds its job. */
export const jobIdFor = (owner: string, idempotencyKey: string | undefined) =>
  idempotencyKey === undefined ? newId() : sha256(`${owner}\n${idempotencyKey}`).slice(0, 32);

/** What every execution of the owner's jobs is named after. */
export const executionPrefix = (owner: string) => `${owner}-`;
export const executionName = (record: Pick<JobRecord, 'owner' | 'id'>) => `${executionPrefix(record.owner)}${record.id}`;

export const uploadKey = (owner: string, uploadId: string) => keys.upload(`${owner}/${uploadId}`);

export async function readJson<T>(store: JobStore, key: string): Promise<T | undefined> {
  const bytes = await store.read(key);
  return bytes ? (JSON.parse(bytes.toString('utf8')) as T) : undefined;
}

export const readRecord = (store: JobStore, id: string) => readJson<JobRecord>(store, keys.job(id));

export const writeRecord = (store: JobStore, record: JobRecord) => store.write(keys.job(record.id), JSON.stringify(record));

/** The owner's job by id; 404 for an id that is not a job id, no job, or another key's job. */
export async function ownedRecord(owner: string, id: string, store: JobStore): Promise<JobRecord> {
  const record = JOB_ID.test(id) ? await readRecord(store, id) : undefined;
  if (!record || record.owner !== owner) throw new ProblemError('job-not-found', `There is no job "${id}" for this API key.`);
  return record;
}

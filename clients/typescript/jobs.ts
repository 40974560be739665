/**
 * Bulk jobs with the typed client: upload a file, start a job over it, wait for it to finish, and
 * read its results back line by line (README.md, "Bulk jobs"). The upload and the results travel
 * through presigned URLs, straight between the caller and the bucket.
 */
import type { NlpClient } from './index.js';
import type { components } from './schema.js';

export type Job = components['schemas']['Job'];
export type JobRequest = components['schemas']['JobRequest'];
export type Problem = components['schemas']['Problem'];

/** A problem+json answer, thrown. */
export class JobApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(`${problem.title}: ${problem.detail}`);
    this.name = 'JobApiError';
    this.problem = problem;
  }
}

const answer = <T>({ data, error }: { data?: T; error?: Problem }): T => {
  if (error || data === undefined) throw new JobApiError(error ?? ({ title: 'No answer', detail: '', status: 0 } as Problem));
  return data;
};

/** PUTs a file (JSON Lines, or one text) to a fresh upload URL; resolves with the upload id. */
export async function upload(client: NlpClient, body: string | Blob, fetchImpl: typeof fetch = fetch): Promise<string> {
  const { uploadId, url } = answer(await client.POST('/nlp/uploads', {}));
  const put = await fetchImpl(url, { method: 'PUT', body });
  if (!put.ok) throw new Error(`The upload was refused: HTTP ${put.status}`);
  return uploadId;
}

/** Starts a job; with an `idempotencyKey`, asking again with the same request gives the same job. */
export async function startJob(client: NlpClient, request: JobRequest, idempotencyKey?: string): Promise<Job> {
  return answer(
    await client.POST('/nlp/jobs', { body: request, params: { header: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {} } }),
  );
}

export const isFinished = (job: Job) => job.status !== 'queued' && job.status !== 'running';

/** Polls a job until it is finished (or `timeoutMs` passes). */
export async function waitForJob(client: NlpClient, id: string, { intervalMs = 1_000, timeoutMs = 3_600_000 } = {}): Promise<Job> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = answer(await client.GET('/nlp/jobs/{id}', { params: { path: { id } } }));
    if (isFinished(job)) return job;
    if (Date.now() > until) throw new Error(`Job ${id} is still ${job.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function cancelJob(client: NlpClient, id: string): Promise<Job> {
  return answer(await client.POST('/nlp/jobs/{id}/cancel', { params: { path: { id } } }));
}

/** A finished job's result lines, in input order, one file at a time. */
export async function* results(job: Job, fetchImpl: typeof fetch = fetch): AsyncGenerator<Record<string, unknown>> {
  for (const url of job.results?.files ?? []) {
    const response = await fetchImpl(url);
    if (!response.ok) throw new Error(`A result file could not be read: HTTP ${response.status}`);
    for (const line of (await response.text()).split('\n')) if (line) yield JSON.parse(line) as Record<string, unknown>;
  }
}

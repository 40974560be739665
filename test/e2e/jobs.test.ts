/**
 * Bulk jobs end to end, through the whole local stack (serverless-offline, the jobs routes, the local
 * Step Functions endpoint running the real step handlers, moto's S3 server, the local SageMaker
 * endpoint and the real containers), driven by the typed client as a user would: a 10 000-document
 * corpus with bad lines, a 1 000 000-character document, idempotency, another key's 404, cancel,
 * the limit on a key's running jobs, and a worker or a container killed mid-job.
 */
import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cancelJob,
  createNlpClient,
  type Job,
  JobApiError,
  type JobRequest,
  results,
  startJob,
  upload,
  waitForJob,
} from '../../clients/typescript/index.js';
import { longDocument } from '../../bench/lib/long-documents.js';
import { useLocalStack } from './support/local-stack.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'e2e');
const running = useLocalStack(join(artifacts, 'jobs-stack.log'));
const client = (apiKey = running().apiKey) => createNlpClient({ baseUrl: running().baseUrl, apiKey });
/** The second key serverless.yml's local stage accepts. */
const OTHER_KEY = 'local-dev-key-2';

/** A corpus of `size` documents, every 97th line broken in one of three ways. */
function corpus(size: number): { body: string; bad: Set<number> } {
  const bad = new Set<number>();
  const lines = Array.from({ length: size }, (_, i) => {
    if (i % 97 !== 13) return JSON.stringify({ id: i, text: `Document ${i}: Tim Cook met Angela Merkel in Berlin 😀 on Monday.` });
    bad.add(i);
    return [`{"id": ${i}, "text": `, JSON.stringify({ id: i }), JSON.stringify({ id: i, text: '\ud800 lone' })][i % 3] as string;
  });
  return { body: `${lines.join('\n')}\n`, bad };
}

async function allResults(job: Job) {
  const lines: Array<Record<string, unknown>> = [];
  for await (const line of results(job)) lines.push(line);
  return lines;
}

describe('bulk jobs through the local stack', () => {
  it('answers a 10 000-document corpus in input order, each bad line an error line', async () => {
    const api = client();
    const { body, bad } = corpus(10_000);
    const uploadId = await upload(api, body);
    const started = await startJob(api, { engine: 'spacy', tasks: ['entities'], input: { uploadId, format: 'jsonl' } });
    const job = await waitForJob(api, started.id, { intervalMs: 500, timeoutMs: 600_000 });
    expect(job).toMatchObject({ status: 'partiallySucceeded', counts: { total: 10_000, failed: bad.size, succeeded: 10_000 - bad.size } });
    const lines = await allResults(job);
    expect(lines).toHaveLength(10_000);
    lines.forEach((line, i) => {
      if (bad.has(i)) expect(line.error).toMatchObject({ status: expect.any(Number), type: expect.stringMatching(/^\/problems\//) });
      else
        expect(line).toMatchObject({
          id: i,
          entities: expect.arrayContaining([expect.objectContaining({ text: 'Berlin', label: 'GPE' })]),
        });
    });
  }, 900_000);

  it('analyses a 1 000 000-character document with exact offsets into the whole text', async () => {
    const api = client();
    const text = longDocument(1_000_000);
    const started = await startJob(api, {
      engine: 'spacy',
      tasks: ['entities'],
      input: { uploadId: await upload(api, text), format: 'text' },
    });
    const job = await waitForJob(api, started.id, { intervalMs: 1_000, timeoutMs: 900_000 });
    expect(job).toMatchObject({ status: 'succeeded', counts: { total: 1, succeeded: 1, failed: 0 } });
    const [line] = await allResults(job);
    const entities = line?.entities as Array<{ text: string; start: number; end: number }>;
    expect(entities.length).toBeGreaterThan(20_000);
    for (const entity of entities) expect(text.slice(entity.start, entity.end)).toBe(entity.text);
    expect(entities.every((entity, i) => i === 0 || entity.start >= (entities[i - 1]?.end ?? 0))).toBe(true);
  }, 900_000);

  it('gives the same job for the same Idempotency-Key and request, 409 for another request', async () => {
    const api = client();
    const uploadId = await upload(api, '{"id": 1, "text": "Apple is in Cupertino."}\n');
    const request: JobRequest = { engine: 'spacy', tasks: ['entities'], input: { uploadId, format: 'jsonl' } };
    const key = `e2e-${Date.now()}`;
    const first = await startJob(api, request, key);
    const again = await startJob(api, request, key);
    expect(again.id).toBe(first.id);
    const conflict = await startJob(api, { ...request, tasks: ['sentences'] }, key).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(JobApiError);
    expect((conflict as JobApiError).problem).toMatchObject({ status: 409, type: '/problems/idempotency-conflict' });
  }, 120_000);

  it('answers 404 to another API key, for the job and for its cancellation', async () => {
    const uploadId = await upload(client(), '{"id": 1, "text": "Apple is in Cupertino."}\n');
    const job = await startJob(client(), { engine: 'spacy', input: { uploadId, format: 'jsonl' } });
    const other = client(OTHER_KEY);
    for (const attempt of [
      other.GET('/nlp/jobs/{id}', { params: { path: { id: job.id } } }),
      other.POST('/nlp/jobs/{id}/cancel', { params: { path: { id: job.id } } }),
    ]) {
      const { response, error } = await attempt;
      expect(response.status).toBe(404);
      expect(error).toMatchObject({ type: '/problems/job-not-found' });
    }
    expect((await waitForJob(client(), job.id)).status).toBe('succeeded');
  }, 120_000);

  it('refuses up front a text upload over the cap for tokens and syntax (413)', async () => {
    const api = client();
    const uploadId = await upload(api, 'word '.repeat(250_000));
    const refused = await startJob(api, { engine: 'spacy', tasks: ['tokens'], input: { uploadId, format: 'text' } }).catch(
      (error: unknown) => error,
    );
    expect((refused as JobApiError).problem).toMatchObject({ status: 413, type: '/problems/document-too-large', limit: 1_000_000 });
  }, 120_000);

  it('cancels a running job', async () => {
    const api = client();
    const uploadId = await upload(api, corpus(20_000).body);
    const started = await startJob(api, { engine: 'spacy', tasks: ['syntax'], input: { uploadId, format: 'jsonl' } });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cancelled = await cancelJob(api, started.id);
    expect(cancelled.status).toBe('cancelled');
    expect((await waitForJob(api, started.id)).status).toBe('cancelled');
  }, 120_000);

  it('answers 429 to a key with 5 jobs running (its limit, README.md) and starts its next job once they are cancelled', async () => {
    // prepare: the other key (no other test starts jobs with it), five long jobs running
    const api = client(OTHER_KEY);
    const uploadId = await upload(api, corpus(20_000).body);
    const request: JobRequest = { engine: 'spacy', tasks: ['syntax'], input: { uploadId, format: 'jsonl' } };
    const running: Job[] = [];
    for (let i = 0; i < 5; i++) running.push(await startJob(api, request));
    // act
    const { response, error } = await api.POST('/nlp/jobs', { body: request });
    await Promise.all(running.map((job) => cancelJob(api, job.id)));
    const next = await startJob(api, request);
    await cancelJob(api, next.id);
    // assess
    expect(response.status).toBe(429);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.headers.get('retry-after')).toBe('60');
    expect(error).toMatchObject({ type: '/problems/too-many-jobs', status: 429, limit: 5 });
    expect(next.id).not.toBe(running[0]?.id);
    expect((await waitForJob(api, next.id)).status).toBe('cancelled');
  }, 300_000);

  it('completes a job whose worker process is killed mid-batch, nothing duplicated or lost', async () => {
    const api = client();
    const { body, bad } = corpus(3_000);
    const started = await startJob(api, {
      engine: 'spacy',
      tasks: ['entities'],
      input: { uploadId: await upload(api, body), format: 'jsonl' },
    });
    // prepare: a worker process (a Lambda execution environment, locally) that is running a batch, killed
    let killed: number | undefined;
    for (let tries = 0; !killed && tries < 200; tries++) {
      const { workers } = (await (await fetch(`${running().stepFunctionsUrl}/local/status`)).json()) as {
        workers: Array<{ pid: number; busy: boolean }>;
      };
      killed = workers.find((worker) => worker.busy)?.pid;
      if (killed) process.kill(killed, 'SIGKILL');
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(killed).toEqual(expect.any(Number));
    // assess: retried as the Map retries, its part written once under its fixed key
    const job = await waitForJob(api, started.id, { intervalMs: 500, timeoutMs: 600_000 });
    expect(job.counts).toEqual({ total: 3_000, succeeded: 3_000 - bad.size, failed: bad.size });
    const lines = await allResults(job);
    expect(lines.map((line) => line.id ?? null)).toEqual(Array.from({ length: 3_000 }, (_, i) => (bad.has(i) && i % 3 === 0 ? null : i)));
    const { workers } = (await (await fetch(`${running().stepFunctionsUrl}/local/status`)).json()) as { workers: Array<{ pid: number }> };
    expect(workers.map((worker) => worker.pid)).not.toContain(killed);
  }, 900_000);

  it('completes a job whose container is killed mid-run, nothing duplicated or lost', async () => {
    const api = client();
    const { body, bad } = corpus(5_000);
    const started = await startJob(api, {
      engine: 'spacy',
      tasks: ['entities'],
      input: { uploadId: await upload(api, body), format: 'jsonl' },
    });
    // prepare: wait until the job is past planning, then kill the engine's container (the endpoint restarts it)
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const status = (await (await fetch(`${running().endpointUrl}/local/status`)).json()) as {
      containers: Array<{ hostname: string; pid?: number }>;
    };
    const spacy = status.containers.find((container) => container.hostname.includes('spacy'));
    process.kill(spacy?.pid ?? 0, 'SIGKILL');
    // assess
    const job = await waitForJob(api, started.id, { intervalMs: 500, timeoutMs: 600_000 });
    expect(job.counts).toEqual({ total: 5_000, succeeded: 5_000 - bad.size, failed: bad.size });
    const lines = await allResults(job);
    expect(lines.map((line) => line.id ?? null)).toEqual(Array.from({ length: 5_000 }, (_, i) => (bad.has(i) && i % 3 === 0 ? null : i)));
  }, 900_000);
});

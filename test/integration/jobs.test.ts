/**
 * A job's three steps (plan, map worker, reduce), the real handlers with the real SDKs, against
 * moto's S3 server and the local SageMaker endpoint with the real containers, run by the local job
 * runner with the events the state machine sends: bad lines become error lines, results come back
 * in input order, a long document's entities are exact slices of the whole text in every encoding;
 * and a job over the document limit is refused whole.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { bucketStore } from '../../handlers/adapters/s3.js';
import { keys } from '../../handlers/core/jobs/job.js';
import { planJob } from '../../handlers/core/jobs/plan-job.js';
import { type Manifest, reduceJob } from '../../handlers/core/jobs/reduce-job.js';
import { OFFSET_ENCODINGS, type OffsetEncoding } from '../../handlers/core/contract.js';
import { type JobSteps, runJob } from '../../local/job-runner.js';
import { type LocalEndpoint, startLocalEndpoint } from '../../local/launch.js';
import { type LocalS3, startLocalS3 } from '../../local/s3.js';
import { longDocument } from '../../bench/lib/long-documents.js';
import { getText, loadJobSteps, putObject } from './support/jobs.js';

let endpoint: LocalEndpoint;
let s3: LocalS3;
let steps: JobSteps & { client: S3Client };

beforeAll(async () => {
  [endpoint, s3] = await Promise.all([startLocalEndpoint({ startTimeoutMs: 180_000 }), startLocalS3({ bucket: 'nlp-gateway-local-jobs' })]);
  steps = await loadJobSteps(endpoint, s3);
}, 200_000);

afterAll(async () => {
  await Promise.all([endpoint?.stop(), s3?.stop()]);
});

/** What a client does with a span: the text between its offsets, in the job's unit (units split once per text). */
function slicer(text: string, encoding: OffsetEncoding): (start: number, end: number) => string {
  if (encoding === 'utf16') return (start, end) => text.slice(start, end);
  if (encoding === 'utf8') {
    const bytes = Buffer.from(text);
    return (start, end) => bytes.subarray(start, end).toString();
  }
  const units =
    encoding === 'codepoint'
      ? [...text]
      : [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(({ segment }) => segment);
  return (start, end) => units.slice(start, end).join('');
}

async function run(id: string, input: { key: string; format: 'jsonl' | 'text' }, tasks: string[], offsetEncoding: OffsetEncoding) {
  const job = { id, engine: 'spacy', tasks, offsetEncoding, input };
  await runJob(steps, { job }, { concurrency: 4 });
  const manifest = JSON.parse(await getText(steps.client, s3.bucket, keys.manifest(id))) as Manifest;
  const lines = (await Promise.all(manifest.files.map((file) => getText(steps.client, s3.bucket, file))))
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { manifest, lines };
}

describe('a jsonl job', () => {
  it('answers every document in input order, bad lines as error lines, a long one joined from its chunks', async () => {
    // prepare: 300 documents, every 50th line broken, one long document in the middle
    const long = longDocument(150_000);
    const lines = Array.from({ length: 300 }, (_, i) => {
      if (i === 150) return JSON.stringify({ id: 'long', text: long });
      if (i % 50 === 7) return i % 100 === 7 ? '{"id": 1, "text": ' : JSON.stringify({ id: `d${i}`, txt: 'no text' });
      return JSON.stringify({ id: `d${i}`, text: `Document ${i}: Tim Cook visited Berlin.` });
    });
    await putObject(steps.client, s3.bucket, 'uploads/jsonl-1', `${lines.join('\n')}\n`);
    // act
    const { manifest, lines: results } = await run('jsonl-1', { key: 'uploads/jsonl-1', format: 'jsonl' }, ['entities'], 'utf16');
    // assess
    expect(manifest).toMatchObject({ status: 'partiallySucceeded', counts: { total: 300, succeeded: 294, failed: 6 } });
    expect(results).toHaveLength(300);
    results.forEach((result, i) => {
      if (i % 50 === 7) {
        expect(result.error).toMatchObject({ status: i % 100 === 7 ? 400 : 422 });
      } else {
        expect(result.id).toBe(i === 150 ? 'long' : `d${i}`);
        expect(result.entities).toEqual(expect.any(Array));
      }
    });
    const entities = results[150]?.entities as Array<{ text: string; start: number; end: number; label: string }>;
    expect(entities.length).toBeGreaterThan(1_000);
    for (const entity of entities) expect(long.slice(entity.start, entity.end)).toBe(entity.text);
    expect(new Set(entities.map((entity) => entity.start)).size).toBe(entities.length);
  }, 300_000);
});

describe('a text job (one long document)', () => {
  it.each(OFFSET_ENCODINGS)(
    'gives exact %s offsets into the whole text, across seams',
    async (encoding) => {
      const text = longDocument(120_000);
      await putObject(steps.client, s3.bucket, `uploads/text-${encoding}`, text);
      const { manifest, lines } = await run(
        `text-${encoding}`,
        { key: `uploads/text-${encoding}`, format: 'text' },
        ['entities', 'sentences'],
        encoding,
      );
      expect(manifest.counts).toEqual({ total: 1, succeeded: 1, failed: 0 });
      const [result] = lines as Array<{
        entities: Array<{ text: string; start: number; end: number }>;
        sentences: Array<{ text: string; start: number; end: number }>;
      }>;
      const slice = slicer(text, encoding);
      for (const span of [...(result?.entities ?? []), ...(result?.sentences ?? [])]) expect(slice(span.start, span.end)).toBe(span.text);
      const sentences = result?.sentences ?? [];
      expect(sentences.every((sentence, i) => i === 0 || sentence.start >= (sentences[i - 1]?.start ?? 0))).toBe(true);
    },
    300_000,
  );
});

describe('a job over the documents limit', () => {
  it('is refused whole with 413 too-many-documents: an empty plan, no batch, the problem in the manifest', async () => {
    // prepare: five documents against a limit of three (the plan step runs with JOB_LIMITS.maxDocuments)
    const store = bucketStore(steps.client, s3.bucket);
    const lines = Array.from({ length: 5 }, (_, i) => JSON.stringify({ id: i, text: `Document ${i} in Berlin.` }));
    await putObject(steps.client, s3.bucket, 'uploads/many', `${lines.join('\n')}\n`);
    const job = {
      id: 'many',
      engine: 'spacy',
      tasks: ['entities' as const],
      offsetEncoding: 'utf16' as const,
      input: { key: 'uploads/many', format: 'jsonl' as const },
    };
    // act
    const summary = await planJob(job, store, { maxDocuments: 3 });
    const manifest = await reduceJob(job, store);
    // assess
    const problem = {
      type: '/problems/too-many-documents',
      status: 413,
      detail: 'A job may hold at most 3 documents; the upload has more.',
    };
    expect(summary).toMatchObject({ batches: 0, refused: problem });
    expect(await getText(steps.client, s3.bucket, keys.plan('many'))).toBe('');
    expect(manifest).toMatchObject({ status: 'failed', counts: { total: 0, succeeded: 0, failed: 0 }, files: [], problem });
  }, 60_000);
});

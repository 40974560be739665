/**
 * What chunking costs at the seams, measured: entities of 20 generated documents of 200 000+
 * characters, through the job path (chunked, margins, core spans kept, joined) against the same
 * spaCy engine on each whole document (its max_length raised for this measurement only). The F1
 * of the chunked entities against the whole ones must be at least 0.99; the figures and what
 * differed are written to test-artifacts/seams.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { keys } from '../../handlers/core/jobs/job.js';
import type { Manifest } from '../../handlers/core/jobs/reduce-job.js';
import { fixturePython, type LocalEndpoint, startLocalEndpoint } from '../../local/launch.js';
import { type JobSteps, runJob } from '../../local/job-runner.js';
import { repoRoot } from '../../local/config.js';
import { type LocalS3, startLocalS3 } from '../../local/s3.js';
import { newsDocument } from '../../bench/lib/long-documents.js';
import { getText, loadJobSteps, putObject } from './support/jobs.js';

const DOCUMENTS = 20;
const CHARACTERS = 200_000;

let endpoint: LocalEndpoint;
let s3: LocalS3;
let steps: JobSteps & { client: S3Client };

beforeAll(async () => {
  [endpoint, s3] = await Promise.all([startLocalEndpoint({ startTimeoutMs: 180_000 }), startLocalS3({ bucket: 'nlp-gateway-seams' })]);
  steps = await loadJobSteps(endpoint, s3);
}, 200_000);

afterAll(async () => {
  await Promise.all([endpoint?.stop(), s3?.stop()]);
});

type Entity = [number, number, string];
const key = ([start, end, label]: Entity) => `${start}:${end}:${label}`;

it('loses less than 1% of entities (F1 >= 0.99) on 20 documents of 200 000 characters', async () => {
  // prepare
  const texts = Array.from({ length: DOCUMENTS }, (_, i) => newsDocument(i + 1, CHARACTERS));
  const whole = spawnSync(fixturePython, [join(repoRoot, 'test', 'integration', 'seams', 'whole_entities.py')], {
    input: JSON.stringify(texts),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  expect(whole.stderr.slice(-2000)).not.toMatch(/Traceback/);
  const expected = JSON.parse(whole.stdout) as Entity[][];
  // act
  const input = texts.map((text, id) => JSON.stringify({ id, text })).join('\n');
  await putObject(steps.client, s3.bucket, 'uploads/seams', input);
  const job = {
    id: 'seams',
    engine: 'spacy',
    tasks: ['entities'],
    offsetEncoding: 'codepoint',
    input: { key: 'uploads/seams', format: 'jsonl' },
  };
  await runJob(steps, { job }, { concurrency: 2 });
  const manifest = JSON.parse(await getText(steps.client, s3.bucket, keys.manifest('seams'))) as Manifest;
  const lines = (await Promise.all(manifest.files.map((file) => getText(steps.client, s3.bucket, file))))
    .join('')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { entities: Array<{ start: number; end: number; label: string }> });
  // assess
  let [matched, chunkedCount, wholeCount] = [0, 0, 0];
  const differences: Array<{ document: number; onlyWhole: string[]; onlyChunked: string[] }> = [];
  lines.forEach((line, i) => {
    const chunked = new Set(line.entities.map(({ start, end, label }) => key([start, end, label])));
    const reference = new Set((expected[i] ?? []).map(key));
    const common = [...chunked].filter((entity) => reference.has(entity)).length;
    matched += common;
    chunkedCount += chunked.size;
    wholeCount += reference.size;
    differences.push({
      document: i,
      onlyWhole: [...reference].filter((entity) => !chunked.has(entity)),
      onlyChunked: [...chunked].filter((entity) => !reference.has(entity)),
    });
  });
  const precision = matched / chunkedCount;
  const recall = matched / wholeCount;
  const f1 = (2 * precision * recall) / (precision + recall);
  mkdirSync(join(repoRoot, 'test-artifacts'), { recursive: true });
  writeFileSync(
    join(repoRoot, 'test-artifacts', 'seams.json'),
    JSON.stringify(
      { documents: DOCUMENTS, characters: CHARACTERS, wholeCount, chunkedCount, matched, precision, recall, f1, differences },
      null,
      2,
    ),
  );
  console.log(
    `seams: ${DOCUMENTS} documents, whole ${wholeCount} entities, chunked ${chunkedCount}, matched ${matched}, precision ${precision.toFixed(5)}, recall ${recall.toFixed(5)}, F1 ${f1.toFixed(5)}`,
  );
  expect(manifest.counts).toEqual({ total: DOCUMENTS, succeeded: DOCUMENTS, failed: 0 });
  expect(f1).toBeGreaterThanOrEqual(0.99);
}, 1_200_000);

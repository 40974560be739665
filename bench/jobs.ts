/**
 * Bulk jobs against the sync API, on the same local endpoint and the same real spaCy container:
 * documents per second for a corpus of 2 KB documents through the job path (plan → map → reduce,
 * the real handlers, moto's S3) against the same corpus sent as request-sized sync batches (at most
 * 64 texts and 100 000 characters, so about 50 documents of 2 KB) at the same concurrency; the peak
 * memory of each step, each in its own process, as the corpus grows (it must stay flat: the steps
 * stream); and from the measured rate, the cost of a million 2 KB documents on ml.m5.large.
 *
 *   flock /tmp/nlp-bench.lock npm run bench:jobs      (node --import tsx bench/jobs.ts)
 *
 * JOBS_SIZES (default 1000,4000,16000) are the corpus sizes; CONCURRENCY (4) the Map's
 * MaxConcurrency and the sync callers. Writes its section of bench/README.md.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createStorageClient } from '../handlers/adapters/s3.js';
import { repoRoot } from '../local/config.js';
import { jobStepsEnvironment } from '../local/jobs-services.js';
import { startLocalEndpoint } from '../local/launch.js';
import { startLocalS3 } from '../local/s3.js';
import { newsDocument } from './lib/long-documents.js';
import { writeSection } from './report.mjs';

const sizes = (process.env.JOBS_SIZES ?? '1000,4000,16000').split(',').map(Number);
const concurrency = Number(process.env.CONCURRENCY ?? 4);
/** ml.m5.large real-time inference, list price us-east-1 (infra/README.md). */
const INSTANCE_HOUR_USD = 0.115;
const bucket = 'nlp-gateway-bench-jobs';

const [endpoint, s3] = await Promise.all([startLocalEndpoint({ startTimeoutMs: 180_000 }), startLocalS3({ bucket })]);
const env = {
  ...process.env,
  ...jobStepsEnvironment({ endpointUrl: endpoint.url, endpointName: endpoint.endpointName, s3Url: s3.url, bucket }),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  CONCURRENCY: String(concurrency),
};
Object.assign(process.env, env);

interface StepRun {
  ms: number;
  maxRssMiB: number;
  /** The most the step held alive on V8's heap (after a full collection). */
  liveMiB: number;
  /** The step handler's answer (plan, reduce). */
  output?: unknown;
}

/**
 * One step in a process of its own. Spawned, never spawnSync: moto and the endpoint write a log line
 * per request into pipes this process reads, and a blocked event loop stops reading them, so moto
 * stalls on its next write once a pipe is full (a few hundred requests) and every S3 call after it
 * times out.
 */
function step(name: string, ...args: string[]): Promise<StepRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'jobs-step.ts'), name, ...args], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-3000);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`bench step ${name} failed:\n${stderr}`));
      else resolve(JSON.parse(last) as StepRun);
    });
  });
}

/** 2 KB documents (about 2 000 characters each), a different one per line. */
function corpus(size: number): string {
  return Array.from({ length: size }, (_, i) =>
    JSON.stringify({
      id: i,
      text: Array.from(newsDocument(i + 1, 1_900))
        .slice(0, 2_000)
        .join(''),
    }),
  ).join('\n');
}

interface Measured {
  documents: number;
  plan: StepRun;
  map: StepRun;
  reduce: StepRun;
  sync: StepRun;
  jobRate: number;
  syncRate: number;
}

const measured: Measured[] = [];
try {
  const client = createStorageClient();
  for (const size of sizes) {
    const key = `uploads/bench-${size}`;
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: corpus(size) }));
    const job = JSON.stringify({
      id: `bench-${size}`,
      engine: 'spacy',
      tasks: ['entities'],
      offsetEncoding: 'utf16',
      input: { key, format: 'jsonl' },
    });
    if (size === sizes[0]) await step('sync', '{}', key); // warm-up: the container's first batches
    const plan = await step('plan', job);
    const map = await step('map', job);
    const reduce = await step('reduce', job);
    const counts = (reduce.output as { counts?: { succeeded: number } } | undefined)?.counts;
    if (counts?.succeeded !== size) throw new Error(`the job answered ${JSON.stringify(counts)} for ${size} documents`);
    const sync = await step('sync', '{}', key);
    const jobRate = size / ((plan.ms + map.ms + reduce.ms) / 1000);
    measured.push({ documents: size, plan, map, reduce, sync, jobRate, syncRate: size / (sync.ms / 1000) });
    console.log(JSON.stringify(measured.at(-1)));
  }
} finally {
  await Promise.all([endpoint.stop(), s3.stop()]);
}

const batchesOf = (row: Measured) => (row.plan.output as { summary: { batches: number } }).summary.batches;
const mib = (run: StepRun) => `${run.maxRssMiB.toFixed(0)} MiB (${run.liveMiB.toFixed(0)})`;
const seconds = (run: StepRun) => (run.ms / 1000).toFixed(1);
const first = measured[0];
const last = measured.at(-1);
if (first && last) {
  const instanceHours = 1_000_000 / last.jobRate / 3600;
  const growth = (pick: (row: Measured) => StepRun) =>
    `${(pick(last).maxRssMiB / pick(first).maxRssMiB).toFixed(2)}× (${(pick(last).liveMiB / pick(first).liveMiB).toFixed(2)}×)`;
  const markdown = `## Bulk jobs against sync batches (\`npm run bench:jobs\`)

spaCy \`entities\` on 2 KB documents, the Map's MaxConcurrency and the sync callers both ${concurrency}, one local endpoint (process mode, 1 spaCy worker), moto's S3. Job path = plan + map + reduce, each step in a process of its own; sync = the same corpus as request-sized batches (${(last.documents / batchesOf(last)).toFixed(0)} documents of 2 KB a batch, as the plan packs them: the 100 000-character limit binds before the 64-text one) through the sync handler, the corpus read before the clock starts.

| documents | job path (docs/s) | sync batches (docs/s) | job / sync | plan / map / reduce time |
| --- | --- | --- | --- | --- |
${measured.map((row) => `| ${row.documents} | ${row.jobRate.toFixed(1)} | ${row.syncRate.toFixed(1)} | ${(row.jobRate / row.syncRate).toFixed(2)}× | ${seconds(row.plan)} / ${seconds(row.map)} / ${seconds(row.reduce)} s |`).join('\n')}

Memory of each step's process as the corpus grows ${(last.documents / first.documents).toFixed(0)}-fold: its peak resident set (Node's maxRSS) and, in brackets, the most it held alive on V8's heap (read after each full collection). What a step holds is bounded by construction: one 1 MiB piece of what it reads, one 8 MiB part per file it writes, the batch or document in hand. Its peak RSS still rises with the work done, because dead Buffers (each S3 read's and write's) are freed only by V8's next full collection, which they trigger only once they add up to tens of MiB; the live heap shows what the step kept. The map's ${concurrency} workers share one process here, so its figure bounds one worker's from above; the sync caller holds the whole corpus, the steps stream it.

| documents | corpus | plan | map workers | reduce | sync caller |
| --- | --- | --- | --- | --- | --- |
${measured.map((row) => `| ${row.documents} | ${((row.documents * 2_000) / 1_048_576).toFixed(1)} MiB | ${mib(row.plan)} | ${mib(row.map)} | ${mib(row.reduce)} | ${mib(row.sync)} |`).join('\n')}
| ${last.documents} ÷ ${first.documents} | ${(last.documents / first.documents).toFixed(0)}× | ${growth((row) => row.plan)} | ${growth((row) => row.map)} | ${growth((row) => row.reduce)} | ${growth((row) => row.sync)} |

Cost per million 2 KB documents on ml.m5.large, from the job rate of the largest corpus (${last.jobRate.toFixed(1)} docs/s on this 2-core machine, which is about one ml.m5.large's 2 vCPUs): ${instanceHours.toFixed(1)} instance-hours × $${INSTANCE_HOUR_USD} = **$${(instanceHours * INSTANCE_HOUR_USD).toFixed(2)}** of endpoint time (list price; Lambda, Step Functions and S3 come on top, see infra/README.md).`;
  writeSection('jobs', markdown);
  console.log(markdown);
}

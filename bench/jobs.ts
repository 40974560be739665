/**
 * Bulk jobs against the sync API, on the same local endpoint and the same real spaCy container:
 * documents per second for a corpus of 2 KB documents through the job path (plan → map → reduce,
 * the real handlers, moto's S3) against the same corpus sent as request-sized sync batches (at most
 * 64 texts and 100 000 characters, so 49 documents of 2 KB) at the same concurrency; the peak
 * memory of each step, each in its own process, as the corpus grows (it must stay flat: the steps
 * stream); and from the measured rate, the cost of a million 2 KB documents on ml.m5.large.
 *
 *   flock /tmp/nlp-bench.lock npm run bench:jobs      (node --import tsx bench/jobs.ts)
 *
 * JOBS_SIZES (default 500,2000) are the corpus sizes; CONCURRENCY (4) the Map's MaxConcurrency and
 * the sync callers. Writes its section of bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createStorageClient } from '../handlers/adapters/s3.js';
import { repoRoot } from '../local/config.js';
import { jobStepsEnvironment } from '../local/jobs-services.js';
import { startLocalEndpoint } from '../local/launch.js';
import { startLocalS3 } from '../local/s3.js';
import { newsDocument } from './lib/long-documents.js';
import { writeSection } from './report.mjs';

const sizes = (process.env.JOBS_SIZES ?? '500,2000').split(',').map(Number);
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

function step(name: string, ...args: string[]): { ms: number; maxRssMiB: number } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', 'jobs-step.ts'), name, ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !last.startsWith('{')) throw new Error(`bench step ${name} failed:\n${result.stderr.slice(-3000)}`);
  return JSON.parse(last) as { ms: number; maxRssMiB: number };
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

const rows: string[] = [];
let largest: { documents: number; jobRate: number; syncRate: number } | undefined;
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
    if (size === sizes[0]) step('sync', '{}', key); // warm-up: the container's first batches
    const plan = step('plan', job);
    const map = step('map', job);
    const reduce = step('reduce', job);
    const sync = step('sync', '{}', key);
    const jobMs = plan.ms + map.ms + reduce.ms;
    const jobRate = size / (jobMs / 1000);
    const syncRate = size / (sync.ms / 1000);
    largest = { documents: size, jobRate, syncRate };
    const mb = (value: number) => `${value.toFixed(0)} MiB`;
    rows.push(
      `| ${size} | ${jobRate.toFixed(1)} | ${syncRate.toFixed(1)} | ${(jobRate / syncRate).toFixed(2)}× | ${(plan.ms / 1000).toFixed(1)} / ${(map.ms / 1000).toFixed(1)} / ${(reduce.ms / 1000).toFixed(1)} s | ${mb(plan.maxRssMiB)} / ${mb(map.maxRssMiB)} / ${mb(reduce.maxRssMiB)} | ${mb(sync.maxRssMiB)} |`,
    );
    console.log(rows.at(-1));
  }
} finally {
  await Promise.all([endpoint.stop(), s3.stop()]);
}

if (largest) {
  const instanceHours = 1_000_000 / largest.jobRate / 3600;
  const markdown = `## Bulk jobs against sync batches (\`npm run bench:jobs\`)

spaCy \`entities\` on 2 KB documents, the Map's MaxConcurrency and the sync callers both ${concurrency}, one local endpoint (process mode, 1 spaCy worker). Job path = plan + map + reduce, each step in its own process (its peak resident memory beside it); sync = the same corpus as request-sized batches (49 documents of 2 KB: the 100 000-character limit binds before the 64-text one) through the sync handler.

| documents | job path (docs/s) | sync batches (docs/s) | job / sync | plan / map / reduce time | plan / map / reduce peak RSS | sync caller peak RSS |
| --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Cost per million 2 KB documents on ml.m5.large, from the job rate of the largest corpus (${largest.jobRate.toFixed(1)} docs/s on this 2-core machine, which is about one ml.m5.large's 2 vCPUs): ${instanceHours.toFixed(1)} instance-hours × $${INSTANCE_HOUR_USD} = **$${(instanceHours * INSTANCE_HOUR_USD).toFixed(2)}** of endpoint time (list price; Lambda, Step Functions and S3 come on top, see infra/README.md).`;
  writeSection('jobs', markdown);
  console.log(markdown);
}

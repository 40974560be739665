/**
 * One step of a bulk job in a process of its own, so its peak memory is its own (bench/jobs.ts runs
 * it): `plan`, `map` (every batch of the plan through the worker handler, CONCURRENCY at once: the
 * Map's workers), `reduce`, or `sync` (the corpus as request-sized batches through the sync
 * handler, CONCURRENCY at once). Prints `{"ms", "maxRssMiB", "liveMiB", "output"}`: the process's peak
 * resident memory; the most it held alive on V8's heap, read after each full garbage collection;
 * and for plan and reduce the handler's answer. The environment is the local stage's.
 */
import { constants, type NodeGCPerformanceDetail, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { lambdaContext } from '../local/lambda-context.js';
import { loadJobSteps } from '../local/job-steps.js';

const [step = '', jobJson = '{}', corpusKey = ''] = process.argv.slice(2);
const concurrency = Number(process.env.CONCURRENCY ?? 4);
const job = JSON.parse(jobJson) as { id: string };

/**
 * A major collection leaves only what is alive on V8's heap: the most seen then is the most the step
 * held there at once. (Buffers are left out: their memory is freed after the collection ends.)
 */
let liveBytes = 0;
const isMajor = (entry: PerformanceEntry) =>
  (entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
new PerformanceObserver((list) => {
  if (list.getEntries().some(isMajor)) liveBytes = Math.max(liveBytes, getHeapStatistics().used_heap_size);
}).observe({ entryTypes: ['gc'] });

async function pool<T>(items: AsyncIterator<T>, work: (item: T) => Promise<unknown>): Promise<void> {
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let next = await items.next(); !next.done; next = await items.next()) await work(next.value);
    }),
  );
}

async function sync(): Promise<void> {
  const [{ handler }, s3, { packBatches }] = await Promise.all([
    import('../handlers/nlp.js'),
    import('../handlers/adapters/s3.js'),
    import('../handlers/core/jobs/batches.js'),
  ]);
  const store = s3.bucketStore(s3.createStorageClient(), process.env.JOBS_BUCKET ?? '');
  const texts: Array<{ text: string; characters: number }> = [];
  for await (const { bytes } of store.lines(corpusKey)) {
    const { text } = JSON.parse(bytes.toString('utf8')) as { text: string };
    texts.push({ text, characters: [...text].length });
  }
  const started = performance.now();
  const batches = packBatches(texts)[Symbol.iterator]();
  await pool(
    (async function* () {
      yield* batches;
    })(),
    async (batch) => {
      const event = {
        httpMethod: 'POST',
        path: '/nlp/spacy',
        resource: '/nlp/{engine}',
        pathParameters: { engine: 'spacy' },
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ texts: batch.map((text) => text.text), tasks: ['entities'] }),
        isBase64Encoded: false,
        requestContext: { requestId: crypto.randomUUID() },
      };
      const response = await handler(event as never, lambdaContext('nlp', 30_000));
      if (response.statusCode !== 200) throw new Error(`sync request: ${response.statusCode} ${response.body.slice(0, 200)}`);
    },
  );
  report(performance.now() - started);
}

function report(ms: number, output?: unknown): void {
  console.log(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, liveMiB: liveBytes / 1_048_576, output }));
}

if (step === 'sync') {
  await sync();
} else {
  const steps = await loadJobSteps();
  const started = performance.now();
  let output: unknown;
  if (step === 'plan') output = await steps.plan({ job }, lambdaContext('plan'));
  if (step === 'reduce') output = await steps.reduce({ job }, lambdaContext('reduce'));
  if (step === 'map') {
    const items = steps.planItems(process.env.JOBS_BUCKET ?? '', `jobs/${job.id}/plan.jsonl`)[Symbol.asyncIterator]();
    await pool(items, (item) => steps.work({ job, item }, lambdaContext('work')));
  }
  report(performance.now() - started, output);
}

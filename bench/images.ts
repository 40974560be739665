/**
 * The images: each image's size, its build time cold (no layer cache) and cached, start to first
 * healthy ping run as SageMaker runs it, memory at idle and at peak (a 100 000-character request with
 * every task), and image mode's added latency over process mode for the same request through the
 * local endpoint, both endpoints up at once and requests interleaved. What the figures mean:
 * bench/README.md, "Images".
 *
 *   npm run bench:images           (node --import tsx bench/images.ts; --no-write only prints)
 *
 * BENCH_IMAGES_PAIRS sets the interleaved pairs per engine (300).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import SERVING_DEFAULTS from '../containers/serving/defaults.json' with { type: 'json' };
import { LIMITS } from '../handlers/core/contract.js';
import { REGISTRY as registry, type RegistryEngine } from '../handlers/core/registry.js';
import { detectContainerEngine } from '../local/container-engine.js';
import { buildLocalImages } from '../local/images.js';
import { startLocalEndpoint } from '../local/launch.js';
import { runAsSageMaker, untilHealthy } from '../local/run-as-sagemaker.js';
import { median, publish, table, throughEndpoint, timedPost } from './lib/index.js';

const containers = detectContainerEngine();
const pairs = Number(process.env.BENCH_IMAGES_PAIRS ?? 300);
/** serverless.yml's default instance type (params.default.instanceType) and its memory. */
const INSTANCE_TYPE = 'ml.m5.large';
const INSTANCE_BYTES = 8 * 2 ** 30;
const SYSTEM_RESERVE_BYTES = 2 ** 30;
const starts = 3;
const budgets: Record<string, number> = { spacy: 550, textblob: 220, langid: 250, pii: 600 };
const firstPingBudgetS = 3;
const ratioBudget = 1.1;
const MB = 1e6;
const log = (message: string) => process.stderr.write(`[bench:images] ${message}\n`);

async function buildTimes() {
  const cold = await buildLocalImages(containers, { rebuild: true, noCache: true, log });
  const cached = await buildLocalImages(containers, { rebuild: true, log });
  return Object.fromEntries(
    cold.map((image, index) => [
      image.engine,
      { image: image.image, cold: image.seconds ?? 0, cached: cached[index]?.seconds ?? 0, fellBack: image.fellBack ?? [] },
    ]),
  );
}

/** Bytes the container's cgroup uses now, and at most so far (cgroup v1 or v2). */
function memory(name: string): { now: number; peak: number } {
  const read = (v1: string, v2: string) =>
    Number(
      containers.run(['exec', name, 'sh', '-c', `cat /sys/fs/cgroup/memory/${v1} 2>/dev/null || cat /sys/fs/cgroup/${v2}`], {
        allowFailure: true,
      }).stdout,
    );
  return { now: read('memory.usage_in_bytes', 'memory.current'), peak: read('memory.max_usage_in_bytes', 'memory.peak') };
}

async function runMeasurements(engine: RegistryEngine, image: string) {
  const firstPings: number[] = [];
  let idle = 0;
  let peak = 0;
  for (let run = 0; run < starts; run += 1) {
    const container = await runAsSageMaker(containers, image, `nlp-gateway-bench-${engine.name}`, engine.environment);
    try {
      firstPings.push((await untilHealthy(container.url, 120_000, container.startedAt)) / 1000);
      if (run === starts - 1) {
        await sleep(2_000);
        idle = memory(container.name).now;
        const text = 'The quick brown fox jumps over the lazy dog near New York. '.repeat(1700).slice(0, 100_000);
        const response = await fetch(`${container.url}/invocations`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ texts: [text], tasks: engine.tasks }),
        });
        await response.arrayBuffer();
        peak = memory(container.name).peak;
      }
    } finally {
      container.remove();
    }
  }
  return { firstPing: median(firstPings), idle, peak };
}

async function addedLatency() {
  const process_ = await startLocalEndpoint({ startTimeoutMs: 180_000 });
  const image = await startLocalEndpoint({ env: { LOCAL_SAGEMAKER_CONTAINERS: 'image' }, startTimeoutMs: 180_000 });
  const rows = [];
  try {
    for (const engine of registry.engines) {
      const body = JSON.stringify({
        texts: ['Apple is looking at buying a U.K. startup for $1 billion. What a wonderful day in London!'],
        tasks: engine.defaultTasks,
      });
      const agents = [new Agent({ keepAlive: true }), new Agent({ keepAlive: true })] as const;
      const times: [number[], number[]] = [[], []];
      for (let pair = 0; pair < pairs + 20; pair += 1) {
        const order = pair % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const);
        for (const which of order) {
          const ms = await timedPost(throughEndpoint(which === 0 ? process_ : image, engine.hostname), body, agents[which]);
          if (pair >= 20) times[which].push(ms);
        }
      }
      rows.push({ engine: engine.name, process: median(times[0]), image: median(times[1]) });
    }
  } finally {
    await Promise.all([process_.stop(), image.stop()]);
  }
  return rows;
}

const load = loadavg()[0]!;
log('building every image cold (no layer cache), then again with the cache');
const builds = await buildTimes();
async function measure(engine: RegistryEngine) {
  const build = builds[engine.name]!;
  log(`${engine.name}: starting ${starts} times, memory at idle and at peak`);
  return { engine, size: containers.imageSize(build.image) / MB, ...build, ...(await runMeasurements(engine, build.image)) };
}
const measured: Awaited<ReturnType<typeof measure>>[] = [];
for (const engine of registry.engines) measured.push(await measure(engine));
log(`image mode against process mode, ${pairs} interleaved pairs per engine`);
const latency = await addedLatency();
const loadAfter = loadavg()[0]!;

const check = (ok: boolean) => (ok ? 'within budget' : '**over budget**');

/**
 * Do all the registry's containers fit the default instance with every worker at its peak? Each
 * container counts its measured peak once per model worker (an upper bound: the front is counted
 * again with each worker), plus, for every invocation it admits at once (SERVING_THREADS), a request
 * body and a result at their caps, buffered by the front. Some room is kept for the OS and SageMaker's agent.
 */
function fitsTheInstance(rows: Array<{ engine: RegistryEngine; peak: number }>) {
  const perInvocation = LIMITS.maxBodyBytes + LIMITS.maxResponseBytes;
  const containers = rows.map(({ engine, peak }) => {
    const workers = Number(engine.environment.SERVING_WORKERS ?? 1);
    const admitted = Number(engine.environment.SERVING_THREADS ?? SERVING_DEFAULTS.threads);
    return { name: engine.name, workers, admitted, peak, total: workers * peak + admitted * perInvocation };
  });
  const total = containers.reduce((sum, container) => sum + container.total, 0);
  const room = INSTANCE_BYTES - SYSTEM_RESERVE_BYTES - total;
  const mb = (bytes: number, digits = 0) => `${(bytes / MB).toFixed(digits)} MB`;
  const markdown = `### Memory on the default instance (${INSTANCE_TYPE}, ${INSTANCE_BYTES / 2 ** 30} GiB)

Each admitted invocation holds a request body (≤ ${mb(LIMITS.maxBodyBytes, 2)}) and a result (≤ ${mb(LIMITS.maxResponseBytes)}) at their caps; ${SYSTEM_RESERVE_BYTES / 2 ** 30} GiB is kept for the OS and SageMaker's agent.

${table(
  ['container', 'model workers:', 'peak (measured):', `admitted invocations × ${mb(perInvocation, 2)}:`, 'at worst:'],
  [
    ...containers.map((c) => [
      c.name,
      c.workers,
      mb(c.peak),
      `${c.admitted} × ${mb(perInvocation, 2)} = ${mb(c.admitted * perInvocation)}`,
      mb(c.total),
    ]),
    [`**all ${containers.length}**`, containers.reduce((sum, c) => sum + c.workers, 0), '', '', `**${mb(total)}**`],
  ],
)}

${mb(total)} of ${mb(INSTANCE_BYTES)} less ${mb(SYSTEM_RESERVE_BYTES)} reserved: ${room >= 0 ? `**fits**, with ${mb(room)} to spare (room for about ${Math.floor(room / Math.max(...containers.map((c) => c.peak)))} more workers of the largest peak)` : '**does not fit**'}.`;
  return { markdown, fits: room >= 0 };
}
/** What the builds fell back to on this machine, as `npm run images` reported it. */
function fallbackNote(): string {
  const fellBack = [...new Set(Object.values(builds).flatMap((build) => build.fellBack))];
  if (fellBack.length === 0) return 'every image was built on its pinned base with its official model.';
  return `on this machine some pinned downloads could not be fetched, so the images were built with these fallbacks: ${fellBack.join(', ')} (containers/README.md, "Images").`;
}
const instance = fitsTheInstance(measured);
const budget = (m: (typeof measured)[number]) => {
  const limit = budgets[m.engine.name];
  return limit === undefined ? '– (none)' : `≤ ${limit} MB (${check(m.size <= limit)})`;
};
publish(
  'images',
  `Built with ${containers.name}; ${fallbackNote()} First ping: median of ${starts} starts. Image mode's added latency: ${pairs} interleaved pairs per engine.

${table(
  ['image', 'size:', 'budget:', 'cold build:', 'cached build:', 'first healthy ping:', 'idle memory:', 'peak memory:'],
  measured.map((m) => [
    m.engine.name,
    `${m.size.toFixed(0)} MB`,
    budget(m),
    `${m.cold.toFixed(1)} s`,
    `${m.cached.toFixed(1)} s`,
    `${m.firstPing.toFixed(2)} s (≤ ${firstPingBudgetS} s: ${check(m.firstPing <= firstPingBudgetS)})`,
    `${(m.idle / MB).toFixed(0)} MB`,
    `${(m.peak / MB).toFixed(0)} MB`,
  ]),
)}

${table(
  ['engine', 'process mode p50:', 'image mode p50:', `ratio (budget ≤ ${ratioBudget}):`],
  latency.map((row) => [
    row.engine,
    `${row.process.toFixed(2)} ms`,
    `${row.image.toFixed(2)} ms`,
    `${(row.image / row.process).toFixed(2)} (${check(row.image / row.process <= ratioBudget)})`,
  ]),
)}

${instance.markdown}

Load average (1 min) at the start and end of the run: ${load.toFixed(1)} / ${loadAfter.toFixed(1)}${Math.max(load, loadAfter) > 2 ? ' — the machine was shared with other work while this ran, so build and start times are inflated; rerun on a quiet machine for budget figures' : ''}.`,
);
const overBudget =
  measured.some((m) => m.firstPing > firstPingBudgetS || (budgets[m.engine.name] !== undefined && m.size > budgets[m.engine.name]!)) ||
  latency.some((row) => row.image / row.process > ratioBudget) ||
  !instance.fits;
process.exitCode = overBudget ? 1 : 0;

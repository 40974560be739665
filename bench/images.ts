/**
 * The images (`npm run bench:images`): each image's size, its build time cold (no layer cache) and
 * cached, start to first healthy ping run as SageMaker runs it, memory at idle and at peak (a
 * 100 000-character request with every task), and image mode's added latency over process mode for
 * the same request through the local endpoint, both endpoints up at once and requests interleaved.
 * Writes its section of bench/README.md (`--no-write` only prints). BENCH_IMAGES_PAIRS sets the pairs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';
import { startLocalEndpoint, type LocalEndpoint } from '../local/launch.js';
import { detectContainerEngine } from '../local/container-engine.js';
import { buildLocalImages } from '../local/images.js';
import { registry, runAsSageMaker, untilHealthy } from '../test/images/support.js';
import { LIMITS } from '../handlers/core/contract.js';
import { writeSection } from './report.mjs';
import { median } from './stats.mjs';
import SERVING_DEFAULTS from '../containers/serving/defaults.json' with { type: 'json' };

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

async function runMeasurements(engine: (typeof registry.engines)[number], image: string) {
  const firstPings: number[] = [];
  let idle = 0;
  let peak = 0;
  for (let run = 0; run < starts; run += 1) {
    const container = await runAsSageMaker(image, `nlp-gateway-bench-${engine.name}`, engine.environment);
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

/** One POST through an endpoint: milliseconds until the whole answer is in. */
function timed(endpoint: LocalEndpoint, agent: Agent, hostname: string, body: string): Promise<number> {
  const url = new URL(`${endpoint.url}/endpoints/${endpoint.endpointName}/invocations`);
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'X-Amzn-SageMaker-Target-Container-Hostname': hostname,
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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
          const ms = await timed(which === 0 ? process_ : image, agents[which], engine.hostname, body);
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
const measured = [];
for (const engine of registry.engines) {
  const { image } = builds[engine.name]!;
  log(`${engine.name}: starting ${starts} times, memory at idle and at peak`);
  measured.push({ engine, size: containers.imageSize(image) / MB, ...builds[engine.name]!, ...(await runMeasurements(engine, image)) });
}
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
function fitsTheInstance(rows: Array<{ engine: (typeof registry.engines)[number]; peak: number }>) {
  const perInvocation = LIMITS.maxBodyBytes + LIMITS.maxResponseBytes;
  const containers = rows.map(({ engine, peak }) => {
    const workers = Number(engine.environment.SERVING_WORKERS ?? 1);
    const admitted = Number(engine.environment.SERVING_THREADS ?? SERVING_DEFAULTS.threads);
    return { name: engine.name, workers, admitted, peak, total: workers * peak + admitted * perInvocation };
  });
  const total = containers.reduce((sum, container) => sum + container.total, 0);
  const room = INSTANCE_BYTES - SYSTEM_RESERVE_BYTES - total;
  const markdown = `### Memory on the default instance (${INSTANCE_TYPE}, ${INSTANCE_BYTES / 2 ** 30} GiB)

Every container of the registry at its worst at once: its measured peak (above) once per model worker, plus its admitted invocations (SERVING_THREADS) each holding a request body (≤ ${(LIMITS.maxBodyBytes / MB).toFixed(2)} MB) and a result (≤ ${LIMITS.maxResponseBytes / MB} MB) at their caps in the front; ${SYSTEM_RESERVE_BYTES / 2 ** 30} GiB kept for the OS and SageMaker's agent.

| container | model workers | peak (measured) | admitted invocations × ${(perInvocation / MB).toFixed(2)} MB | at worst |
| --- | ---: | ---: | ---: | ---: |
${containers.map((c) => `| ${c.name} | ${c.workers} | ${(c.peak / MB).toFixed(0)} MB | ${c.admitted} × ${(perInvocation / MB).toFixed(2)} MB = ${((c.admitted * perInvocation) / MB).toFixed(0)} MB | ${(c.total / MB).toFixed(0)} MB |`).join('\n')}
| **all ${containers.length}** | ${containers.reduce((sum, c) => sum + c.workers, 0)} | | | **${(total / MB).toFixed(0)} MB** |

${(total / MB).toFixed(0)} MB of ${(INSTANCE_BYTES / MB).toFixed(0)} MB less ${(SYSTEM_RESERVE_BYTES / MB).toFixed(0)} MB reserved: ${room >= 0 ? `**fits**, with ${(room / MB).toFixed(0)} MB to spare (room for about ${Math.floor(room / Math.max(...containers.map((c) => c.peak)))} more workers of the largest peak)` : '**does not fit**'}. The caps bound what each front could buffer at once; real answers are far smaller (langid's are a few hundred bytes per text).`;
  return { markdown, fits: room >= 0 };
}
/** What the builds fell back to on this machine, as `npm run images` reported it. */
function fallbackNote(): string {
  const fellBack = [...new Set(Object.values(builds).flatMap((build) => build.fellBack))];
  if (fellBack.length === 0) return 'every image was built on its pinned base with its official model.';
  return `on this machine some pinned downloads could not be fetched, so the images were built with these fallbacks: ${fellBack.join(', ')} (containers/README.md, "Images").`;
}
const instance = fitsTheInstance(measured);
const markdown = `## Images (\`npm run bench:images\`)

Built with ${containers.name} through \`npm run images\`'s own code; ${fallbackNote()} Each container runs as SageMaker runs it: \`<image> serve\`, the registry's environment, uid 10001, a 2 GiB memory limit, an internal network with no route out. Cold build: no layer cache (the stand-in base itself is built once, in about 2 minutes here, and not counted). First ping: median of ${starts} starts, from \`run\` to the first \`/ping\` 200. Memory: the container's cgroup, idle 2 s after the ping, peak after one 100 000-character request with every task.

| image | size | budget | cold build | cached build | first healthy ping | idle memory | peak memory |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${measured.map((m) => `| ${m.engine.name} | ${m.size.toFixed(0)} MB | ≤ ${budgets[m.engine.name] ?? '–'} MB (${budgets[m.engine.name] ? check(m.size <= budgets[m.engine.name]!) : 'none'}) | ${m.cold.toFixed(1)} s | ${m.cached.toFixed(1)} s | ${m.firstPing.toFixed(2)} s (≤ ${firstPingBudgetS} s: ${check(m.firstPing <= firstPingBudgetS)}) | ${(m.idle / MB).toFixed(0)} MB | ${(m.peak / MB).toFixed(0)} MB |`).join('\n')}

Image mode's added latency: the same request (one sentence, the engine's default task) through two local endpoints up at once, one in process mode and one in image mode, ${pairs} interleaved pairs per engine (20 warm-up pairs dropped), p50 of the whole round trip. Image mode reaches each container at its address on the internal network instead of 127.0.0.1; a ratio under 1 means it added nothing measurable.

| engine | process mode p50 | image mode p50 | ratio (budget ≤ ${ratioBudget}) |
| --- | ---: | ---: | ---: |
${latency.map((row) => `| ${row.engine} | ${row.process.toFixed(2)} ms | ${row.image.toFixed(2)} ms | ${(row.image / row.process).toFixed(2)} (${check(row.image / row.process <= ratioBudget)}) |`).join('\n')}

${instance.markdown}

Load average (1 min) at the start and end of the run: ${load.toFixed(1)} / ${loadAfter.toFixed(1)}${Math.max(load, loadAfter) > 2 ? ' — the machine was shared with other work while this ran, so build and start times are inflated; rerun on a quiet machine for budget figures' : ''}.`;

console.log(markdown);
if (!process.argv.includes('--no-write')) writeSection('images', markdown);
const overBudget =
  measured.some((m) => m.firstPing > firstPingBudgetS || (budgets[m.engine.name] !== undefined && m.size > budgets[m.engine.name]!)) ||
  latency.some((row) => row.image / row.process > ratioBudget) ||
  !instance.fits;
process.exitCode = overBudget ? 1 : 0;

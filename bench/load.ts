/**
 * Load against the local stack (serverless-offline + the real handlers → local SageMaker Runtime
 * endpoint → the real containers), loopback only, every run bounded in time or count: requests per
 * second, p50 and p99 for each engine, `/nlp/auto` and a mixed workload; and the resident memory of
 * every process of the stack before and after a counted run. What the figures mean: bench/README.md,
 * "Load on the local stack".
 *
 *   npm run bench:load             (node --import tsx bench/load.ts; --no-write only prints)
 *
 * Starts its own stack on free ports from 3400 (so it can run beside `npm start`) and stops it.
 * LOAD_SECONDS (default 20) sets the per-engine runs, LOAD_MIXED_SECONDS (60) and LOAD_AMOUNT
 * (10000) the other two; exits 1 if a target is missed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { loadavg } from 'node:os';
import {
  bound,
  formatStatuses,
  mib,
  type ProcessMemory,
  publish,
  type RunResult,
  run,
  startStack,
  table,
  verdict,
  WORKLOAD_DESCRIPTIONS,
  type WorkloadName,
} from './lib/index.js';

const CONNECTIONS = 32;
const perEngineSeconds = Number(process.env.LOAD_SECONDS ?? 20);
const mixedSeconds = Number(process.env.LOAD_MIXED_SECONDS ?? 60);
const amount = Number(process.env.LOAD_AMOUNT ?? 10_000);
const warmupSeconds = 10;
/** Every run starts this long after the last one ended, from a settled stack (bench/README.md says why). */
const settleMs = 5_000;
const settle = () => sleep(settleMs);
/** A process's memory is stable when it grows by no more than this over the run (either bound). */
const stableGrowth = { fraction: 0.1, mib: 16 };
const stack = await startStack({
  firstPort: 3400,
  endpointEnv: process.env.LOAD_ENGINES ? { LOCAL_SAGEMAKER_ENGINES: process.env.LOAD_ENGINES } : {},
});
const unbound = bound(stack, 'load benchmark', 15);

const ms = (value: number) => `${value.toFixed(0)} ms`;
const row = (name: string, result: RunResult) => [
  name,
  result.requests,
  result.rps.toFixed(0),
  ms(result.p50),
  ms(result.p99),
  ms(result.max),
  result.errors,
  formatStatuses(result.statuses),
];
const show = (cells: (string | number)[]) => console.log(cells.join(' | '));

try {
  console.log(`stack up at ${stack.url}; warming up (2 × ${warmupSeconds} s, mixed, concurrency ${CONNECTIONS})`);
  // Two passes: serverless-offline creates its Lambda workers lazily, the first pass's first requests wait
  // for them, and the second pass starts every worker the first one left out, so that no measured run does.
  for (const pass of [1, 2]) {
    const warmup = await run({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, duration: warmupSeconds });
    console.log(`warm-up ${pass}: ${warmup.requests} requests, ${formatStatuses(warmup.statuses)}, max ${ms(warmup.max)}`);
    await settle();
  }

  const results = {} as Record<WorkloadName, RunResult>;
  const [loadBefore = 0] = loadavg();
  for (const workload of ['spacy', 'textblob', 'auto'] as const) {
    results[workload] = await run({ url: stack.url, workload, connections: CONNECTIONS, duration: perEngineSeconds });
    show(row(workload, results[workload]));
    await settle();
  }
  results.mixed = await run({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, duration: mixedSeconds });
  show(row(`mixed, ${mixedSeconds} s`, results.mixed));
  await settle();

  const before = await stack.processes();
  const peak = new Map<number, number>(before.map((process) => [process.pid, process.rssKiB]));
  const sampler = setInterval(() => {
    void stack.processes().then((now) => {
      for (const { pid, rssKiB } of now) peak.set(pid, Math.max(peak.get(pid) ?? 0, rssKiB));
    });
  }, 2_000);
  const counted = await run({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, amount });
  clearInterval(sampler);
  const after = await stack.processes();
  show(row(`mixed, ${amount} requests`, counted));

  const memory = memoryRows(before, after, peak);
  const zeroErrors = results.mixed.errors === 0;
  const spacyTail = results.spacy.p99 / results.spacy.p50;
  const stable = memory.every((entry) => entry.stable);
  const lambdaTimeouts = [...Object.values(results), counted].some((result) => result.max >= 29_500);
  publish(
    'load',
    `Concurrency ${CONNECTIONS}, two warm-up passes of ${warmupSeconds} s, ${settleMs / 1000} s between runs. The machine's 1-minute load average was ${loadBefore.toFixed(1)} when the measured runs began and ${(loadavg()[0] ?? 0).toFixed(1)} when they ended.

${table(
  ['workload', 'requests:', 'req/s:', 'p50:', 'p99:', 'max:', 'errors:', 'statuses'],
  [
    ...(['spacy', 'textblob', 'auto'] as const).map((name) => row(`${name} (${perEngineSeconds} s)`, results[name])),
    row(`mixed (${mixedSeconds} s)`, results.mixed),
    row(`mixed (${amount} requests)`, counted),
  ],
)}

Workloads: ${(Object.keys(WORKLOAD_DESCRIPTIONS) as WorkloadName[]).map((name) => `**${name}**: ${WORKLOAD_DESCRIPTIONS[name]}`).join('; ')}.

Target: zero errors for the mixed workload at concurrency ${CONNECTIONS} for ${mixedSeconds} s — ${verdict(zeroErrors)}.
Target: spaCy at concurrency ${CONNECTIONS} with p99 ≤ 3 × p50 — ${verdict(spacyTail <= 3)} (${spacyTail.toFixed(2)}×).${lambdaTimeouts ? `\nSome answers took 30 s: serverless-offline's own Lambda timeout (see above).` : ''}

Resident memory, before and after ${amount} more mixed requests, peak sampled every 2 s; stable means it grew by at most ${stableGrowth.fraction * 100}% or ${stableGrowth.mib} MiB, whichever is larger.

${table(
  ['process', 'before:', 'peak:', 'after:', 'growth:', ':stable:'],
  memory.map((entry) => [entry.label, entry.before, entry.peak, entry.after, entry.growth, entry.stable ? 'yes' : '**no**']),
)}

Target: every process stable across ${amount} requests — ${verdict(stable)}.`,
  );
  process.exitCode = zeroErrors && stable && spacyTail <= 3 ? 0 : 1;
} finally {
  unbound();
  await stack.stop();
}

function memoryRows(before: ProcessMemory[], after: ProcessMemory[], peak: Map<number, number>) {
  const format = (kib: number) => `${mib(kib).toFixed(0)} MiB`;
  return before.map(({ pid, label, rssKiB }) => {
    const end = after.find((process) => process.pid === pid);
    if (!end) return { label, before: format(rssKiB), peak: format(peak.get(pid) ?? rssKiB), after: 'exited', growth: '—', stable: false };
    const growth = end.rssKiB - rssKiB;
    const limit = Math.max(rssKiB * stableGrowth.fraction, stableGrowth.mib * 1024);
    return {
      label: `${label} (pid ${pid})`,
      before: format(rssKiB),
      peak: format(peak.get(pid) ?? end.rssKiB),
      after: format(end.rssKiB),
      growth: `${growth >= 0 ? '+' : '−'}${format(Math.abs(growth))}`,
      stable: growth <= limit,
    };
  });
}

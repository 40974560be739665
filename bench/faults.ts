/**
 * Fault injection during load on the local stack: the mixed workload runs the whole time while, one
 * after the other, a container is killed, a container hangs (whole process group stopped), a model
 * worker hangs (the container must notice and replace it), a container is replaced by one that
 * answers garbage, and the local endpoint is stopped and started again. For each: the error window,
 * the statuses clients saw, the slowest answer, and the time to recover; then a check that nothing
 * stayed broken. What the figures mean: bench/README.md, "Fault injection under load".
 *
 *   npm run bench:faults           (node --import tsx bench/faults.ts; --no-write only prints)
 *
 * Starts its own stack on free ports from 3500 and stops it; bounded to 15 minutes; exits 1 if a
 * request hung past the deadline or something stayed broken.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../local/config.js';
import { type Answer, bound, formatStatuses, out, publish, run, type Stack, startRun, startStack, table, verdict } from './lib/index.js';

const CONNECTIONS = 16;
/** The gateway's deadline (serverless.yml GATEWAY_DEADLINE_MS); no answer may take longer, plus this margin. */
const DEADLINE_MS = 25_000;
const MARGIN_MS = 1_500;
/** The hung model worker must be healed (its last failure answered) within the gateway's deadline of its injection. */
const WORKER_HANG = 'hang a model worker';
/** A fault is over once every answer has been a success for this long after its repair. */
const CLEAN_MS = 10_000;
const PHASE_LIMIT_MS = 180_000;
const modes = join(out, 'faults');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Fault {
  name: string;
  how: string;
  /** Breaks something; resolves when the fault is in place. */
  inject(stack: Stack): Promise<void>;
  /** Undoes it, after `holdMs`; absent when the stack heals itself. */
  repair?(stack: Stack): Promise<void>;
  holdMs?: number;
}

async function containerPid(stack: Stack, hostname: string): Promise<number> {
  const container = (await stack.endpoint.status()).containers.find((candidate) => candidate.hostname === hostname);
  if (!container?.pid || container.state !== 'healthy') throw new Error(`${hostname} is not running`);
  return container.pid;
}

/** A container's model worker: the child process whose command line is multiprocessing's spawn. */
async function workerPid(stack: Stack, hostname: string): Promise<number> {
  const front = await containerPid(stack, hostname);
  const worker = (await stack.processes()).find((process) => process.label === `${hostname} model worker` && process.pid !== front);
  if (!worker) throw new Error(`no model worker of ${hostname}`);
  return worker.pid;
}

const setMode = (container: string, mode: string | undefined) => {
  mkdirSync(modes, { recursive: true });
  const file = join(modes, `${container}.mode`);
  if (mode) writeFileSync(file, mode);
  else rmSync(file, { force: true });
};

const FAULTS: Fault[] = [
  {
    name: 'kill a container',
    how: "SIGKILL to the spaCy container's process group (its front and its model worker); the endpoint restarts it",
    inject: async (stack) => void process.kill(-(await containerPid(stack, 'nlp-spacy')), 'SIGKILL'),
  },
  {
    name: 'hang a container',
    how: "SIGSTOP to the spaCy container's process group: it neither answers nor pings; the endpoint replaces it after 3 missed pings",
    inject: async (stack) => void process.kill(-(await containerPid(stack, 'nlp-spacy')), 'SIGSTOP'),
  },
  {
    name: 'hang a model worker',
    how: 'SIGSTOP to the spaCy model worker only: its heartbeat stands still, so the container fails its pings and replaces the worker once it has made no progress for `SERVING_STALL_SECONDS` (5 s)',
    inject: async (stack) => void process.kill(await workerPid(stack, 'nlp-spacy'), 'SIGSTOP'),
  },
  {
    name: 'garbage from a container',
    how: 'the TextBlob container is replaced (killed, restarted by the endpoint) by one that passes its pings and answers every invocation with an HTML page; 15 s later it is replaced by the real one again',
    inject: async (stack) => {
      setMode('textblob', 'garbage');
      process.kill(-(await containerPid(stack, 'nlp-textblob')), 'SIGKILL');
    },
    holdMs: 15_000,
    repair: async (stack) => {
      setMode('textblob', undefined);
      process.kill(-(await containerPid(stack, 'nlp-textblob')), 'SIGTERM');
    },
  },
  {
    name: 'stop the local endpoint',
    how: 'SIGTERM to the local SageMaker Runtime endpoint (it stops its containers); 10 s later a new one is started on the same port',
    inject: (stack) => stack.stopEndpoint(),
    holdMs: 10_000,
    repair: (stack) => stack.startEndpoint(),
  },
];

interface Outcome {
  fault: Fault;
  requests: number;
  failures: Answer[];
  /** From the first failed request's sending to the last failure's answer. */
  errorWindowMs: number;
  /** From the start of the repair (or the injection, for faults the stack heals itself) to the last failure's answer. */
  recoveryMs: number;
  slowestMs: number;
  hung: number;
  statuses: Record<string, number>;
}

const origin = performance.now();
const now = () => performance.now() - origin;

/** Injects one fault under the running load, repairs it if it needs repairing, and waits for clean answers. */
async function exercise(stack: Stack, answers: Answer[], fault: Fault): Promise<Outcome> {
  const from = answers.length;
  console.log(`\n${fault.name}: ${fault.how}`);
  const injectedAt = now();
  await fault.inject(stack);
  if (fault.repair) {
    await sleep(fault.holdMs ?? 0);
  }
  // Recovery is counted from the start of the repair (a restarted endpoint's start-up included).
  const repairedAt = fault.repair ? now() : injectedAt;
  await fault.repair?.(stack);
  for (;;) {
    await sleep(500);
    const lastFailure = answers
      .slice(from)
      .filter((answer) => answer.status !== 200)
      .at(-1);
    const cleanSince = Math.max(repairedAt, lastFailure?.answeredAt ?? 0);
    const healthy = (await stack.endpoint.status().catch(() => undefined))?.containers.every((container) => container.state === 'healthy');
    // Every request sent before the repair has had its deadline to answer, and the answers since are clean
    // and flowing (requests stuck on a hung container fail late, not at once).
    const cleanAnswers = answers.slice(from).filter((answer) => answer.sentAt > cleanSince).length;
    if (healthy && now() - repairedAt >= DEADLINE_MS + MARGIN_MS && now() - cleanSince >= CLEAN_MS && cleanAnswers >= 4 * CONNECTIONS)
      break;
    if (now() - injectedAt > PHASE_LIMIT_MS) {
      console.log(`  not recovered within ${PHASE_LIMIT_MS / 1000} s`);
      break;
    }
  }
  const mine = answers.slice(from);
  const failures = mine.filter((answer) => answer.status !== 200);
  const statuses: Record<string, number> = {};
  for (const answer of mine) {
    const key = answer.status === 200 ? '200' : `${answer.status || 'no answer'} (${answer.path.replace('/nlp/', '')})`;
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const outcome: Outcome = {
    fault,
    requests: mine.length,
    failures,
    errorWindowMs: failures.length ? Math.max(...failures.map((a) => a.answeredAt)) - Math.min(...failures.map((a) => a.sentAt)) : 0,
    recoveryMs: failures.length ? Math.max(0, Math.max(...failures.map((a) => a.answeredAt)) - repairedAt) : 0,
    slowestMs: Math.max(0, ...mine.map((answer) => answer.answeredAt - answer.sentAt)),
    hung: mine.filter((answer) => answer.answeredAt - answer.sentAt > DEADLINE_MS + MARGIN_MS || answer.status === 0).length,
    statuses,
  };
  console.log(
    `  ${outcome.requests} answers, ${failures.length} failed; window ${seconds(outcome.errorWindowMs)}, recovered ${seconds(outcome.recoveryMs)} after the repair; slowest ${seconds(outcome.slowestMs)}; ${formatStatuses(statuses)}`,
  );
  return outcome;
}

setMode('textblob', undefined);
const stack = await startStack({ firstPort: 3500, endpointEnv: { LOCAL_SAGEMAKER_PYTHON: join(repoRoot, 'bench', 'faults-python') } });
const unbound = bound(stack, 'fault benchmark', 15);
try {
  console.log(`stack up at ${stack.url}; warming up`);
  await run({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, duration: 5 });
  const load = startRun({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, duration: 14 * 60, origin });
  await sleep(5_000);
  const baseline = load.answers.filter((answer) => answer.status !== 200).length;
  const outcomes: Outcome[] = [];
  for (const fault of FAULTS) outcomes.push(await exercise(stack, load.answers, fault));
  load.stop();
  await load.result;

  const after = await run({ url: stack.url, workload: 'mixed', connections: CONNECTIONS, duration: 10 });
  const status = await stack.endpoint.status();
  const restarts = status.containers.map((container) => `${container.hostname} ${container.restarts}`).join(', ');
  const healthy = status.containers.every((container) => container.state === 'healthy');
  const hung = outcomes.reduce((sum, outcome) => sum + outcome.hung, 0);
  const workerHang = outcomes.find((outcome) => outcome.fault.name === WORKER_HANG);
  const workerHealed = workerHang !== undefined && workerHang.recoveryMs <= DEADLINE_MS;
  const brokenAfter = after.errors > 0 || !healthy || outcomes.some((outcome) => outcome.recoveryMs > PHASE_LIMIT_MS);

  publish(
    'faults',
    `Concurrency ${CONNECTIONS}; each fault held until ${CLEAN_MS / 1000} s of clean answers. Before the first fault: ${baseline} failures in 5 s of load.

${table(
  ['fault', 'what was done', 'answers:', 'failed:', 'statuses clients saw', 'error window:', 'recovered after repair:', 'slowest answer:'],
  outcomes.map((o) => [
    o.fault.name,
    o.fault.how,
    o.requests,
    o.failures.length,
    formatStatuses(o.statuses),
    seconds(o.errorWindowMs),
    seconds(o.recoveryMs),
    seconds(o.slowestMs),
  ]),
)}

After the faults: 10 s of the same load gave ${formatStatuses(after.statuses)}; containers ${healthy ? 'all healthy' : '**not all healthy**'}
(restarts since the endpoint's own restart: ${restarts}).

Targets: no request answered later than the gateway's deadline (${DEADLINE_MS / 1000} s, plus ${MARGIN_MS / 1000} s for the load
generator on a busy machine) — ${hung === 0 ? 'met' : `**not met** (${hung})`}; nothing stays broken — ${verdict(!brokenAfter)};
a hung model worker healed within the gateway's deadline (${DEADLINE_MS / 1000} s from the injection) — ${verdict(workerHealed)}.`,
  );
  process.exitCode = hung === 0 && !brokenAfter && workerHealed ? 0 : 1;
} finally {
  unbound();
  setMode('textblob', undefined);
  await stack.stop();
}

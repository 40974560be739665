/**
 * The local SageMaker Runtime endpoint's added latency: the same spaCy request (a typical news
 * paragraph, and a single sentence) sent to the spaCy container directly and through the endpoint,
 * interleaved in one run (p50, p99); then typical requests under load, directly and through the
 * endpoint, counting errors. What the figures mean: bench/README.md, "Local SageMaker endpoint overhead".
 *
 *   npm run bench:local-endpoint   (node --import tsx bench/local-endpoint.ts; --no-write only prints)
 *
 * LOCAL_BENCH_PAIRS sets the interleaved pairs (1000); LOCAL_BENCH_ENGINES runs it against another
 * registry (a fixture container, say) and LOCAL_BENCH_HOSTNAME picks the container.
 */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import autocannon from 'autocannon';
import SERVING_DEFAULTS from '../containers/serving/defaults.json' with { type: 'json' };
import { fromRoot } from '../local/config.js';
import { type LocalEndpoint, startLocalEndpoint } from '../local/launch.js';
import { percentile, publish, type Target, table, throughEndpoint, timedPost, verdict } from './lib/index.js';

const hostname = process.env.LOCAL_BENCH_HOSTNAME ?? 'nlp-spacy';
const pairs = Number(process.env.LOCAL_BENCH_PAIRS ?? 1_000);
const warmup = 50;
const load = { amount: 2_000, connections: 16 };
const targetRatio = 1.1;
/** The spaCy engine's default task on a typical text, a short news paragraph; and on one sentence. */
const requests = {
  paragraph: {
    texts: [
      'Apple is looking at buying a U.K. startup for $1 billion, people familiar with the talks said on Tuesday. ' +
        'The company, based in Cupertino, California, has been expanding its artificial intelligence team in London and Paris. ' +
        'Tim Cook met Prime Minister Keir Starmer at Downing Street last month to discuss investment in British technology firms.',
    ],
    tasks: ['entities'],
  },
  sentence: { texts: ['Apple is looking at buying a U.K. startup for $1 billion.'], tasks: ['entities'] },
};
type RequestName = keyof typeof requests;
const labels: Record<RequestName, string> = {
  paragraph: `typical: a news paragraph (${requests.paragraph.texts[0]!.length} characters)`,
  sentence: `one sentence (${requests.sentence.texts[0]!.length} characters)`,
};

/** SERVING_THREADS of a container in the registry the endpoint serves. */
function servingThreads(container: string): string {
  const file = fromRoot(process.env.LOCAL_BENCH_ENGINES ?? 'handlers/core/engines.json');
  const registry = JSON.parse(readFileSync(file, 'utf8')) as {
    engines: { hostname: string; environment?: Record<string, string> }[];
  };
  return (
    registry.engines.find((engine) => engine.hostname === container)?.environment?.SERVING_THREADS ??
    `${SERVING_DEFAULTS.threads} (the default)`
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

async function sideBySide(direct: Target, endpoint: Target, body: string) {
  for (let i = 0; i < warmup; i++) {
    await timedPost(direct, body, agent);
    await timedPost(endpoint, body, agent);
  }
  const times = { direct: [] as number[], endpoint: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    const order = i % 2 === 0 ? (['direct', 'endpoint'] as const) : (['endpoint', 'direct'] as const);
    for (const which of order) times[which].push(await timedPost(which === 'direct' ? direct : endpoint, body, agent));
  }
  const summary = (values: number[]) => ({ p50: percentile(values, 50), p99: percentile(values, 99) });
  const [d, e] = [summary(times.direct), summary(times.endpoint)];
  return { direct: d, endpoint: e, ratio: e.p50 / d.p50 };
}

async function loadRun(target: Target, body: string) {
  const result = await autocannon({ url: target.url, method: 'POST', headers: target.headers, body, ...load, timeout: 70 });
  return {
    errors: result.errors + result.timeouts + result.non2xx,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

function targets(endpoint: LocalEndpoint, containerPort: number): [Target, Target] {
  return [
    { name: 'direct', url: `http://127.0.0.1:${containerPort}/invocations`, headers: { 'Content-Type': 'application/json' } },
    throughEndpoint(endpoint, hostname),
  ];
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

const endpoint = await startLocalEndpoint({ engines: process.env.LOCAL_BENCH_ENGINES, startTimeoutMs: 300_000 });
try {
  const container = (await endpoint.status()).containers.find((candidate) => candidate.hostname === hostname);
  if (!container?.port) throw new Error(`no healthy container ${hostname}`);
  const [direct, viaEndpoint] = targets(endpoint, container.port);

  const latency = {} as Record<RequestName, Awaited<ReturnType<typeof sideBySide>>>;
  for (const name of Object.keys(requests) as RequestName[]) {
    console.log(`side by side, ${name}: ${pairs} requests each, interleaved, after ${warmup} warm-up pairs`);
    latency[name] = await sideBySide(direct, viaEndpoint, JSON.stringify(requests[name]));
    console.log(latency[name]);
  }
  console.log(`load: ${load.amount} paragraph requests at concurrency ${load.connections}, direct then through the endpoint`);
  const loadDirect = await loadRun(direct, JSON.stringify(requests.paragraph));
  const loadEndpoint = await loadRun(viaEndpoint, JSON.stringify(requests.paragraph));

  const ratio = latency.paragraph.ratio;
  const loadRow = (label: string, run: typeof loadDirect) => [label, run.errors, run.rps.toFixed(0), `${run.p50} ms`, `${run.p99} ms`];
  publish(
    'local-endpoint',
    `The \`${hostname}\` container, ${pairs} requests each way after ${warmup} warm-up pairs.

${table(
  ['request', 'direct p50', 'endpoint p50', 'added at p50', 'direct p99', 'endpoint p99'],
  (Object.keys(requests) as RequestName[]).map((name) => {
    const { direct: d, endpoint: e } = latency[name];
    return [
      labels[name],
      ms(d.p50),
      ms(e.p50),
      `+${ms(e.p50 - d.p50)} (+${((latency[name].ratio - 1) * 100).toFixed(1)}%)`,
      ms(d.p99),
      ms(e.p99),
    ];
  }),
)}

Target: the endpoint adds at most ${((targetRatio - 1) * 100).toFixed(0)}% to a typical spaCy request at p50 — ${verdict(ratio <= targetRatio)}.

Load: ${load.amount} typical requests at concurrency ${load.connections}; \`SERVING_THREADS\` in the registry used: ${servingThreads(container.hostname)}.

${table(
  ['path', 'errors', 'requests/s', 'p50', 'p99'],
  [loadRow('container directly', loadDirect), loadRow('through the local endpoint', loadEndpoint)],
)}

Target: zero errors through the endpoint — ${verdict(loadEndpoint.errors === 0)}.`,
  );
  if (ratio > targetRatio || loadEndpoint.errors > 0) process.exitCode = 1;
} finally {
  agent.destroy();
  await endpoint.stop();
}

/**
 * The local SageMaker Runtime endpoint's added latency: the same spaCy request (a typical news
 * paragraph, and a single sentence) sent to the spaCy container directly and through the endpoint,
 * interleaved in one run (p50, p99); then 2,000 typical requests at concurrency 16, directly and
 * through the endpoint, counting errors.
 *
 *   node_modules/.bin/node --import tsx bench/local-endpoint.ts
 *
 * Writes its section of bench/README.md. LOCAL_BENCH_ENGINES runs it against another registry
 * (for instance a fixture container) and LOCAL_BENCH_HOSTNAME picks the container.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { fromRoot } from '../local/config.js';
import { startLocalEndpoint, type LocalEndpoint } from '../local/launch.js';
import { writeSection } from './report.mjs';
import { percentile } from './stats.mjs';
import SERVING_DEFAULTS from '../containers/serving/defaults.json' with { type: 'json' };

const hostname = process.env.LOCAL_BENCH_HOSTNAME ?? 'nlp-spacy';
const pairs = Number(process.env.LOCAL_BENCH_PAIRS ?? 1_000);
const warmup = 50;
const load = { amount: 2_000, connections: 16 };
const targetRatio = 1.1;
/** The spaCy engine's default task on a typical text, a short news paragraph; and on one sentence. */
const requests = {
  paragraph: JSON.stringify({
    texts: [
      'Apple is looking at buying a U.K. startup for $1 billion, people familiar with the talks said on Tuesday. ' +
        'The company, based in Cupertino, California, has been expanding its artificial intelligence team in London and Paris. ' +
        'Tim Cook met Prime Minister Keir Starmer at Downing Street last month to discuss investment in British technology firms.',
    ],
    tasks: ['entities'],
  }),
  sentence: JSON.stringify({ texts: ['Apple is looking at buying a U.K. startup for $1 billion.'], tasks: ['entities'] }),
};
type RequestName = keyof typeof requests;

interface Target {
  name: string;
  port: number;
  path: string;
  headers: Record<string, string>;
}

/** SERVING_THREADS of a container in the registry the endpoint serves. */
function servingThreads(container: string): string {
  const file = fromRoot(process.env.LOCAL_BENCH_ENGINES ?? 'handlers/core/engines.json');
  const registry = JSON.parse(readFileSync(file, 'utf8')) as {
    engines: { hostname: string; environment?: Record<string, string> }[];
  };
  return (
    registry.engines.find((engine) => engine.hostname === container)?.environment?.SERVING_THREADS ??
    `${SERVING_DEFAULTS.threads}, the default`
  );
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One request over a kept-alive connection; its latency in milliseconds. */
function timedRequest(target: Target, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: target.path,
        method: 'POST',
        agent,
        headers: { ...target.headers, 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve(performance.now() - started) : reject(new Error(`${target.name}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function sideBySide(direct: Target, endpoint: Target, body: string) {
  for (let i = 0; i < warmup; i++) {
    await timedRequest(direct, body);
    await timedRequest(endpoint, body);
  }
  const times = { direct: [] as number[], endpoint: [] as number[] };
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first, so neither always gets the warmer cache.
    const order = i % 2 === 0 ? (['direct', 'endpoint'] as const) : (['endpoint', 'direct'] as const);
    for (const which of order) times[which].push(await timedRequest(which === 'direct' ? direct : endpoint, body));
  }
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
  };
  const [d, e] = [summary(times.direct), summary(times.endpoint)];
  return { direct: d, endpoint: e, ratio: e.p50 / d.p50 };
}

async function loadRun(target: Target, body: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: 'POST',
    headers: target.headers,
    body,
    ...load,
    timeout: 70,
  });
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    errors,
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

function targets(endpoint: LocalEndpoint, containerPort: number): [Target, Target] {
  const url = new URL(endpoint.url);
  return [
    { name: 'direct', port: containerPort, path: '/invocations', headers: { 'Content-Type': 'application/json' } },
    {
      name: 'endpoint',
      port: Number(url.port),
      path: `/endpoints/${endpoint.endpointName}/invocations`,
      headers: { 'Content-Type': 'application/json', 'X-Amzn-SageMaker-Target-Container-Hostname': hostname },
    },
  ];
}

const ms = (value: number) => `${value.toFixed(2)} ms`;
const characters = (name: RequestName) => (JSON.parse(requests[name]) as { texts: string[] }).texts[0]?.length ?? 0;
const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');

const endpoint = await startLocalEndpoint({ engines: process.env.LOCAL_BENCH_ENGINES, startTimeoutMs: 300_000 });
try {
  const container = (await endpoint.status()).containers.find((candidate) => candidate.hostname === hostname);
  if (!container?.port) throw new Error(`no healthy container ${hostname}`);
  const [direct, viaEndpoint] = targets(endpoint, container.port);

  const latency = {} as Record<RequestName, Awaited<ReturnType<typeof sideBySide>>>;
  for (const name of Object.keys(requests) as RequestName[]) {
    console.log(`side by side, ${name}: ${pairs} requests each, interleaved, after ${warmup} warm-up pairs`);
    latency[name] = await sideBySide(direct, viaEndpoint, requests[name]);
    console.log(latency[name]);
  }

  console.log(`load: ${load.amount} paragraph requests at concurrency ${load.connections}, direct then through the endpoint`);
  const loadDirect = await loadRun(direct, requests.paragraph);
  const loadEndpoint = await loadRun(viaEndpoint, requests.paragraph);
  console.log({ loadDirect, loadEndpoint });

  const latencyRows = (Object.keys(requests) as RequestName[]).flatMap((name) => {
    const { direct: d, endpoint: e, ratio } = latency[name];
    const label =
      name === 'paragraph' ? `typical: a news paragraph (${characters(name)} characters)` : `one sentence (${characters(name)} characters)`;
    return [
      `| ${label} | ${ms(d.p50)} | ${ms(e.p50)} | +${ms(e.p50 - d.p50)} (+${((ratio - 1) * 100).toFixed(1)}%) | ${ms(d.p99)} | ${ms(e.p99)} |`,
    ];
  });
  const ratio = latency.paragraph.ratio;
  writeSection(
    'local-endpoint',
    `## Local SageMaker endpoint overhead

\`node_modules/.bin/node --import tsx bench/local-endpoint.ts\` starts the local endpoint with the real containers and sends
the same spaCy request (task \`entities\`, the engine's default) to the \`${hostname}\` container directly and through
the endpoint (\`POST /endpoints/{name}/invocations\`), interleaved, one at a time over kept-alive connections: ${pairs}
requests each way after ${warmup} warm-up pairs, for a typical text and for a single sentence.

| request | direct p50 | endpoint p50 | added at p50 | direct p99 | endpoint p99 |
| --- | --- | --- | --- | --- | --- |
${latencyRows.join('\n')}

Target: the endpoint adds at most ${((targetRatio - 1) * 100).toFixed(0)}% to a typical spaCy request at p50 — ${verdict(ratio <= targetRatio)}.
The added time is a fixed cost per request (one more local HTTP hop between processes), so its share
is largest for the shortest requests.

Load: ${load.amount} typical requests at concurrency ${load.connections} (autocannon), direct and then through the endpoint.
The container admits \`SERVING_THREADS\` invocations at once (${servingThreads(container.hostname)} in the registry used) and
answers 503 \`busy\` to the rest, which the endpoint passes on as a ModelError.

| path | errors | requests/s | p50 | p99 |
| --- | --- | --- | --- | --- |
| container directly | ${loadDirect.errors} | ${loadDirect.rps.toFixed(0)} | ${loadDirect.p50} ms | ${loadDirect.p99} ms |
| through the local endpoint | ${loadEndpoint.errors} | ${loadEndpoint.rps.toFixed(0)} | ${loadEndpoint.p50} ms | ${loadEndpoint.p99} ms |

Target: zero errors through the endpoint — ${verdict(loadEndpoint.errors === 0)}.`,
  );
  if (ratio > targetRatio || loadEndpoint.errors > 0) process.exitCode = 1;
} finally {
  agent.destroy();
  await endpoint.stop();
}

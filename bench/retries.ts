/**
 * Retries compared: the adapter's own loop (deadline-aware full-jitter backoff, 3 attempts), as it
 * was without a quota and as it is with the SDK's quota rules, against the SDK's standard retry
 * strategy, each call bounded by the same deadline. A local server speaks SageMaker's InvokeEndpoint
 * error protocol and fails on a script; every variant runs the real SDK. What the figures mean:
 * bench/README.md, "Retries".
 *
 *   npm run bench:retries          (node --import tsx bench/retries.ts; --no-write only prints)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { createRuntimeClient, DEFAULT_RETRY, invokeContainer, RetryQuota, type RetryPolicy } from '../handlers/adapters/sagemaker.js';
import { ProblemError } from '../handlers/core/problems.js';
import { publish, quantile, table } from './lib/index.js';

type Failure = { status: number; type: string } | 'hang' | undefined;
/** Decides each attempt's answer from the attempt's number within its request and the request's number. */
type Script = (attempt: number, request: number) => Failure;

const THROTTLED = { status: 400, type: 'ThrottlingException' };
const UNAVAILABLE = { status: 503, type: 'ServiceUnavailable' };

interface Scenario {
  name: string;
  requests: number;
  concurrency: number;
  deadlineMs: number;
  script: Script;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'one transient 503 per request',
    requests: 200,
    concurrency: 4,
    deadlineMs: 2_000,
    script: (attempt) => (attempt === 1 ? UNAVAILABLE : undefined),
  },
  {
    name: 'half the attempts throttled',
    requests: 200,
    concurrency: 4,
    deadlineMs: 2_000,
    script: () => (Math.random() < 0.5 ? THROTTLED : undefined),
  },
  { name: 'an outage: every attempt 503', requests: 400, concurrency: 4, deadlineMs: 2_000, script: () => UNAVAILABLE },
  { name: 'a hung container (deadline 300 ms)', requests: 20, concurrency: 4, deadlineMs: 300, script: () => 'hang' },
];

interface Counts {
  attempts: number;
  perRequest: Map<number, number>;
}

function startServer(scenario: Scenario, counts: Counts): Promise<Server> {
  const server = createServer((request, response) => {
    const id = Number(request.headers['x-amzn-sagemaker-inference-id']);
    const attempt = (counts.perRequest.get(id) ?? 0) + 1;
    counts.perRequest.set(id, attempt);
    counts.attempts++;
    request.resume();
    request.on('end', () => {
      const failure = scenario.script(attempt, id);
      if (failure === 'hang') return void setTimeout(() => response.destroy(), 5_000);
      if (failure) {
        response.writeHead(failure.status, {
          'content-type': 'application/json',
          'x-amzn-ErrorType': `${failure.type}:http://internal.amazon.com/coral/com.amazon.sagemaker/`,
        });
        return void response.end(JSON.stringify({ message: failure.type }));
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"docs":[]}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const settings = (port: number) => ({
  endpoint: `http://127.0.0.1:${port}`,
  region: 'us-east-1',
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const ONE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

interface Variant {
  name: string;
  client: (port: number) => SageMakerRuntimeClient;
  policy: () => RetryPolicy;
}

const { quota: _, ...withoutQuota } = DEFAULT_RETRY;
const VARIANTS: Variant[] = [
  { name: 'adapter loop, no quota (before)', client: (port) => createRuntimeClient(settings(port)), policy: () => withoutQuota },
  {
    name: 'SDK standard',
    client: (port) => new SageMakerRuntimeClient({ ...settings(port), maxAttempts: 3, retryMode: 'standard' }),
    policy: () => ONE_ATTEMPT,
  },
  {
    name: 'adapter loop + quota (kept)',
    client: (port) => createRuntimeClient(settings(port)),
    policy: () => ({ ...DEFAULT_RETRY, quota: new RetryQuota() }),
  },
];

interface Outcome {
  ok: number;
  attempts: number;
  p50: number;
  p99: number;
  overshootMs: number;
}

async function run(scenario: Scenario, variant: Variant): Promise<Outcome> {
  const counts: Counts = { attempts: 0, perRequest: new Map() };
  const server = await startServer(scenario, counts);
  const client = variant.client((server.address() as AddressInfo).port);
  // One client and one quota per run, as one Lambda environment has.
  const policy = variant.policy();
  const times: number[] = [];
  let ok = 0;
  let overshootMs = 0;
  let next = 0;
  const worker = async () => {
    for (let id = next++; id < scenario.requests; id = next++) {
      const started = Date.now();
      const deadline = started + scenario.deadlineMs;
      const invocation = {
        endpointName: 'bench',
        engine: 'spacy',
        hostname: 'nlp-spacy',
        payload: { texts: ['a'] },
        inferenceId: String(id),
        deadline,
      };
      try {
        await invokeContainer(client, invocation, policy);
        ok++;
      } catch (error) {
        if (!(error instanceof ProblemError)) throw error;
      }
      times.push(Date.now() - started);
      overshootMs = Math.max(overshootMs, Date.now() - deadline);
    }
  };
  await Promise.all(Array.from({ length: scenario.concurrency }, worker));
  client.destroy();
  server.closeAllConnections();
  server.close();
  return { ok, attempts: counts.attempts, p50: quantile(times, 0.5), p99: quantile(times, 0.99), overshootMs };
}

const rows: string[][] = [];
for (const scenario of SCENARIOS) {
  for (const variant of VARIANTS) {
    const outcome = await run(scenario, variant);
    rows.push([
      scenario.name,
      variant.name,
      `${outcome.ok}/${scenario.requests}`,
      `${outcome.attempts} (${(outcome.attempts / scenario.requests).toFixed(2)})`,
      `${outcome.p50} ms`,
      `${outcome.p99} ms`,
      `${Math.max(0, outcome.overshootMs)} ms`,
    ]);
  }
}
publish(
  'retries',
  table(['scenario', 'retries by', 'answered 200', 'attempts sent (per request)', 'p50', 'p99', 'worst answer past the deadline'], rows),
);

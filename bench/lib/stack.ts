/**
 * The local stack for the load and fault benchmarks, composed as `npm start` composes it (the local
 * SageMaker Runtime endpoint with the real containers, then serverless-offline with the real
 * handlers) but with each part under the benchmark's control, so that a fault can stop and restart
 * the endpoint.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { startApi as startLocalApi } from '../../local/api.js';
import { startLocalEndpoint, type EndpointOptions, type LocalEndpoint } from '../../local/launch.js';
import { signalGroup } from '../../local/processes.js';
import { containerNames, endpointPid, type ProcessMemory, processTree } from './memory.js';

export interface StackPorts {
  api: number;
  lambda: number;
  endpoint: number;
}

export const API_KEY = 'local-dev-key';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer().once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/**
 * Ports of its own, so that a benchmark can run beside `npm start` or the e2e tests: `first`,
 * `first + 2` and `first + 5085` (3400 → 3400, 3402, 8485), or the next free block of that shape.
 */
export async function freePorts(first: number): Promise<StackPorts> {
  for (let api = first; api < first + 100; api += 10) {
    const ports = { api, lambda: api + 2, endpoint: api + 5085 };
    const free = await Promise.all(Object.values(ports).map(portFree));
    if (free.every(Boolean)) return ports;
  }
  throw new Error(`no free ports from ${first}: is something else running benchmarks?`);
}

export interface Stack {
  ports: StackPorts;
  url: string;
  endpoint: LocalEndpoint;
  /** Stops the endpoint (and so its containers) and starts a new one on the same port. */
  restartEndpoint(beforeStart?: () => Promise<void>): Promise<void>;
  stopEndpoint(): Promise<void>;
  startEndpoint(): Promise<void>;
  /** Every process of the stack, with its resident memory. */
  processes(): Promise<ProcessMemory[]>;
  stop(): Promise<void>;
}

export interface StackOptions {
  firstPort: number;
  endpointEnv?: Record<string, string>;
}

export async function startStack({ firstPort, endpointEnv = {} }: StackOptions): Promise<Stack> {
  const ports = await freePorts(firstPort);
  const url = `http://127.0.0.1:${ports.api}`;
  const endpointOptions: EndpointOptions = { port: ports.endpoint, env: endpointEnv, startTimeoutMs: 120_000 };
  let endpoint = await startLocalEndpoint(endpointOptions);
  const api = startApi(ports);
  try {
    await waitForApi(url, api);
  } catch (error) {
    signalGroup(api, 'SIGKILL');
    await endpoint.stop();
    throw error;
  }
  const stack: Stack = {
    ports,
    url,
    get endpoint() {
      return endpoint;
    },
    async stopEndpoint() {
      await endpoint.stop();
    },
    async startEndpoint() {
      endpoint = await startLocalEndpoint(endpointOptions);
    },
    async restartEndpoint(beforeStart) {
      await stack.stopEndpoint();
      await beforeStart?.();
      await stack.startEndpoint();
    },
    processes: async () =>
      processTree(
        [
          { pid: api.pid, label: 'api (serverless-offline)' },
          { pid: await endpointPid(endpoint), label: 'endpoint' },
        ],
        await containerNames(endpoint),
      ),
    async stop() {
      if (api.exitCode === null && api.signalCode === null) {
        const exited = new Promise((resolve) => api.once('exit', resolve));
        signalGroup(api, 'SIGTERM');
        const killer = setTimeout(() => signalGroup(api, 'SIGKILL'), 10_000);
        await exited;
        clearTimeout(killer);
      }
      signalGroup(api, 'SIGKILL');
      await endpoint.stop();
    },
  };
  return stack;
}

/** serverless-offline as the stack starts it, on the benchmark's ports (its output to BENCH_API_LOG, if set). */
function startApi(ports: StackPorts): ChildProcess {
  const child = startLocalApi({
    apiPort: ports.api,
    lambdaPort: ports.lambda,
    endpointPort: ports.endpoint,
    apiKey: API_KEY,
    stdio: ['ignore', process.env.BENCH_API_LOG ? openSync(process.env.BENCH_API_LOG, 'w') : 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-8000)));
  child.once('exit', (code, signal) => {
    if (code !== 0 && signal !== 'SIGTERM' && signal !== 'SIGKILL') process.stderr.write(`[api] exited (${signal ?? code})\n${errors}\n`);
  });
  return child;
}

async function waitForApi(url: string, api: ChildProcess): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    if (api.exitCode !== null) throw new Error('serverless-offline exited before it was ready');
    const ok = await fetch(`${url}/nlp/engines`, { headers: { 'x-api-key': API_KEY } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > until) throw new Error('serverless-offline was not ready within 120 s');
    await sleep(250);
  }
}

/**
 * Holds a benchmark on the stack to its bounds: the stack stops when the benchmark is interrupted
 * (Ctrl-C, SIGTERM), and the process ends after `minutes` whatever happens, so that nothing keeps the
 * machine busy longer. Returns what clears the time bound.
 */
export function bound(stack: Stack, name: string, minutes: number): () => void {
  process.once('SIGINT', () => void stack.stop().then(() => process.exit(130)));
  process.once('SIGTERM', () => void stack.stop().then(() => process.exit(143)));
  const timer = setTimeout(() => {
    console.error(`${name}: over its ${minutes}-minute bound; stopping`);
    process.exit(2);
  }, minutes * 60_000);
  return () => clearTimeout(timer);
}

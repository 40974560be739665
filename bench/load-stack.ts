/**
 * The local stack for the load and fault benchmarks, composed as `npm start` composes it (the local
 * SageMaker Runtime endpoint with the real containers, then serverless-offline with the real
 * handlers) but with each part under the benchmark's control, so that a fault can stop and restart
 * the endpoint. Also: the memory of every process of the stack, read from /proc.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { startLocalEndpoint, type EndpointOptions, type LocalEndpoint } from '../local/launch.js';
import { startApi as startLocalApi } from '../local/api.js';
import { signalGroup } from '../local/processes.js';

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

// --- memory -----------------------------------------------------------------------------------

export interface ProcessMemory {
  pid: number;
  label: string;
  rssKiB: number;
}

/** The endpoint process: the parent of its containers (setpriv execs, so the pid is the node process). */
async function endpointPid(endpoint: LocalEndpoint): Promise<number | undefined> {
  const { containers } = await endpoint.status();
  const pid = containers.find((container) => container.pid)?.pid;
  return pid === undefined ? undefined : parentOf(pid);
}

async function containerNames(endpoint: LocalEndpoint): Promise<Map<number, string>> {
  const { containers } = await endpoint.status();
  return new Map(containers.flatMap((container) => (container.pid ? [[container.pid, container.hostname] as [number, string]] : [])));
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  const stat = readProc(pid, 'stat');
  // The command name may hold spaces and parentheses; the fields after the last ')' do not.
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

function rssKiB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readProc(pid, 'status') ?? '');
  return match ? Number(match[1]) : 0;
}

function commandLine(pid: number): string {
  return (readProc(pid, 'cmdline') ?? '').split('\0').join(' ').trim();
}

/** What a descendant process is, by its command line. */
function describe(pid: number, parentLabel: string): string {
  const command = commandLine(pid);
  if (/multiprocessing\.spawn/.test(command)) return `${parentLabel} model worker`;
  if (/resource_tracker/.test(command)) return `${parentLabel} resource tracker`;
  if (/esbuild/.test(command)) return `${parentLabel} esbuild service`;
  return `${parentLabel} child (${command.slice(0, 40)})`;
}

/** The roots and every descendant, labelled; containers by their hostname. */
export function processTree(roots: { pid?: number; label: string }[], containers: Map<number, string>): ProcessMemory[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const parent = parentOf(pid);
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const found: ProcessMemory[] = [];
  const visit = (pid: number, label: string) => {
    found.push({ pid, label, rssKiB: rssKiB(pid) });
    for (const child of children.get(pid) ?? []) {
      const hostname = containers.get(child);
      visit(child, hostname ? `${hostname} front (serve)` : describe(child, label.replace(/ front \(serve\)$/, '')));
    }
  };
  for (const root of roots) if (root.pid) visit(root.pid, root.label);
  return found;
}

export const mib = (kib: number) => kib / 1024;

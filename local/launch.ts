/**
 * Starts the local SageMaker Runtime endpoint as a child process on a free port, for the tests and
 * the benchmarks, and stops it with all its containers. Its output is kept, not printed, and shown
 * when it fails to start.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config.js';
import { pipedOutput, spawnGroup } from './processes.js';
import type { SupervisorStatus } from './supervisor.js';

const venvPython = join(repoRoot, '.venv', 'bin', 'python');

/** What `GET /local/status` answers. */
export interface EndpointStatus extends SupervisorStatus {
  endpointName: string;
}

export interface LocalEndpoint {
  url: string;
  endpointName: string;
  /** The endpoint process's id (image mode labels its containers with it). */
  pid: number;
  /** Settles when the endpoint process exits, however that happens. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  status(): Promise<EndpointStatus>;
  /** Resolves when every container is healthy (and the endpoint InService). */
  healthy(timeoutMs?: number): Promise<EndpointStatus>;
  /** The last part of what it printed. */
  output(): string;
  stop(): Promise<void>;
}

export interface EndpointOptions {
  /** LOCAL_SAGEMAKER_PORT; default 0, a free port. */
  port?: number;
  /** Print its output (already prefixed per container) as well as keeping it. */
  echo?: boolean;
  /** Engine registry to serve, relative to the repository (LOCAL_SAGEMAKER_ENGINES); default: the real one. */
  engines?: string;
  env?: Record<string, string>;
  /** Wait for InService before resolving (default true). */
  waitUntilInService?: boolean;
  startTimeoutMs?: number;
}

/** The fixtures need only the standard library, so they run on the machine's Python too. */
export const fixturePython = existsSync(venvPython) ? venvPython : 'python3';

const keptOutputChars = 256 * 1024;

export async function startLocalEndpoint(options: EndpointOptions = {}): Promise<LocalEndpoint> {
  const env: NodeJS.ProcessEnv = { ...process.env, LOCAL_SAGEMAKER_PORT: String(options.port ?? 0), ...options.env };
  if (options.engines) env.LOCAL_SAGEMAKER_ENGINES = options.engines;
  // Should the caller die, the endpoint gets SIGTERM and stops its containers.
  const child = spawnGroup(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts'],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    'SIGTERM',
  );
  let output = '';
  const keep = (out: NodeJS.WriteStream) => (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keptOutputChars);
    if (options.echo) out.write(chunk);
  };
  const { stdout, stderr } = pipedOutput(child);
  stdout.on('data', keep(process.stdout));
  stderr.on('data', keep(process.stderr));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );

  const listening = await listeningAt(child, () => output, options.startTimeoutMs ?? 30_000);
  const url = `http://localhost:${listening.port}`;
  const status = async (): Promise<EndpointStatus> => (await fetch(`${url}/local/status`)).json() as Promise<EndpointStatus>;
  const endpoint: LocalEndpoint = {
    url,
    endpointName: listening.endpointName,
    pid: spawnedPid(child),
    exited,
    status,
    output: () => output,
    async healthy(timeoutMs = options.startTimeoutMs ?? 120_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const current = await status();
        if (current.status === 'InService' && current.containers.every((container) => container.state === 'healthy')) return current;
        if (Date.now() > until) throw new Error(`containers not healthy after ${timeoutMs} ms:\n${output.slice(-4000)}`);
        await sleep(100);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  if (options.waitUntilInService ?? true) {
    try {
      await endpoint.healthy();
    } catch (error) {
      await endpoint.stop();
      throw error;
    }
  }
  return endpoint;
}

/** A child that has printed where it listens has a pid; asking for it earlier is a defect. */
function spawnedPid(child: ChildProcess): number {
  if (child.pid === undefined) throw new Error('the local endpoint has no process id');
  return child.pid;
}

/** The endpoint's name and port, from the line it prints once it listens. */
function listeningAt(child: ChildProcess, output: () => string, timeoutMs: number): Promise<{ endpointName: string; port: number }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`the local endpoint did not listen within ${timeoutMs} ms`)), timeoutMs);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGTERM');
      reject(new Error(`${error.message}\n${output().slice(-4000)}`));
    };
    const check = () => {
      const [, endpointName, port] = /\] (\S+) listening at http:\/\/localhost:(\d+)/.exec(output()) ?? [];
      if (endpointName && port && !settled) {
        settled = true;
        clearTimeout(timer);
        pipedOutput(child).stdout.off('data', check);
        resolve({ endpointName, port: Number(port) });
      }
    };
    pipedOutput(child).stdout.on('data', check);
    child.once('exit', (code, signal) => fail(new Error(`the local endpoint exited (${signal ?? code}) before listening`)));
  });
}

/**
 * The whole local stack as `npm start` runs it (scripts/stack.mjs: local endpoint, real containers,
 * the jobs services, serverless-offline) in a child process on free ports, so that it never collides
 * with a stack someone already has on :3000. Ready means what the README says: `GET /nlp/engines`
 * answers with the key. The e2e tests and bench:startup start the stack so.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { repoRoot as root } from './config.js';
import { freePort } from './ports.js';

const READY_TIMEOUT_MS = 240_000;
const STOP_GRACE_MS = 20_000;

export interface LocalStack {
  baseUrl: string;
  /** The local SageMaker Runtime endpoint the stack started (its /local/status lists the containers). */
  endpointUrl: string;
  /** The local Step Functions endpoint (its /local/status lists the Map's worker processes). */
  stepFunctionsUrl: string;
  apiKey: string;
  /** The stack's output (every process's log lines), kept for a failing run. */
  logFile: string;
  stop(): Promise<void>;
}

export interface StackOptions {
  apiKey?: string;
  /** Where the stack's output goes (its folder is created). */
  logFile: string;
  /** Arguments for scripts/stack.mjs, as `npm start -- <args>` passes them (`--images`). */
  args?: string[];
}

async function tail(file: string, lines = 40): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').slice(-lines).join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startLocalStack(options: StackOptions): Promise<LocalStack> {
  const apiKey = options.apiKey ?? 'local-dev-key';
  const { logFile } = options;
  mkdirSync(dirname(logFile), { recursive: true });
  const [apiPort, lambdaPort, endpointPort, s3Port, sfnPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const baseUrl = `http://127.0.0.1:${apiPort}`;

  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [join(root, 'scripts', 'stack.mjs'), ...(options.args ?? [])], {
    cwd: root,
    env: {
      ...process.env,
      NLP_API_KEY: apiKey,
      LOCAL_API_PORT: String(apiPort),
      LOCAL_LAMBDA_PORT: String(lambdaPort),
      LOCAL_SAGEMAKER_PORT: String(endpointPort),
      LOCAL_S3_PORT: String(s3Port),
      LOCAL_SFN_PORT: String(sfnPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const gone = exited(child);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      // stack.mjs stops the API, then the endpoint and its containers, in order.
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await gone;
      clearTimeout(timer);
    }
    log.end();
  };

  const until = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const ready = await fetch(`${baseUrl}/nlp/engines`, { headers: { 'x-api-key': apiKey } }).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) {
      return {
        baseUrl,
        endpointUrl: `http://127.0.0.1:${endpointPort}`,
        stepFunctionsUrl: `http://127.0.0.1:${sfnPort}`,
        apiKey,
        logFile,
        stop,
      };
    }
    const failed =
      child.exitCode !== null || child.signalCode !== null
        ? `exited (${child.signalCode ?? `code ${child.exitCode}`})`
        : Date.now() > until
          ? `not ready after ${READY_TIMEOUT_MS / 1000}s`
          : undefined;
    if (failed) {
      await stop();
      throw new Error(`The local stack ${failed}. Its last lines (all of them in ${logFile}):\n${await tail(logFile)}`);
    }
    await sleep(250);
  }
}

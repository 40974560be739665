/**
 * The Map's workers as the local stack runs them: each a process of its own (local/job-worker-main.ts)
 * that runs the worker Lambda handler, like a Lambda execution environment, so that one can be killed
 * mid-batch as a real one can die. A call whose process dies is rejected (the runner retries it, as
 * the Map retries a failed worker) and the process is replaced.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './config.js';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface Worker {
  child: ChildProcess;
  /** Set once the process has loaded the handler and listens. */
  ready: boolean;
  /** The call it is running (or is reserved for), if any. */
  pending?: Pending;
}

const RESERVED: Pending = { resolve: () => undefined, reject: () => undefined };

export class WorkerProcessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerProcessError';
  }
}

export class WorkerPool {
  readonly #workers: Worker[] = [];
  readonly #waiting: Array<(worker: Worker) => void> = [];
  #stopped = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.#workers.push(this.#spawn());
  }

  /** Runs the worker handler on an event in the next free process. */
  async run(event: unknown): Promise<unknown> {
    const worker = await this.#free();
    return new Promise((resolve, reject) => {
      if (!worker.child.connected) return reject(new WorkerProcessError(`the worker process ${worker.child.pid} is gone`));
      worker.pending = { resolve, reject };
      worker.child.send({ event });
    });
  }

  /** Each process's id and whether it is running a batch. */
  status(): Array<{ pid: number | undefined; busy: boolean }> {
    return this.#workers.map((worker) => ({ pid: worker.child.pid, busy: Boolean(worker.pending) }));
  }

  stop(): void {
    this.#stopped = true;
    for (const { child } of this.#workers) child.kill('SIGTERM');
  }

  #free(): Promise<Worker> {
    const idle = this.#workers.find((worker) => worker.ready && !worker.pending && worker.child.connected);
    if (idle) {
      idle.pending = RESERVED;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker): void {
    worker.pending = undefined;
    const next = this.#waiting.shift();
    if (next) {
      worker.pending = RESERVED;
      next(worker);
    }
  }

  #spawn(): Worker {
    const child = fork(join(repoRoot, 'local', 'job-worker-main.ts'), [], {
      cwd: repoRoot,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { child, ready: false };
    child.on('message', (message: { ready?: boolean; result?: unknown; error?: { name: string; message: string } }) => {
      if (message.ready) {
        worker.ready = true;
        return this.#release(worker);
      }
      const pending = worker.pending;
      if (!pending) return;
      if (message.error) pending.reject(Object.assign(new Error(message.error.message), { name: message.error.name }));
      else pending.resolve(message.result);
      this.#release(worker);
    });
    child.once('exit', (code, signal) => {
      worker.pending?.reject(new WorkerProcessError(`the worker process ${child.pid} exited (${signal ?? `code ${code}`}) mid-batch`));
      worker.pending = undefined;
      if (this.#stopped) return;
      // A new execution environment takes its place, as Lambda would start one.
      this.#workers[this.#workers.indexOf(worker)] = this.#spawn();
    });
    return worker;
  }
}

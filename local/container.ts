/**
 * One container of the endpoint, started by its launcher (a local process, or its image in image
 * mode) with SAGEMAKER_BIND_TO_PORT and SAGEMAKER_SAFE_PORT_RANGE, pinged until healthy, pinged while
 * it runs, and restarted with backoff when it exits, fails its pings or does not come up in time.
 */
import type { ChildProcess } from 'node:child_process';
import { request, type Agent } from 'node:http';
import type { EndpointConfig } from './config.js';
import { connectionPool } from './invoke.js';
import type { Launched, Launcher } from './launchers.js';
import { logger, prefixLines, type Log } from './log.js';
import { freePort } from './ports.js';
import { pipedOutput, signalGroup } from './processes.js';
import type { ContainerDefinition } from './endpoint-definition.js';

export type ContainerState = 'starting' | 'healthy' | 'stopped';

/** Where to reach a healthy container: its host and port, and the pool of connections to it. */
export interface ContainerAddress {
  host: string;
  port: number;
  pool: Agent;
}

export interface ContainerStatus {
  hostname: string;
  state: ContainerState;
  pid?: number;
  port?: number;
  restarts: number;
  everHealthy: boolean;
}

const startupPingIntervalMs = 200;
const maxBackoffMs = 15_000;

export class Container {
  private child?: ChildProcess;
  private state: ContainerState = 'stopped';
  private port?: number;
  private host?: string;
  private pool?: Agent;
  private restarts = 0;
  private failuresInARow = 0;
  private everHealthy = false;
  private stopping = false;
  private timer?: NodeJS.Timeout;
  private readonly log: Log;

  constructor(
    private readonly definition: ContainerDefinition,
    private readonly safePortRange: string,
    private readonly config: EndpointConfig,
    private readonly launcher: Launcher,
    private readonly onChange: () => void,
  ) {
    this.log = logger(definition.hostname, process.stderr);
  }

  get hostname(): string {
    return this.definition.hostname;
  }

  /** The address of a container that is healthy now, or undefined. */
  get address(): ContainerAddress | undefined {
    return this.state === 'healthy' && this.host && this.port && this.pool
      ? { host: this.host, port: this.port, pool: this.pool }
      : undefined;
  }

  status(): ContainerStatus {
    const { hostname } = this.definition;
    return { hostname, state: this.state, pid: this.child?.pid, port: this.port, restarts: this.restarts, everHealthy: this.everHealthy };
  }

  async start(): Promise<void> {
    if (this.stopping) return;
    this.port = await freePort();
    if (this.stopping) return;
    this.host = undefined;
    this.setState('starting');
    const environment = {
      ...this.definition.environment,
      SAGEMAKER_BIND_TO_PORT: String(this.port),
      SAGEMAKER_SAFE_PORT_RANGE: this.safePortRange,
    };
    let launched: Launched;
    try {
      launched = await this.launcher.launch(this.port, environment);
    } catch (error) {
      return this.restartLater(`could not start: ${(error as Error).message}`);
    }
    const { child } = launched;
    this.child = child;
    this.pool = connectionPool();
    const { stdout, stderr } = pipedOutput(child);
    prefixLines(stdout, this.hostname, process.stdout);
    prefixLines(stderr, this.hostname, process.stderr);
    child.on('error', (error) => this.log(`could not start ${this.launcher.describe}: ${error.message}`));
    child.on('exit', (code, signal) => this.exited(child, code, signal));
    this.log(`started pid ${child.pid} on port ${this.port} (SAGEMAKER_SAFE_PORT_RANGE=${this.safePortRange}): ${this.launcher.describe}`);
    const startedAt = Date.now();
    this.host = await launched.host();
    // It may have exited meanwhile: its exit handler has scheduled the restart already.
    if (this.stopping || child.exitCode !== null || child.signalCode !== null) return;
    this.schedule(() => this.awaitHealthy(startedAt), startupPingIntervalMs);
  }

  /** Stops the process group: SIGTERM, then SIGKILL after the grace period. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.setState('stopped');
      // Between a failure and its restart, an image's container may still linger.
      return this.launcher.cleanUp();
    }
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    const killer = setTimeout(() => signalGroup(child, 'SIGKILL'), this.config.stopGraceMs);
    await exited;
    clearTimeout(killer);
    // Workers that outlived their parent go too, and so does a container whose client was killed.
    signalGroup(child, 'SIGKILL');
    await this.launcher.cleanUp();
  }

  /** Last resort on the way out of a crashing supervisor: synchronous, no waiting. */
  killNow(): void {
    this.stopping = true;
    this.launcher.killNow(this.child);
  }

  private async awaitHealthy(startedAt: number): Promise<void> {
    if (this.stopping || this.state !== 'starting') return;
    if (await this.ping()) {
      this.failuresInARow = 0;
      this.everHealthy = true;
      this.log(`healthy after ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
      this.setState('healthy');
      this.schedule(() => this.monitor(0), this.config.pingIntervalMs);
    } else if (Date.now() - startedAt > this.config.startTimeoutMs) {
      this.replace(`did not pass /ping within ${this.config.startTimeoutMs / 1000}s (${this.launcher.describe})`);
    } else {
      this.schedule(() => this.awaitHealthy(startedAt), startupPingIntervalMs);
    }
  }

  private async monitor(failedPings: number): Promise<void> {
    if (this.stopping || this.state !== 'healthy') return;
    const failed = (await this.ping()) ? 0 : failedPings + 1;
    if (failed >= this.config.pingFailuresBeforeRestart) {
      this.replace(`failed ${failed} pings in a row`);
    } else {
      this.schedule(() => this.monitor(failed), this.config.pingIntervalMs);
    }
  }

  /** GET /ping within the ping timeout, answered with 200. */
  private ping(): Promise<boolean> {
    return new Promise((resolve) => {
      if (!this.host) return resolve(false);
      const req = request({ host: this.host, port: this.port, path: '/ping', timeout: this.config.pingTimeoutMs }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve(false));
      req.end();
    });
  }

  /** Kills an unhealthy process; its exit handler starts the next one. */
  private replace(reason: string): void {
    this.log(`${reason}; restarting it`);
    this.setState('starting');
    if (this.child) signalGroup(this.child, 'SIGKILL');
  }

  private exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    signalGroup(child, 'SIGKILL');
    if (child !== this.child) return;
    this.pool?.destroy();
    clearTimeout(this.timer);
    if (this.stopping) {
      this.setState('stopped');
      return;
    }
    const before = this.everHealthy ? '' : ` before passing its first ping (${this.launcher.describe})`;
    this.restartLater(`exited (${signal ?? `code ${code}`})${before}`);
  }

  /** Starts it again after a backoff that doubles with each failure in a row. */
  private restartLater(reason: string): void {
    this.failuresInARow += 1;
    this.restarts += 1;
    const delay = Math.min(500 * 2 ** (this.failuresInARow - 1), maxBackoffMs);
    this.log(`${reason}; restarting in ${(delay / 1000).toFixed(1)}s`);
    this.setState('starting');
    this.schedule(() => this.start().catch((error: Error) => this.log(`restart failed: ${error.message}`)), delay);
  }

  private schedule(task: () => unknown, delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(task, delayMs);
  }

  private setState(state: ContainerState): void {
    if (this.state === state) return;
    this.state = state;
    this.onChange();
  }
}

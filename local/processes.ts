/**
 * Child processes that cannot outlive the endpoint: each in its own process group (so that a signal
 * reaches any workers it forks) and, on Linux, with a parent-death signal, so that it dies with the
 * endpoint even when the endpoint is killed with SIGKILL.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';

const setpriv = '/usr/bin/setpriv';
const hasSetpriv = existsSync(setpriv);

export function spawnGroup(command: string, args: string[], options: SpawnOptions, deathSignal: NodeJS.Signals = 'SIGKILL'): ChildProcess {
  const [file, argv] = hasSetpriv ? [setpriv, ['--pdeathsig', deathSignal.replace(/^SIG/, ''), '--', command, ...args]] : [command, args];
  return spawn(file, argv, { ...options, detached: true });
}

/** The output streams of a child spawned with `stdio: [..., 'pipe', 'pipe']` (the only way this code spawns them). */
export function pipedOutput(child: ChildProcess): { stdout: Readable; stderr: Readable } {
  if (!child.stdout || !child.stderr) throw new Error('the child process was spawned without piped output');
  return { stdout: child.stdout, stderr: child.stderr };
}

/** Sends `signal` to the child's whole process group; a group that is already gone is fine. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

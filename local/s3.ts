/**
 * The local stack's S3: moto's server (from PyPI, hash-pinned in local/moto/requirements.txt,
 * installed into .venv-moto by scripts/setup.mjs), which speaks the S3 wire protocol the SDK uses
 * (range reads, multipart uploads, presigned URLs). Started as a child process on a port, with the
 * jobs bucket created, and stopped with its process group. moto writes a line per request into a
 * pipe this process reads from its event loop: a caller that blocks that loop (spawnSync) stalls
 * moto at its next write once the pipe is full, and every S3 call after it times out.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './config.js';
import { pipedOutput, spawnGroup } from './processes.js';
import { freePort } from './ports.js';

export const motoServer = join(repoRoot, '.venv-moto', 'bin', 'moto_server');

export interface LocalS3 {
  url: string;
  bucket: string;
  output(): string;
  stop(): Promise<void>;
}

export interface LocalS3Options {
  /** LOCAL_S3_PORT; 0 picks a free port. */
  port?: number;
  bucket: string;
  echo?: boolean;
  startTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startLocalS3({ port = 0, bucket, echo = false, startTimeoutMs = 30_000 }: LocalS3Options): Promise<LocalS3> {
  if (!existsSync(motoServer)) throw new Error(`${motoServer} is missing: run \`node scripts/setup.mjs --skip-checks\``);
  const chosen = port || (await freePort());
  const child = spawnGroup(
    motoServer,
    ['-H', '127.0.0.1', '-p', String(chosen)],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    'SIGTERM',
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-64 * 1024);
    if (echo) process.stdout.write(`[s3] ${chunk}`);
  };
  const { stdout, stderr } = pipedOutput(child);
  stdout.on('data', keep);
  stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${chosen}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };
  const until = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      // moto accepts unsigned requests: creating the bucket is also the readiness check.
      const created = await fetch(`${url}/${bucket}`, { method: 'PUT' });
      if (created.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`moto's S3 server did not start:\n${output.slice(-4000)}`);
    }
    await sleep(100);
  }
  return { url, bucket, output: () => output, stop };
}

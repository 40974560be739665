/**
 * One built image run as SageMaker runs it, outside any endpoint: `<image> serve` with
 * SAGEMAKER_BIND_TO_PORT, the registry's environment, the image's user, a memory limit, on the
 * internal network with no route out. The image tests and the images benchmark start containers so.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ContainerEngine } from './container-engine.js';
import { isolatedNetwork } from './launchers.js';

export interface RunningContainer {
  name: string;
  /** When the engine was asked to run it (Date.now()). */
  startedAt: number;
  url: string;
  exec(args: string[]): { ok: boolean; stdout: string; stderr: string };
  remove(): void;
}

export async function runAsSageMaker(
  engine: ContainerEngine,
  image: string,
  name: string,
  environment: Record<string, string>,
  port = 8123,
): Promise<RunningContainer> {
  engine.ensureInternalNetwork(isolatedNetwork);
  engine.removeContainer(name);
  const variables = Object.entries({ ...environment, SAGEMAKER_BIND_TO_PORT: String(port) }).flatMap(([key, value]) => [
    '--env',
    `${key}=${value}`,
  ]);
  const startedAt = Date.now();
  engine.run(['run', '--detach', '--name', name, '--network', isolatedNetwork, '--memory', '2g', ...variables, image, 'serve']);
  let address: string | undefined;
  for (let tries = 0; !address && tries < 50; tries += 1) {
    address = engine.containerAddress(name);
    if (!address) await sleep(100);
  }
  if (!address) throw new Error(`${name} has no address on ${isolatedNetwork}`);
  return {
    name,
    startedAt,
    url: `http://${address}:${port}`,
    exec: (args) => engine.run(['exec', name, ...args], { allowFailure: true }),
    remove: () => void engine.removeContainer(name),
  };
}

/** Milliseconds from `started` until GET /ping answers 200, polling every 50 ms. */
export async function untilHealthy(url: string, timeoutMs: number, started = Date.now()): Promise<number> {
  while (Date.now() - started < timeoutMs) {
    const ok = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ok) return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`${url}/ping did not answer 200 within ${timeoutMs} ms`);
}

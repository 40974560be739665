/**
 * What the image tests share: the container engine (a test fails, with how to install one, when
 * there is none), every registry engine's image built once (cached by tag: a rerun builds nothing),
 * and a container run as SageMaker runs it, on the internal network with no route out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectContainerEngine, type ContainerEngine } from '../../local/container-engine.js';
import { buildLocalImages, type LocalImage } from '../../local/images.js';
import { repoRoot } from '../../local/config.js';
import { freePort } from '../../local/ports.js';
import { signalGroup, spawnGroup } from '../../local/processes.js';
import { runAsSageMaker as runImage, untilHealthy } from '../../local/run-as-sagemaker.js';

export { type RunningContainer, untilHealthy } from '../../local/run-as-sagemaker.js';

export interface RegistryEngine {
  name: string;
  hostname: string;
  container: string;
  environment: Record<string, string>;
  tasks: string[];
  defaultTasks: string[];
}
export const registry = JSON.parse(readFileSync(new URL('../../handlers/core/engines.json', import.meta.url), 'utf8')) as {
  service: string;
  engines: RegistryEngine[];
};

/** Building cold takes minutes (the stand-in base, then both images); a cached run, seconds. */
export const BUILD_TIMEOUT_MS = 900_000;

let engine: ContainerEngine | undefined;
let engineProblem: Error | undefined;
let images: Promise<LocalImage[]> | undefined;

/** The engine, or the reason there is none (thrown, so that every test needing it fails with it). */
export function containers(): ContainerEngine {
  if (!engine && !engineProblem) {
    try {
      engine = detectContainerEngine();
    } catch (error) {
      engineProblem = error as Error;
    }
  }
  if (engineProblem) throw engineProblem;
  return engine!;
}

export function builtImages(): Promise<LocalImage[]> {
  images ??= buildLocalImages(containers(), { log: (message) => process.stderr.write(`[images] ${message}\n`) });
  return images;
}

export async function imageOf(engineName: string): Promise<string> {
  const found = (await builtImages()).find((image) => image.engine === engineName);
  if (!found) throw new Error(`no image for ${engineName}`);
  return found.image;
}

/** `<image> serve` as SageMaker starts it (local/run-as-sagemaker.ts), with the engine every image test uses. */
export const runAsSageMaker = (image: string, name: string, environment: Record<string, string>, port?: number) =>
  runImage(containers(), image, name, environment, port);

/** The same container run from its folder's `serve` (process mode), to compare answers with its image. */
export async function runFromFolder(engine: RegistryEngine): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawnGroup(join(repoRoot, '.venv', 'bin', 'python'), [join(repoRoot, engine.container, 'serve')], {
    env: { PATH: process.env.PATH ?? '', ...engine.environment, SAGEMAKER_BIND_TO_PORT: String(port) },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    await gone;
  };
  try {
    await untilHealthy(url, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

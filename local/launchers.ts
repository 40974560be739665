/**
 * How a container of the endpoint is started: as a local process from its folder's `serve`
 * (process mode), or from its image as SageMaker runs it (image mode: `<image> serve` with
 * SAGEMAKER_BIND_TO_PORT, the registry's environment, the image's own user, a memory limit, and a
 * network with no route out that the endpoint reaches by the container's address).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';
import { detectContainerEngine, type ContainerEngine } from './container-engine.js';
import { BUILD_COMMAND, localImage } from './images.js';
import type { EndpointConfig } from './config.js';
import { signalGroup, spawnGroup } from './processes.js';
import type { ContainerDefinition, EndpointDefinition } from './endpoint-definition.js';

/** A container that was started: its process (the server itself, or the engine's attached client) and its address. */
export interface Launched {
  child: ChildProcess;
  /** Where its port is reached; undefined until the engine reports the container's address. */
  host(): Promise<string | undefined>;
}

export interface Launcher {
  /** What runs, for log lines: the `serve` path or the image, with how to build it. */
  readonly describe: string;
  /** Starts it; throws a LaunchError (with what to do) when it cannot even be started. */
  launch(port: number, environment: Record<string, string>): Promise<Launched>;
  /** After its process exited or was signalled: nothing of it may be left running. */
  cleanUp(): Promise<void>;
  /** Synchronous last resort on the way out of a crashing endpoint. */
  killNow(child?: ChildProcess): void;
}

export class LaunchError extends Error {
  override name = 'LaunchError';
}

/** What the process inherits from the host: enough for Python to run, nothing else of ours. */
const inheritedVariables = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TMPDIR', 'TZ', 'USER'];

export function processLauncher(definition: ContainerDefinition, config: EndpointConfig): Launcher {
  return {
    describe: definition.serve,
    async launch(_port, environment) {
      const env: Record<string, string> = {};
      for (const name of inheritedVariables) if (process.env[name]) env[name] = process.env[name];
      Object.assign(env, { PYTHONUNBUFFERED: '1' }, environment);
      const child = spawnGroup(config.python, [definition.serve], {
        cwd: dirname(definition.serve),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { child, host: async () => '127.0.0.1' };
    },
    async cleanUp() {},
    killNow(child) {
      if (child) signalGroup(child, 'SIGKILL');
    },
  };
}

/** The label that marks a container as this endpoint's: its value is the endpoint's pid. */
export const ownerLabel = 'org.nlp-gateway.local-endpoint';
/** The internal network the image-mode containers share: no route out (SageMaker's network isolation). */
export const isolatedNetwork = 'nlp-gateway-isolated';

let engine: ContainerEngine | undefined;

/** The container engine image mode uses, detected once; a ConfigurationError-like message when there is none. */
export function imageEngine(): ContainerEngine {
  engine ??= detectContainerEngine();
  return engine;
}

/** Removes containers left by local endpoints that are no longer running (one killed with SIGKILL, say). */
export function removeLeftoverContainers(log: (message: string) => void): void {
  const containers = imageEngine();
  for (const { name, labels } of containers.containersLabelled(ownerLabel)) {
    const owner = Number(labels[ownerLabel]);
    if (owner && isAlive(owner)) continue;
    log(`removing ${name}, left running by a local endpoint that is gone (pid ${owner || '?'})`);
    containers.removeContainer(name);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The longest wait for the engine to remove a container. Once, in the image-mode test that kills a
 * container twice while it loads, the restart's launch never finished and nothing was logged; the
 * endpoint kept answering, so no synchronous call blocked it, which leaves this removal. Bounded, the
 * launch fails with a reason and the supervisor retries it with backoff.
 */
const removeTimeoutMs = 20_000;

export function imageLauncher(definition: ContainerDefinition, endpoint: EndpointDefinition, config: EndpointConfig): Launcher {
  const containers = imageEngine();
  const image = definition.image ?? localImage(definition, { engines: endpoint.containers, service: endpoint.service });
  const name = `nlp-gateway-local-${process.pid}-${definition.hostname}`;
  const howToBuild = definition.image ? 'the registry entry names it: build or pull it yourself' : `build it with \`${BUILD_COMMAND}\``;
  /** Removes the container named `name` if there is one; false if the engine has not finished within removeTimeoutMs. */
  const remove = () =>
    // Off the event loop's hot path: other containers keep serving meanwhile.
    new Promise<boolean>((resolve) => {
      const child = spawnGroup(containers.command, ['rm', '--force', '--time', '0', name], {
        env: { ...process.env, ...containers.env },
        stdio: 'ignore',
      });
      const timer = setTimeout(() => {
        signalGroup(child, 'SIGKILL');
        resolve(false);
      }, removeTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      child.once('exit', done);
      child.once('error', done);
    });
  return {
    describe: `image ${image} (${howToBuild})`,
    async launch(_port, environment) {
      if (!containers.imageExists(image)) throw new LaunchError(`image ${image} does not exist here; ${howToBuild}`);
      containers.ensureInternalNetwork(isolatedNetwork);
      // A run with the name of a container not yet removed would fail; the supervisor retries with backoff.
      if (!(await remove())) throw new LaunchError(`removing the previous ${name} took over ${removeTimeoutMs / 1000}s`);
      const variables = Object.entries(environment).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
      const args = [
        'run',
        '--rm',
        '--name',
        name,
        '--label',
        `${ownerLabel}=${process.pid}`,
        '--network',
        isolatedNetwork,
        '--memory',
        config.containerMemory,
        ...variables,
        image,
        'serve',
      ];
      const child = spawnGroup(containers.command, args, { env: { ...process.env, ...containers.env }, stdio: ['ignore', 'pipe', 'pipe'] });
      return { child, host: () => addressOf(containers, name, child) };
    },
    async cleanUp() {
      // A container whose removal hangs is left to the next endpoint's start (removeLeftoverContainers).
      await remove();
    },
    killNow(child) {
      if (child) signalGroup(child, 'SIGKILL');
      spawnSync(containers.command, ['rm', '--force', '--time', '0', name], {
        env: { ...process.env, ...containers.env },
        stdio: 'ignore',
      });
    },
  };
}

/** The container's address once the engine has created it; undefined if its client exits first. */
async function addressOf(containers: ContainerEngine, name: string, child: ChildProcess): Promise<string | undefined> {
  while (child.exitCode === null && child.signalCode === null) {
    const address = containers.containerAddress(name);
    if (address) return address;
    await sleep(200);
  }
  return undefined;
}

/** The launcher of the mode the endpoint runs in (LOCAL_SAGEMAKER_CONTAINERS). */
export function launcherFor(definition: ContainerDefinition, endpoint: EndpointDefinition, config: EndpointConfig): Launcher {
  return config.containers === 'image' ? imageLauncher(definition, endpoint, config) : processLauncher(definition, config);
}

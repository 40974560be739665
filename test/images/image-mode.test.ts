/**
 * The local endpoint in image mode (LOCAL_SAGEMAKER_CONTAINERS=image), through the real SDK: every
 * registry container from its image, one success and one bad input per engine, a killed container
 * restarted, nothing left running after SIGTERM; a bring-your-own image served unchanged; and an
 * image that is missing or cannot start answered with the documented wire errors and a log line
 * that names the image and how to build it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  ServiceUnavailable,
} from '@aws-sdk/client-sagemaker-runtime';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalEndpoint, type LocalEndpoint } from '../../local/launch.js';
import { ownerLabel } from '../../local/launchers.js';
import { STAND_IN_BASE } from '../../local/stand-in-base.js';
import { BUILD_TIMEOUT_MS, builtImages, containers, imageOf, registry } from './support.js';

const imageMode = { LOCAL_SAGEMAKER_CONTAINERS: 'image' };

const clientFor = (endpoint: LocalEndpoint) =>
  new SageMakerRuntimeClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

function invoke(endpoint: LocalEndpoint, hostname: string, body: unknown) {
  return clientFor(endpoint).send(
    new InvokeEndpointCommand({
      EndpointName: endpoint.endpointName,
      TargetContainerHostname: hostname,
      ContentType: 'application/json',
      Body: JSON.stringify(body),
    }),
  );
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  );
const answer = (output: { Body?: Uint8Array }) => JSON.parse(Buffer.from(output.Body ?? []).toString('utf8'));

/** The containers image mode started for this endpoint process. */
const containersOf = (endpoint: LocalEndpoint) =>
  containers()
    .containersLabelled(ownerLabel)
    .filter(({ labels }) => labels[ownerLabel] === String(endpoint.pid));

/** The entry fields the registry's schema requires that these tests do not vary. */
const entryDefaults = { environment: {}, model: { name: 'fixture', version: '0' }, tasks: ['tokens'], defaultTasks: ['tokens'] };

/** A registry file of its own, for the endpoints below: each entry completed to a valid one. */
function registryFile(
  entries: { name: string; hostname: string; container: string; image?: string; environment?: Record<string, string> }[],
): string {
  const folder = mkdtempSync(join(tmpdir(), 'nlp-gateway-registry-'));
  const file = join(folder, 'engines.json');
  const engines = entries.map((entry) => ({ ...entryDefaults, ...entry }));
  writeFileSync(file, JSON.stringify({ service: registry.service, autoOrder: [engines[0]?.name], engines }));
  return file;
}

beforeAll(async () => {
  await builtImages();
}, BUILD_TIMEOUT_MS);

describe('the registry containers from their images', () => {
  let endpoint: LocalEndpoint;

  beforeAll(async () => {
    endpoint = await startLocalEndpoint({ env: imageMode, startTimeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await endpoint?.stop();
  }, 30_000);

  it.each(registry.engines.map((engine) => [engine.name, engine] as const))(
    '%s answers a real invocation through the SDK',
    async (_name, engine) => {
      const output = await invoke(endpoint, engine.hostname, {
        texts: ['Apple is looking at buying a U.K. startup for $1 billion.'],
        tasks: engine.defaultTasks,
      });
      expect(output.ContentType).toBe('application/json');
      expect(answer(output).docs).toHaveLength(1);
    },
  );

  it.each(registry.engines.map((engine) => [engine.name, engine] as const))(
    '%s answers bad input with a ModelError carrying its 4xx',
    async (_name, engine) => {
      const error = await failure(invoke(endpoint, engine.hostname, { texts: [] }));
      expect(error).toBeInstanceOf(ModelError);
      expect(error).toMatchObject({ $metadata: { httpStatusCode: 424 }, OriginalStatusCode: 422 });
    },
  );

  it('restarts a container that is killed, and it serves again', async () => {
    const [engine] = registry.engines;
    const victim = containersOf(endpoint).find(({ name }) => name.endsWith(`-${engine!.hostname}`));
    expect(victim).toBeDefined();
    containers().run(['kill', victim!.name]);
    const until = Date.now() + 120_000;
    for (;;) {
      const status = (await endpoint.status()).containers.find((container) => container.hostname === engine!.hostname);
      if (status && status.restarts >= 1 && status.state === 'healthy') break;
      if (Date.now() > until) throw new Error(`not restarted:\n${endpoint.output().slice(-3000)}`);
      await sleep(200);
    }
    expect(endpoint.output()).toMatch(new RegExp(`\\[${engine!.hostname}\\] exited \\(.+\\); restarting in`));
    const output = await invoke(endpoint, engine!.hostname, { texts: ['Still here.'], tasks: engine!.defaultTasks });
    expect(answer(output).docs).toHaveLength(1);
  }, 150_000);

  it('restarts a container that is killed while its model loads', async () => {
    const engine = registry.engines[registry.engines.length - 1]!;
    const statusOf = async () => (await endpoint.status()).containers.find((container) => container.hostname === engine.hostname)!;
    const before = (await statusOf()).restarts;
    const current = () => containersOf(endpoint).find(({ name }) => name.endsWith(`-${engine.hostname}`));
    containers().run(['kill', current()!.name]);
    // The next container, caught while it loads (the endpoint has started it, it has not passed a ping).
    const until = Date.now() + 60_000;
    while (!((await statusOf()).restarts > before && (await statusOf()).state === 'starting' && current())) {
      if (Date.now() > until) throw new Error(`no restart began:\n${endpoint.output().slice(-3000)}`);
      await sleep(50);
    }
    // Meanwhile the endpoint answers for it as SageMaker does for a container being replaced.
    const restarting = await failure(invoke(endpoint, engine.hostname, { texts: ['x'], tasks: engine.defaultTasks }));
    expect(restarting).toBeInstanceOf(ModelNotReadyException);
    expect(restarting).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    containers().run(['kill', current()!.name], { allowFailure: true });
    for (;;) {
      const status = await statusOf();
      if (status.restarts >= before + 2 && status.state === 'healthy') break;
      if (Date.now() > until + 60_000) throw new Error(`not healthy again:\n${endpoint.output().slice(-3000)}`);
      await sleep(200);
    }
    const output = await invoke(endpoint, engine.hostname, { texts: ['Back again.'], tasks: engine.defaultTasks });
    expect(answer(output).docs).toHaveLength(1);
  }, 150_000);

  it('leaves no container running once it is stopped with SIGTERM', async () => {
    expect(containersOf(endpoint)).toHaveLength(registry.engines.length);
    await endpoint.stop();
    expect(containersOf(endpoint)).toEqual([]);
  }, 30_000);
});

describe('a registry entry that names its own image', () => {
  let endpoint: LocalEndpoint;
  let file: string;

  beforeAll(async () => {
    const textblob = registry.engines.find((engine) => engine.name === 'textblob')!;
    file = registryFile([
      {
        name: 'byo',
        hostname: 'byo-container',
        container: 'containers/byo-not-here',
        image: await imageOf('textblob'),
        environment: textblob.environment,
      },
    ]);
    endpoint = await startLocalEndpoint({ engines: file, env: imageMode, startTimeoutMs: 120_000 });
  }, 150_000);

  afterAll(async () => {
    await endpoint?.stop();
    rmSync(join(file, '..'), { recursive: true, force: true });
  }, 30_000);

  it('is hosted unchanged: started as `serve`, answering on SAGEMAKER_BIND_TO_PORT', async () => {
    const output = await invoke(endpoint, 'byo-container', { texts: ['What a wonderful day.'], tasks: ['sentiment'] });
    expect(answer(output).docs[0].sentiment.polarity).toBeGreaterThan(0);
  });

  it('leaves a container behind when the endpoint is killed outright, and the next endpoint removes it', async () => {
    process.kill(endpoint.pid, 'SIGKILL');
    await endpoint.exited;
    expect(containersOf(endpoint)).toHaveLength(1);
    const next = await startLocalEndpoint({ engines: file, env: imageMode, startTimeoutMs: 120_000 });
    try {
      expect(next.output()).toMatch(
        new RegExp(`removing nlp-gateway-local-${endpoint.pid}-byo-container, left running by a local endpoint that is gone`),
      );
      expect(containersOf(endpoint)).toEqual([]);
    } finally {
      await next.stop();
    }
  }, 150_000);
});

describe('images that are missing or cannot start', () => {
  let endpoint: LocalEndpoint;
  let file: string;

  beforeAll(async () => {
    file = registryFile([
      // Built from a folder nobody built an image of: the local tag does not exist.
      { name: 'unbuilt', hostname: 'unbuilt', container: 'test/fixtures/containers/fault' },
      { name: 'absent', hostname: 'absent', container: 'containers/absent', image: 'localhost/nlp-gateway/absent:1' },
      // An image with no `serve`: it exits at once.
      { name: 'broken', hostname: 'broken', container: 'containers/broken', image: STAND_IN_BASE },
    ]);
    endpoint = await startLocalEndpoint({ engines: file, env: imageMode, waitUntilInService: false });
    await sleep(4_000);
  }, 60_000);

  afterAll(async () => {
    await endpoint?.stop();
    rmSync(join(file, '..'), { recursive: true, force: true });
  }, 30_000);

  it.each(['unbuilt', 'absent', 'broken'])('%s gets ServiceUnavailable (503): the endpoint is not in service', async (hostname) => {
    const error = await failure(invoke(endpoint, hostname, { texts: ['x'] }));
    expect(error).toBeInstanceOf(ServiceUnavailable);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 503 } });
  });

  it('logs the missing image and the command that builds it', () => {
    expect(endpoint.output()).toMatch(
      /\[unbuilt\] could not start: image localhost\/nlp-gateway\/unbuilt:c-[0-9a-f]{24}-\w+ does not exist here; build it with `npm run images`; restarting in/,
    );
    expect(endpoint.output()).toContain(
      '[absent] could not start: image localhost/nlp-gateway/absent:1 does not exist here; the registry entry names it: build or pull it yourself',
    );
  });

  it('logs an image that exits before its first ping, naming it, and keeps restarting it with backoff', () => {
    expect(endpoint.output()).toMatch(
      new RegExp(
        `\\[broken\\] exited \\(code \\d+\\) before passing its first ping \\(image ${STAND_IN_BASE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} .*\\); restarting in`,
      ),
    );
    expect(endpoint.output().match(/\[broken\] exited/g)?.length).toBeGreaterThanOrEqual(2);
  });
});

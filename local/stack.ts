/**
 * The local stack (`npm start`): the local SageMaker Runtime endpoint with every container of the
 * registry, the bulk jobs' S3 (moto) and Step Functions endpoint, then the API (serverless-offline)
 * once every container passes its ping, then the URLs and a ready curl example. Ctrl-C or SIGTERM
 * stops it all, in order. In image mode (`npm start -- --images`, or
 * LOCAL_SAGEMAKER_CONTAINERS=image) the containers run from their images, building those this
 * machine does not have yet first. scripts/stack.mjs is its command line.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startApi as spawnApi } from './api.js';
import { detectContainerEngine } from './container-engine.js';
import { buildLocalImages } from './images.js';
import { type JobsServices, startJobsServices } from './jobs-services.js';
import { type LocalEndpoint, startLocalEndpoint } from './launch.js';
import { prefixLines } from './log.js';
import { signalGroup } from './processes.js';

const startedAt = Date.now();
const endpointPort = Number(process.env.LOCAL_SAGEMAKER_PORT || 8085);
const apiPort = Number(process.env.LOCAL_API_PORT || 3000);
const lambdaPort = Number(process.env.LOCAL_LAMBDA_PORT || 3002);
// serverless.yml's local stage reads these two as well, so the API and the jobs services agree.
process.env.LOCAL_S3_PORT ||= '8086';
process.env.LOCAL_SFN_PORT ||= '8087';
const s3Port = Number(process.env.LOCAL_S3_PORT);
const sfnPort = Number(process.env.LOCAL_SFN_PORT);
const apiKey = process.env.NLP_API_KEY || 'local-dev-key';
const apiUrl = `http://localhost:${apiPort}`;
const containerStartTimeoutMs = 300_000;
const apiStartTimeoutMs = 120_000;
const stopGraceMs = 10_000;

const log = (message: string) => console.log(`[stack] ${message}`);
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)}s`;

let imageMode = false;
let endpoint: LocalEndpoint | undefined;
let api: ChildProcess | undefined;
let jobs: JobsServices | undefined;
let stopping = false;

/** Stops the API first (it calls the endpoint), then the jobs services, then the endpoint, which stops its containers. */
async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  if (api && api.exitCode === null && api.signalCode === null) {
    const running = api;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    signalGroup(running, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(running, 'SIGKILL'), stopGraceMs);
    await exited;
    clearTimeout(timer);
  }
  if (api) signalGroup(api, 'SIGKILL');
  await jobs?.stop();
  await endpoint?.stop();
  log('stopped');
  process.exit(exitCode);
}

function assertPortFree(port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', () =>
      reject(new Error(`port ${port} (${what}) is already in use: is another local stack running?`)),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

/** Polls `check` until it holds, or fails after `timeoutMs`. */
async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > until) throw new Error(`${what} not ready after ${timeoutMs / 1000}s`);
    await sleep(250);
  }
}

/** Image mode: the images this machine lacks are built first (`npm run images`), each tag once. */
async function buildImages(): Promise<void> {
  const containers = detectContainerEngine();
  log(`image mode: images through ${containers.name}`);
  await buildLocalImages(containers, { log: (message) => log(`images: ${message}`) });
}

function startApi(): ChildProcess {
  const child = spawnApi({ apiPort, lambdaPort, endpointPort, apiKey, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.stdout) prefixLines(child.stdout, 'api', process.stdout);
  if (child.stderr) prefixLines(child.stderr, 'api', process.stderr);
  child.on('exit', (code, signal) => void stop(`the API exited unexpectedly (${signal ?? `code ${code}`})`, 1));
  return child;
}

/** Runs the stack until a signal or a failure stops it; `images` runs the containers from their images. */
export async function runStack({ images = false }: { images?: boolean } = {}): Promise<void> {
  if (images) process.env.LOCAL_SAGEMAKER_CONTAINERS = 'image';
  imageMode = process.env.LOCAL_SAGEMAKER_CONTAINERS === 'image';
  // The children run in their own process groups, so a terminal's Ctrl-C reaches only this process,
  // which stops them in order; should it be killed outright, they get SIGTERM (Linux).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal, 0));
  try {
    await start();
  } catch (error) {
    await stop(`failed: ${(error as Error).message}`, 1);
  }
}

async function start(): Promise<void> {
  await assertPortFree(apiPort, 'API');
  await assertPortFree(lambdaPort, "serverless-offline's Lambda API");
  await assertPortFree(s3Port, "the jobs' S3 (moto)");
  await assertPortFree(sfnPort, "the jobs' Step Functions endpoint");

  if (imageMode) await buildImages();
  log(`starting the local SageMaker Runtime endpoint on http://localhost:${endpointPort}${imageMode ? ' (image mode)' : ''}`);
  const started = await startLocalEndpoint({ port: endpointPort, echo: true, waitUntilInService: false });
  endpoint = started;
  void started.exited.then(({ code, signal }) => stop(`the endpoint exited unexpectedly (${signal ?? `code ${code}`})`, 1));
  log(`starting the jobs' S3 (moto) on http://127.0.0.1:${s3Port} and Step Functions endpoint on http://127.0.0.1:${sfnPort}`);
  const services = await startJobsServices({ s3Port, sfnPort, endpointPort });
  jobs = services;
  const { containers } = await started.healthy(containerStartTimeoutMs);
  const containersReady = seconds(startedAt);

  log(`every container is healthy; starting the API (serverless-offline) on ${apiUrl}`);
  api = startApi();
  await waitFor('the API', apiStartTimeoutMs, async () => (await fetch(`${apiUrl}/nlp/engines`, { headers: { 'x-api-key': apiKey } })).ok);

  const publicPages = await Promise.all(
    (
      [
        ['Playground', '/playground'],
        ['OpenAPI document', '/openapi.json'],
      ] as const
    ).map(async ([name, path]) =>
      (await fetch(`${apiUrl}${path}`).then(
        (response) => response.ok,
        () => false,
      ))
        ? `\n  ${name.padEnd(28)}${apiUrl}${path}`
        : '',
    ),
  );
  const example = JSON.stringify({ text: 'Apple is looking at buying a U.K. startup for $1 billion.', tasks: ['entities'] });
  console.log(`
Local stack ready in ${seconds(startedAt)} (containers healthy after ${containersReady}).

  API                         ${apiUrl}/nlp/{engine}   (engines: ${apiUrl}/nlp/engines)
  API key (header x-api-key)  ${apiKey}${process.env.NLP_API_KEY ? '   (from NLP_API_KEY)' : '   (default; set NLP_API_KEY to change it)'}${publicPages.join('')}
  SageMaker Runtime endpoint  ${started.url}   (endpoint ${started.endpointName}: ${containers.map((container) => container.hostname).join(', ')})
  Bulk jobs                   S3 ${services.s3.url} (bucket ${services.s3.bucket}), Step Functions ${services.sfnUrl}

Try it:
  curl -s -X POST ${apiUrl}/nlp/spacy -H 'Content-Type: application/json' -H 'x-api-key: ${apiKey}' -d '${example}'

Press Ctrl-C to stop everything.
`);
}

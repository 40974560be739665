/**
 * The local SageMaker Runtime endpoint: `node --import tsx local/main.ts`.
 * Listens at once (answering ServiceUnavailable while its containers start), starts every container
 * of the engine registry, and stops them all on SIGINT, SIGTERM or a crash of its own.
 */
import { createServer, type Server } from 'node:http';
import { readConfig } from './config.js';
import { logger } from './log.js';
import { imageEngine, removeLeftoverContainers } from './launchers.js';
import { loadEndpointDefinition, missingPrerequisites } from './endpoint-definition.js';
import { requestListener } from './server.js';
import { Supervisor } from './supervisor.js';

const log = logger('endpoint');
const startedAt = Date.now();

function cannotStart(problems: string[]): never {
  for (const problem of problems) log(`cannot start: ${problem}`);
  process.exit(1);
}

const { config, definition } = (() => {
  try {
    const config = readConfig();
    return { config, definition: loadEndpointDefinition(config.enginesFile) };
  } catch (error) {
    return cannotStart([error instanceof Error ? error.message : String(error)]);
  }
})();
if (config.containers === 'image') {
  // Image mode needs an engine, not a Python; containers a killed endpoint left behind go first.
  try {
    log(`image mode: running each container from its image with ${imageEngine().name}`);
    removeLeftoverContainers(log);
  } catch (error) {
    cannotStart([error instanceof Error ? error.message : String(error)]);
  }
} else {
  const missing = missingPrerequisites(definition, config.python);
  if (missing.length > 0) cannotStart(missing);
}
const endpointName = config.endpointName ?? `${definition.service}-${config.stage}`;
const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';

const servers: Server[] = [];
let supervisor: Supervisor | undefined;

/** Loopback on both address families, so that `localhost` works whichever one a client resolves. */
async function listen(): Promise<number> {
  const addresses = config.host === 'localhost' ? ['127.0.0.1', '::1'] : [config.host];
  let port = config.port;
  for (const [index, address] of addresses.entries()) {
    const server = createServer({ keepAliveTimeout: 65_000 });
    try {
      port = await new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, address, () => {
          const bound = server.address();
          resolve(typeof bound === 'object' && bound ? bound.port : port);
        });
      });
      servers.push(server);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A machine without IPv6 loopback still serves on 127.0.0.1.
      if (index > 0 && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) continue;
      if (code === 'EADDRINUSE') throw new Error(`port ${port} on ${address} is in use; set LOCAL_SAGEMAKER_PORT to another port`);
      throw error;
    }
  }
  return port;
}

async function shutdown(reason: string, exitCode: number): Promise<never> {
  log(`${reason}: stopping`);
  for (const server of servers) server.close();
  await supervisor?.stop();
  log('stopped');
  process.exit(exitCode);
}

function crash(error: unknown): void {
  log(`crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  supervisor?.killNow();
  process.exit(1);
}

process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);
process.on('exit', () => supervisor?.killNow());
// Repeats (a terminal's Ctrl-C reaches the whole process group, and a parent may forward it too)
// are ignored: stopping is bounded by the grace period, after which containers are killed.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void shutdown(signal, 0);
  });
}

const port = await listen().catch((error: Error) => cannotStart([error.message]));
supervisor = new Supervisor(definition, config, port);
const url = `http://localhost:${port}`;
const requests = requestListener({ endpointName, region, config, supervisor, log });
for (const server of servers) server.on('request', requests);
log(`${endpointName} listening at ${url} (${definition.containers.length} containers: ${supervisor.hostnames.join(', ')})`);

let inService = false;
supervisor.on('change', ({ status }) => {
  if (status === 'InService' && !inService) {
    inService = true;
    log(`${endpointName} InService at ${url} after ${((Date.now() - startedAt) / 1000).toFixed(1)}s`);
  }
});
await supervisor.start();

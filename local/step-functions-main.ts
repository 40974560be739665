/**
 * The local Step Functions endpoint: `node --import tsx local/step-functions-main.ts`. It listens
 * on LOCAL_SFN_PORT (default 8087) and runs jobs with the real step handlers, configured by the
 * same environment the local stage gives them (local/stack.ts passes it); LOCAL_JOBS_CONCURRENCY
 * is the Map's MaxConcurrency (default 4): that many worker processes (local/job-workers.ts).
 */
import { createServer } from 'node:http';
import { loadJobSteps } from './job-steps.js';
import { WorkerPool } from './job-workers.js';
import { logger } from './log.js';
import { stepFunctionsListener } from './step-functions.js';

const log = logger('sfn');
const port = Number(process.env.LOCAL_SFN_PORT ?? 8087);
const concurrency = Number(process.env.LOCAL_JOBS_CONCURRENCY ?? 4);

// The Map's workers run in processes of their own, as Lambda runs them; plan and reduce run here.
const workers = new WorkerPool(concurrency);
const steps = { ...(await loadJobSteps()), work: (event: unknown) => workers.run(event) };
const server = createServer(stepFunctionsListener({ steps, concurrency, log, status: () => ({ workers: workers.status() }) }));
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  log(`local Step Functions listening at http://localhost:${typeof address === 'object' && address ? address.port : port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    workers.stop();
    server.close(() => process.exit(0));
  });
}

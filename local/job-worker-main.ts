/**
 * One worker process of the local Map (local/job-workers.ts): the worker Lambda handler, fed the
 * events the Distributed Map sends over IPC, one at a time, configured by the environment the local
 * stage gives the job steps.
 */
import { lambdaContext } from './lambda-context.js';

const { handler } = await import('../handlers/jobs/work.js');

process.on('message', async ({ event }: { event: unknown }) => {
  try {
    const result = await handler(event as never, lambdaContext('work'));
    process.send?.({ result });
  } catch (error) {
    const { name, message } = error instanceof Error ? error : new Error(String(error));
    process.send?.({ error: { name, message } });
  }
});
process.send?.({ ready: true });

/**
 * The three job steps as the local stack runs them: the real Lambda handlers (handlers/jobs/),
 * loaded after the environment the local stage gives them is set, and the plan's items read from
 * S3 as the Distributed Map's ItemReader reads them (JSON Lines).
 */
import type { JobSteps } from './job-runner.js';

export async function loadJobSteps(): Promise<JobSteps> {
  const [{ handler: plan }, { handler: work }, { handler: reduce }, s3] = await Promise.all([
    import('../handlers/jobs/plan.js'),
    import('../handlers/jobs/work.js'),
    import('../handlers/jobs/reduce.js'),
    import('../handlers/adapters/s3.js'),
  ]);
  const client = s3.createStorageClient();
  return {
    plan: (event, context) => plan(event as never, context),
    work: (event, context) => work(event as never, context),
    reduce: (event, context) => reduce(event as never, context),
    async *planItems(bucket, key) {
      for await (const { bytes } of s3.bucketStore(client, bucket).lines(key)) if (bytes.length) yield JSON.parse(bytes.toString('utf8'));
    },
  };
}

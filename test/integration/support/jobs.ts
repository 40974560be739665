/**
 * The job steps' handlers, configured for the local stack as the local stage configures them
 * (environment only): moto's S3 server and the local SageMaker endpoint.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { LocalEndpoint } from '../../../local/launch.js';
import type { JobSteps } from '../../../local/job-runner.js';
import type { LocalS3 } from '../../../local/s3.js';
import { jobStepsEnvironment } from '../../../local/jobs-services.js';

export async function loadJobSteps(endpoint: LocalEndpoint, s3: LocalS3): Promise<JobSteps & { client: S3Client }> {
  Object.assign(process.env, {
    ...jobStepsEnvironment({ endpointUrl: endpoint.url, endpointName: endpoint.endpointName, s3Url: s3.url, bucket: s3.bucket }),
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });

  const [{ handler: plan }, { handler: work }, { handler: reduce }, { bucketStore, createStorageClient }] = await Promise.all([
    import('../../../handlers/jobs/plan.js'),
    import('../../../handlers/jobs/work.js'),
    import('../../../handlers/jobs/reduce.js'),
    import('../../../handlers/adapters/s3.js'),
  ]);
  const client = createStorageClient();
  const store = bucketStore(client, s3.bucket);
  return {
    client,
    plan: (event, context) => plan(event as never, context),
    work: (event, context) => work(event as never, context),
    reduce: (event, context) => reduce(event as never, context),
    async *planItems(_bucket, key) {
      for await (const { bytes } of store.lines(key)) if (bytes.length) yield JSON.parse(bytes.toString('utf8'));
    },
  };
}

export async function putObject(client: S3Client, bucket: string, key: string, body: string | Buffer): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

export async function getText(client: S3Client, bucket: string, key: string): Promise<string> {
  const { Body } = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await Body?.transformToString('utf8')) ?? '';
}

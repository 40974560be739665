/**
 * The local stack's half for bulk jobs: moto's S3 server with the jobs bucket, and the local Step
 * Functions endpoint (local/step-functions-main.ts) that runs jobs with the real step handlers. The
 * step handlers get the environment the local stage gives them in serverless.yml (jobStepsEnvironment).
 */
import type { ChildProcess } from 'node:child_process';
import { REGISTRY } from '../handlers/core/registry.js';
import { repoRoot } from './config.js';
import { prefixLines } from './log.js';
import { spawnGroup } from './processes.js';
import { type LocalS3, startLocalS3 } from './s3.js';

/** The local stage's jobs bucket (serverless.yml: `${self:service}-local-jobs`). */
export const LOCAL_JOBS_BUCKET = `${REGISTRY.service}-local-jobs`;

/** What the local stage gives the job steps (serverless.yml's jobStepsEnvironment), for a given endpoint and S3. */
export function jobStepsEnvironment(where: {
  endpointUrl: string;
  endpointName: string;
  s3Url: string;
  bucket: string;
}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME: where.endpointUrl,
    AWS_ENDPOINT_URL_S3: where.s3Url,
    AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    SAGEMAKER_ENDPOINT_NAME: where.endpointName,
    JOBS_BUCKET: where.bucket,
    POWERTOOLS_SERVICE_NAME: REGISTRY.service,
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

export interface JobsServicesOptions {
  s3Port: number;
  sfnPort: number;
  endpointPort: number;
  /** The Map's MaxConcurrency locally. */
  concurrency?: number;
  echo?: boolean;
}

export interface JobsServices {
  s3: LocalS3;
  sfnUrl: string;
  sfn: ChildProcess;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function reachable(url: string, timeoutMs: number, child: ChildProcess): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const answered = await fetch(url, { method: 'POST', headers: { 'X-Amz-Target': 'AWSStepFunctions.ListExecutions' }, body: '{}' }).then(
      () => true,
      () => false,
    );
    if (answered) return;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`the local Step Functions endpoint did not start at ${url}`);
    await sleep(100);
  }
}

export async function startJobsServices({
  s3Port,
  sfnPort,
  endpointPort,
  concurrency = 4,
  echo = true,
}: JobsServicesOptions): Promise<JobsServices> {
  const s3 = await startLocalS3({ port: s3Port, bucket: LOCAL_JOBS_BUCKET });
  const sfn = spawnGroup(
    process.execPath,
    ['--import', 'tsx', 'local/step-functions-main.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        LOCAL_SFN_PORT: String(sfnPort),
        LOCAL_JOBS_CONCURRENCY: String(concurrency),
        ...jobStepsEnvironment({
          endpointUrl: `http://localhost:${endpointPort}`,
          endpointName: `${REGISTRY.service}-local`,
          s3Url: s3.url,
          bucket: LOCAL_JOBS_BUCKET,
        }),
        POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
    'SIGTERM',
  );
  if (echo && sfn.stdout && sfn.stderr) {
    prefixLines(sfn.stdout, 'jobs', process.stdout);
    prefixLines(sfn.stderr, 'jobs', process.stderr);
  }
  const sfnUrl = `http://127.0.0.1:${sfnPort}`;
  const stop = async () => {
    if (sfn.exitCode === null && sfn.signalCode === null) {
      const exited = new Promise((resolve) => sfn.once('exit', resolve));
      sfn.kill('SIGTERM');
      const killer = setTimeout(() => sfn.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    }
    await s3.stop();
  };
  try {
    await reachable(sfnUrl, 60_000, sfn);
  } catch (error) {
    await stop();
    throw error;
  }
  return { s3, sfnUrl, sfn, stop };
}

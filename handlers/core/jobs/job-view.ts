/**
 * A job as `GET /nlp/jobs/{id}` shows it: its status from the execution's, its counts from the plan
 * while it runs and from the manifest once it is done, and presigned URLs to its results.
 */
import { JOB_LIMITS, keys, type PlanSummary } from './job.js';
import type { JobRecord } from './records.js';
import { readJson } from './records.js';
import type { Manifest } from './reduce-job.js';
import type { ExecutionStatus, JobsDependencies } from './services.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partiallySucceeded' | 'failed' | 'cancelled';

export interface JobView {
  id: string;
  status: JobStatus;
  engine: string;
  tasks: string[];
  offsetEncoding: string;
  createdAt: string;
  counts: { total: number; succeeded: number; failed: number };
  results?: { files: string[]; manifest: string };
  problem?: unknown;
}

/** Executions that ended without a manifest. */
const ENDED: Partial<Record<ExecutionStatus, JobStatus>> = { FAILED: 'failed', TIMED_OUT: 'failed', ABORTED: 'cancelled' };

/** The manifest's status, counts and problem, and URLs to its files. */
async function finished(view: JobView, manifest: Manifest, { presigner }: JobsDependencies): Promise<JobView> {
  const seconds = JOB_LIMITS.resultUrlSeconds;
  return {
    ...view,
    status: manifest.status,
    counts: manifest.counts,
    results: {
      files: await Promise.all(manifest.files.map((file) => presigner.url(file, 'GET', seconds))),
      manifest: await presigner.url(keys.manifest(view.id), 'GET', seconds),
    },
    ...(manifest.problem ? { problem: manifest.problem } : {}),
  };
}

export async function jobView(record: JobRecord, dependencies: JobsDependencies): Promise<JobView> {
  const { store, runner } = dependencies;
  const { id, spec, createdAt } = record;
  const execution = record.executionArn ? await runner.describe(record.executionArn) : undefined;
  const summary = await readJson<PlanSummary>(store, keys.planSummary(id));
  const view: JobView = {
    id,
    status: 'queued',
    engine: spec.engine,
    tasks: spec.tasks,
    offsetEncoding: spec.offsetEncoding,
    createdAt,
    counts: summary ? { total: summary.documents, succeeded: 0, failed: summary.failed } : { total: 0, succeeded: 0, failed: 0 },
  };
  if (execution === 'RUNNING' || execution === 'PENDING_REDRIVE') return { ...view, status: summary ? 'running' : 'queued' };
  const ended = execution && ENDED[execution];
  if (ended) return { ...view, status: ended };
  const manifest = execution === 'SUCCEEDED' ? await readJson<Manifest>(store, keys.manifest(id)) : undefined;
  return manifest ? finished(view, manifest, dependencies) : view;
}

/**
 * The limits a job is held to (JOB_LIMITS in job.ts; README.md, "Bulk jobs"), each checked where
 * its number is first known: the jobs a key has running and the size of a `text` upload when the
 * job is asked for (POST /nlp/jobs answers the problem), the size of each document and the count of
 * documents while the plan reads the upload (an error line, or the whole job refused before any
 * batch runs). Each check throws the problem the caller sees.
 */
import type { Task } from '../contract.js';
import { ProblemError } from '../problems.js';
import { JOB_LIMITS, TOKEN_TASKS } from './job.js';

/** Seconds a client is asked to wait after too-many-jobs: about what a small job takes. */
const RUNNING_JOBS_RETRY_SECONDS = 60;

/** `running` is how many jobs of the key run now; one more may start only below the limit. */
export function checkRunningJobs(running: number, limit: number = JOB_LIMITS.maxRunningJobs): void {
  if (running < limit) return;
  throw new ProblemError('too-many-jobs', `An API key may run ${limit} jobs at once and ${running} are running; wait for one to finish.`, {
    extensions: { limit },
    retryAfter: RUNNING_JOBS_RETRY_SECONDS,
  });
}

/** `documents` is the count read so far, the one in hand included. */
export function checkDocumentCount(documents: number, limit: number = JOB_LIMITS.maxDocuments): void {
  if (documents <= limit) return;
  throw new ProblemError('too-many-documents', `A job may hold at most ${limit} documents; the upload has more.`, {
    extensions: { limit },
  });
}

/** The largest document the tasks allow, in UTF-8 bytes: less when a task's output grows with every character. */
export const documentByteLimit = (tasks: readonly Task[]): number =>
  tasks.some((task) => TOKEN_TASKS.includes(task)) ? JOB_LIMITS.maxTokenDocumentBytes : JOB_LIMITS.maxDocumentBytes;

export function checkDocumentBytes(tasks: readonly Task[], bytes: number): void {
  const limit = documentByteLimit(tasks);
  if (bytes <= limit) return;
  const heavy = tasks.filter((task) => TOKEN_TASKS.includes(task));
  const why = limit === JOB_LIMITS.maxDocumentBytes ? 'a document' : `with ${heavy.join(' or ')} a document`;
  throw new ProblemError('document-too-large', `The document has ${bytes} bytes; ${why} may have at most ${limit}.`, {
    extensions: { limit },
  });
}

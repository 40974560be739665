import { JOB_LIMITS } from '../../../../handlers/core/jobs/job.js';
import { checkDocumentBytes, checkDocumentCount, checkRunningJobs } from '../../../../handlers/core/jobs/job-limits.js';
import type { ProblemError } from '../../../../handlers/core/problems.js';

/** What a check threw, as a caller sees it; undefined when it let the value through. */
function refusal(check: () => void): Partial<ProblemError> | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    const { slug, status, detail, options } = error as ProblemError;
    return { slug, status, detail, options };
  }
}

describe('the running-jobs limit of an API key', () => {
  it.each([0, 1, JOB_LIMITS.maxRunningJobs - 1])('lets a job start with %i running', (running) => {
    expect(refusal(() => checkRunningJobs(running))).toBeUndefined();
  });

  it.each([JOB_LIMITS.maxRunningJobs, JOB_LIMITS.maxRunningJobs + 3])('answers 429 too-many-jobs with %i running', (running) => {
    expect(refusal(() => checkRunningJobs(running))).toEqual({
      slug: 'too-many-jobs',
      status: 429,
      detail: `An API key may run ${JOB_LIMITS.maxRunningJobs} jobs at once and ${running} are running; wait for one to finish.`,
      options: { extensions: { limit: JOB_LIMITS.maxRunningJobs }, retryAfter: 60 },
    });
  });
});

describe('the documents of one job', () => {
  it.each([1, JOB_LIMITS.maxDocuments])('lets the plan read document %i', (documents) => {
    expect(refusal(() => checkDocumentCount(documents))).toBeUndefined();
  });

  it('refuses the job with 413 too-many-documents at the document past the limit', () => {
    expect(refusal(() => checkDocumentCount(JOB_LIMITS.maxDocuments + 1))).toMatchObject({
      slug: 'too-many-documents',
      status: 413,
      options: { extensions: { limit: JOB_LIMITS.maxDocuments } },
    });
  });
});

describe('the size of one document', () => {
  it.each([
    ['entities', JOB_LIMITS.maxDocumentBytes, ['entities']],
    ['tokens', JOB_LIMITS.maxTokenDocumentBytes, ['tokens']],
  ] as const)('with %s lets %i bytes through', (_name, bytes, tasks) => {
    expect(refusal(() => checkDocumentBytes(tasks, bytes))).toBeUndefined();
  });

  it.each([
    ['entities', JOB_LIMITS.maxDocumentBytes, ['entities']],
    ['tokens', JOB_LIMITS.maxTokenDocumentBytes, ['tokens']],
    ['entities and syntax', JOB_LIMITS.maxTokenDocumentBytes, ['entities', 'syntax']],
  ] as const)('with %s answers 413 document-too-large over %i bytes', (_name, limit, tasks) => {
    expect(refusal(() => checkDocumentBytes(tasks, limit + 1))).toMatchObject({
      slug: 'document-too-large',
      status: 413,
      options: { extensions: { limit } },
    });
  });
});

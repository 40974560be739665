/**
 * Problem details (RFC 9457): the one error type the gateway raises, the catalogue of problem types
 * the API documents, and what a client may see of any error. Each problem type carries its HTTP
 * status here and nowhere else; the code that meets a failure picks the type (the core for bad
 * requests, the SageMaker adapter for the endpoint's errors, the body parser's mapping for its
 * own), and the problemResponses middleware is the one place that turns it into a response.
 */
export interface FieldError {
  path: string;
  message: string;
}

interface ProblemType {
  status: number;
  title: string;
}

/**
 * Every problem type the API can answer with, by slug: `type` is `/problems/<slug>`. Some come only
 * from API Gateway itself in deployed stages (infra/gateway-responses.cjs; a test keeps them equal):
 * client-error, invalid-api-key, not-found, throttled, quota-exceeded, gateway-error.
 */
export const PROBLEM_TYPES = {
  'invalid-json': { status: 400, title: 'The request body is not valid JSON' },
  'client-error': { status: 400, title: 'The request was refused' },
  'invalid-api-key': { status: 403, title: 'The API key is missing or not valid' },
  'not-found': { status: 404, title: 'No such route' },
  'unknown-engine': { status: 404, title: 'No such engine' },
  'job-not-found': { status: 404, title: 'No such job' },
  'upload-not-found': { status: 404, title: 'No such upload' },
  'idempotency-conflict': { status: 409, title: 'The Idempotency-Key was used for another request' },
  'document-too-large': { status: 413, title: 'A document is too large' },
  'too-many-documents': { status: 413, title: 'Too many documents in one job' },
  'too-many-jobs': { status: 429, title: 'Too many jobs running at once' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'too-many-texts': { status: 413, title: 'Too many texts in one request' },
  'text-too-long': { status: 413, title: 'A text is too long' },
  'too-much-text': { status: 413, title: 'Too many characters in one request' },
  'result-too-large': { status: 413, title: 'The result is too large' },
  'unsupported-media-type': { status: 415, title: 'The request body must be JSON' },
  'validation-failed': { status: 422, title: 'The request does not match the schema' },
  'unsupported-task': { status: 422, title: 'The engine does not support a requested task' },
  throttled: { status: 429, title: 'Too many requests' },
  'quota-exceeded': { status: 429, title: 'Quota exceeded' },
  'internal-error': { status: 500, title: 'Internal error' },
  'engine-failed': { status: 502, title: 'The engine failed to answer' },
  'gateway-error': { status: 502, title: 'The gateway failed' },
  'engine-unavailable': { status: 503, title: 'The engine is not available right now' },
  'engine-timeout': { status: 504, title: 'The engine did not answer in time' },
} as const satisfies Record<string, ProblemType>;

export type ProblemSlug = keyof typeof PROBLEM_TYPES;

export interface ProblemOptions {
  errors?: FieldError[];
  /** Extension members, e.g. the `limit` a 413 names. */
  extensions?: Record<string, unknown>;
  /** Seconds a client should wait before retrying (503). */
  retryAfter?: number;
  cause?: unknown;
}

/**
 * An error that becomes a problem+json response. `detail` is written for the caller and shown, except
 * for a 500 (a defect), whose detail is replaced by a generic message.
 */
export class ProblemError extends Error {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly options: ProblemOptions;

  constructor(slug: ProblemSlug, detail: string, options: ProblemOptions = {}) {
    super(detail, { cause: options.cause });
    this.name = 'ProblemError';
    this.slug = slug;
    this.status = PROBLEM_TYPES[slug].status;
    this.title = PROBLEM_TYPES[slug].title;
    this.detail = detail;
    this.options = options;
  }
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const GENERIC_500 = 'Something went wrong on our side. Quote the requestId if you report it.';

/** The members of a problem that do not depend on the request. */
export type ProblemSummary = Pick<ProblemBody, 'type' | 'title' | 'status' | 'detail'>;

const asProblem = (error: unknown) => (error instanceof ProblemError ? error : new ProblemError('internal-error', GENERIC_500));

/** What a client may see of anything thrown: its type, title, status and detail; defects become a generic 500. */
export function summarise(error: unknown): ProblemSummary {
  const problem = asProblem(error);
  return {
    type: `/problems/${problem.slug}`,
    title: problem.title,
    status: problem.status,
    detail: problem.status === 500 ? GENERIC_500 : problem.detail,
  };
}

/** Turns anything thrown into the problem body a client sees; defects become a generic 500. */
export function problemBody(error: unknown, instance: string, requestId: string): ProblemBody {
  const { options } = asProblem(error);
  return {
    ...options.extensions,
    ...summarise(error),
    instance,
    requestId,
    ...(options.errors ? { errors: options.errors } : {}),
  };
}

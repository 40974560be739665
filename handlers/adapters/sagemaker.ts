/**
 * The SageMaker Runtime adapter: the only module that talks to the SDK. It invokes one container
 * of the multi-container endpoint (Direct mode) by hostname, within a deadline, retries only
 * throttling and transient unavailability with jittered backoff and a retry quota, and maps every
 * SageMaker failure to the problem type the client will see (with the SDK error as its cause, for
 * the logs).
 */
import { InvokeEndpointCommand, ModelError, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { ProblemError } from '../core/problems.js';
import { LIMITS } from '../core/contract.js';

export type RuntimeClient = SageMakerRuntimeClient;

/**
 * Retries are ours (see `invokeContainer`), so the SDK makes exactly one attempt per call. The
 * endpoint URL comes from the SDK's own configuration (AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME locally).
 */
export function createRuntimeClient(overrides: Partial<ConstructorParameters<typeof SageMakerRuntimeClient>[0]> = {}): RuntimeClient {
  return new SageMakerRuntimeClient({ maxAttempts: 1, ...overrides });
}

export interface Invocation {
  endpointName: string;
  engine: string;
  hostname: string;
  payload: unknown;
  inferenceId: string;
  /** Epoch milliseconds after which the gateway answers 504. */
  deadline: number;
}

export interface InvocationResult {
  body: unknown;
  attempts: number;
}

/**
 * The SDK standard retry strategy's quota, which stops a long outage from being answered with a
 * retry storm: each retry spends tokens; a call that succeeds gives back what its retries spent
 * (one token when it needed none); with too few left, a retryable failure is answered at once.
 * Kept per Lambda environment, as the SDK keeps it per client.
 */
export class RetryQuota {
  #tokens: number;
  readonly #capacity: number;
  readonly #cost: number;

  constructor({ capacity = 500, cost = 5 }: { capacity?: number; cost?: number } = {}) {
    this.#capacity = capacity;
    this.#tokens = capacity;
    this.#cost = cost;
  }

  /** Takes one retry's tokens and says how many, or 0 when there are not enough. */
  take(): number {
    if (this.#tokens < this.#cost) return 0;
    this.#tokens -= this.#cost;
    return this.#cost;
  }

  /** A call succeeded after spending `spent` tokens on its retries. */
  recordSuccess(spent: number): void {
    this.#tokens = Math.min(this.#capacity, this.#tokens + (spent || 1));
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Without one, retries are bounded by `maxAttempts` and the deadline only. */
  quota?: RetryQuota;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, quota: new RetryQuota() };

const RETRYABLE_NAMES = new Set(['ThrottlingException', 'ModelNotReadyException', 'ServiceUnavailable']);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

const statusOf = (error: SdkErrorShape) => error.$metadata?.httpStatusCode;

function isRetryable(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape;
  if (error instanceof ModelError || shape.name === 'ValidationError' || shape.name === 'AbortError') return false;
  return (
    RETRYABLE_NAMES.has(shape.name ?? '') || [429, 503].includes(statusOf(shape) ?? 0) || RETRYABLE_NETWORK_CODES.has(shape.code ?? '')
  );
}

/** Full jitter: a random delay up to an exponentially growing cap. */
const backoff = (attempt: number, policy: RetryPolicy) =>
  Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function sendOnce(client: RuntimeClient, invocation: Invocation): Promise<unknown> {
  const command = new InvokeEndpointCommand({
    EndpointName: invocation.endpointName,
    TargetContainerHostname: invocation.hostname,
    ContentType: 'application/json',
    Accept: 'application/json',
    InferenceId: invocation.inferenceId,
    // The container drops work whose deadline has passed (containers/README.md, "Deadlines").
    CustomAttributes: `deadline=${invocation.deadline}`,
    Body: new TextEncoder().encode(JSON.stringify(invocation.payload)),
  });
  const response = await client.send(command, { abortSignal: AbortSignal.timeout(Math.max(1, invocation.deadline - Date.now())) });
  const text = new TextDecoder().decode(response.Body);
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON.parse's error as the cause: its message quotes the answer, which may hold the submitted text, and causes are logged.
    const cause = new Error(`The answer of ${text.length} characters is not JSON.`);
    throw new ProblemError('engine-failed', `The ${invocation.engine} engine answered with something that is not JSON.`, { cause });
  }
}

/**
 * Invokes one container and returns its parsed JSON answer, or throws a ProblemError. A retry never
 * sleeps past the deadline (the answer comes at once instead), and spends from the quota.
 * Measured against the SDK's own standard retries in bench/README.md ("Retries").
 */
export async function invokeContainer(
  client: RuntimeClient,
  invocation: Invocation,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<InvocationResult> {
  let spent = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const body = await sendOnce(client, invocation);
      policy.quota?.recordSuccess(spent);
      return { body, attempts: attempt };
    } catch (error) {
      if (error instanceof ProblemError) throw error;
      const delay = backoff(attempt, policy);
      if (!isRetryable(error) || attempt >= policy.maxAttempts || Date.now() + delay >= invocation.deadline) {
        throw sagemakerProblem(error, invocation);
      }
      if (policy.quota) {
        const tokens = policy.quota.take();
        if (tokens === 0) throw sagemakerProblem(error, invocation);
        spent += tokens;
      }
      await sleep(delay);
    }
  }
}

/** How each SageMaker failure reaches the client. */
export function sagemakerProblem(error: unknown, { engine, deadline }: Pick<Invocation, 'engine' | 'deadline'>): ProblemError {
  const shape = (error ?? {}) as SdkErrorShape;
  if (shape.name === 'AbortError' || shape.name === 'TimeoutError' || Date.now() >= deadline) {
    return new ProblemError('engine-timeout', `The ${engine} engine did not answer before the gateway's deadline.`, { cause: error });
  }
  if (error instanceof ModelError) {
    if (error.OriginalStatusCode === 413) {
      return new ProblemError(
        'result-too-large',
        `The ${engine} engine's result for this request is over its size limit; send fewer or shorter texts, or fewer tasks.`,
        {
          cause: error,
          extensions: { limit: LIMITS.maxResponseBytes },
        },
      );
    }
    if (error.OriginalStatusCode === 503) {
      // The container is at capacity. Not retried here (a ModelError never is): the client decides.
      return new ProblemError('engine-unavailable', `The ${engine} engine is busy; try again shortly.`, { cause: error, retryAfter: 1 });
    }
    if (error.OriginalStatusCode === 504) {
      return new ProblemError('engine-timeout', `The ${engine} engine gave up on this request before finishing it.`, { cause: error });
    }
    return new ProblemError(
      'engine-failed',
      `The ${engine} engine failed on this request (it answered ${error.OriginalStatusCode ?? 'nothing'}).`,
      { cause: error },
    );
  }
  if (isRetryable(error) || shape.name === 'InternalFailure' || shape.name === 'InternalDependencyException') {
    return new ProblemError('engine-unavailable', `The ${engine} engine is not available right now; try again shortly.`, {
      cause: error,
      retryAfter: 5,
    });
  }
  if (shape.name === 'ValidationError') {
    return new ProblemError('engine-failed', `The endpoint refused the gateway's call to the ${engine} engine.`, { cause: error });
  }
  return new ProblemError('internal-error', 'Unexpected failure calling the endpoint', { cause: error });
}

import {
  InternalFailure,
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  ServiceUnavailable,
  ValidationError,
} from '@aws-sdk/client-sagemaker-runtime';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createRuntimeClient, invokeContainer, RetryQuota, type Invocation } from '../../../handlers/adapters/sagemaker.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { invokeOutput } from '../helpers.js';

const sagemaker = mockClient(SageMakerRuntimeClient);
const client = createRuntimeClient();
const fastRetry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };
const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

const invocation = (overrides: Partial<Invocation> = {}): Invocation => ({
  endpointName: 'nlp-gateway-test',
  engine: 'spacy',
  hostname: 'nlp-spacy',
  payload: { texts: ['Hello'], tasks: ['entities'] },
  inferenceId: 'req-0001',
  deadline: Date.now() + 5_000,
  ...overrides,
});

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', ...meta(400) });
const connectionReset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const modelError = (original: number) =>
  new ModelError({ message: 'Received client error', OriginalStatusCode: original, OriginalMessage: '{"error":"x"}', ...meta(424) });

beforeEach(() => sagemaker.reset());

describe('invokeContainer', () => {
  it('invokes the engine container by hostname with JSON in and out', async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ docs: [] }));
    // act
    const result = await invokeContainer(client, invocation());
    // assess
    expect(result).toEqual({ body: { docs: [] }, attempts: 1 });
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, {
      EndpointName: 'nlp-gateway-test',
      TargetContainerHostname: 'nlp-spacy',
      ContentType: 'application/json',
      Accept: 'application/json',
      InferenceId: 'req-0001',
    });
    const body = sagemaker.commandCalls(InvokeEndpointCommand)[0]?.args[0].input.Body as Uint8Array;
    expect(JSON.parse(new TextDecoder().decode(body))).toEqual({ texts: ['Hello'], tasks: ['entities'] });
  });

  it('sends the gateway deadline to the container as a custom attribute', async () => {
    // prepare
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ docs: [] }));
    // act
    await invokeContainer(client, invocation({ deadline: 1_767_225_600_000 }));
    // assess
    expect(sagemaker).toHaveReceivedCommandWith(InvokeEndpointCommand, { CustomAttributes: 'deadline=1767225600000' });
  });

  it.each([
    ['throttling', throttling],
    ['a model that is not ready', () => new ModelNotReadyException({ message: 'not ready', ...meta(429) })],
    ['service unavailability', () => new ServiceUnavailable({ message: 'unavailable', ...meta(503) })],
    ['a connection reset', connectionReset],
  ])('retries %s and then succeeds', async (_name, failure) => {
    sagemaker
      .on(InvokeEndpointCommand)
      .rejectsOnce(failure())
      .resolves(invokeOutput({ ok: true }));
    await expect(invokeContainer(client, invocation(), fastRetry)).resolves.toEqual({ body: { ok: true }, attempts: 2 });
  });

  it.each([
    ['a ModelError', () => modelError(500), 502],
    ['a ValidationError', () => new ValidationError({ message: 'Endpoint not found', ...meta(400) }), 502],
  ])('never retries %s', async (_name, failure, status) => {
    sagemaker
      .on(InvokeEndpointCommand)
      .rejectsOnce(failure())
      .resolves(invokeOutput({ ok: true }));
    const problem = await problemOf(invokeContainer(client, invocation(), fastRetry));
    expect(problem.status).toBe(status);
    expect(sagemaker).toHaveReceivedCommandTimes(InvokeEndpointCommand, 1);
  });

  it('gives up with a 503 and Retry-After once the attempts are spent', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(throttling());
    const problem = await problemOf(invokeContainer(client, invocation(), fastRetry));
    expect({ status: problem.status, retryAfter: problem.options.retryAfter }).toEqual({ status: 503, retryAfter: 5 });
    expect(sagemaker).toHaveReceivedCommandTimes(InvokeEndpointCommand, 3);
  });

  it('does not wait for a retry past the deadline', async () => {
    sagemaker.on(InvokeEndpointCommand).rejects(throttling());
    const slowRetry = { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 };
    const started = Date.now();
    const problem = await problemOf(invokeContainer(client, invocation({ deadline: Date.now() + 50 }), slowRetry));
    expect(problem.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops retrying once the retry quota is spent, and earns it back with successes', async () => {
    // prepare: room for exactly one retry
    const quota = new RetryQuota({ capacity: 5, cost: 5 });
    sagemaker.on(InvokeEndpointCommand).rejects(throttling());
    // act
    const first = await problemOf(invokeContainer(client, invocation(), { ...fastRetry, quota }));
    const second = await problemOf(invokeContainer(client, invocation(), { ...fastRetry, quota }));
    // assess: the first call retried once (quota spent), the second not at all
    expect([first.status, second.status]).toEqual([503, 503]);
    expect(sagemaker).toHaveReceivedCommandTimes(InvokeEndpointCommand, 2 + 1);
    // act: five calls that succeed at once earn one token each: room for a retry again
    sagemaker.reset();
    sagemaker.on(InvokeEndpointCommand).resolves(invokeOutput({ ok: true }));
    for (let i = 0; i < 5; i++) await invokeContainer(client, invocation(), { ...fastRetry, quota });
    sagemaker.reset();
    sagemaker
      .on(InvokeEndpointCommand)
      .rejectsOnce(throttling())
      .resolves(invokeOutput({ ok: true }));
    // assess
    await expect(invokeContainer(client, invocation(), { ...fastRetry, quota })).resolves.toEqual({ body: { ok: true }, attempts: 2 });
  });

  it.each([
    ['ModelError 413 (result over the container cap)', () => modelError(413), 413, 'result-too-large'],
    ['ModelError 500', () => modelError(500), 502, 'engine-failed'],
    ['ModelError 400', () => modelError(400), 502, 'engine-failed'],
    ['ModelError 503 (the container is busy)', () => modelError(503), 503, 'engine-unavailable'],
    ['ModelError 504 (the container gave up)', () => modelError(504), 504, 'engine-timeout'],
    ['ValidationError', () => new ValidationError({ message: 'no such hostname', ...meta(400) }), 502, 'engine-failed'],
    ['ModelNotReadyException', () => new ModelNotReadyException({ message: 'starting', ...meta(429) }), 503, 'engine-unavailable'],
    ['ServiceUnavailable', () => new ServiceUnavailable({ message: 'down', ...meta(503) }), 503, 'engine-unavailable'],
    ['InternalFailure', () => new InternalFailure({ message: 'oops', ...meta(500) }), 503, 'engine-unavailable'],
    ['ThrottlingException', throttling, 503, 'engine-unavailable'],
    ['connection refused', () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 503, 'engine-unavailable'],
    ['the deadline (AbortError)', () => Object.assign(new Error('Request aborted'), { name: 'AbortError' }), 504, 'engine-timeout'],
    ['an unknown failure', () => new TypeError('x is not a function'), 500, 'internal-error'],
  ])('maps %s to %i', async (_name, failure, status, slug) => {
    sagemaker.on(InvokeEndpointCommand).rejects(failure());
    const problem = await problemOf(invokeContainer(client, invocation(), fastRetry));
    expect({ status: problem.status, slug: problem.slug }).toEqual({ status, slug });
  });

  it('answers 502 when the container answers something that is not JSON', async () => {
    sagemaker.on(InvokeEndpointCommand).resolves({ Body: new TextEncoder().encode('<html>oops</html>') as never, $metadata: {} });
    const problem = await problemOf(invokeContainer(client, invocation()));
    expect({ status: problem.status, detail: problem.detail }).toEqual({
      status: 502,
      detail: 'The spacy engine answered with something that is not JSON.',
    });
  });
});

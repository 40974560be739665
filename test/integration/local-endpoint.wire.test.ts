/**
 * The local endpoint's wire protocol as the real AWS SDK for JavaScript sees it: each success field
 * and each error class (name, status, fields), against fixture containers that misbehave on demand.
 */
import {
  InvokeEndpointCommand,
  ModelError,
  ModelNotReadyException,
  SageMakerRuntimeClient,
  SageMakerRuntimeServiceException,
  ServiceUnavailable,
  ValidationError,
  type InvokeEndpointCommandInput,
} from '@aws-sdk/client-sagemaker-runtime';
import { fixturePython, startLocalEndpoint, type LocalEndpoint } from '../../local/launch.js';

const invocationTimeoutMs = 1_500;
const sixMiB = 6 * 1024 * 1024;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let endpoint: LocalEndpoint;
let client: SageMakerRuntimeClient;
let startingError: unknown;

const invoke = (input: Partial<InvokeEndpointCommandInput>) =>
  client.send(
    new InvokeEndpointCommand({
      EndpointName: endpoint.endpointName,
      TargetContainerHostname: 'echo',
      Body: '{}',
      ContentType: 'application/json',
      ...input,
    }),
  );

const directive = (fixture: Record<string, unknown>) => JSON.stringify({ fixture });

/** The error the SDK throws for this call. */
/** Waits until the endpoint reports the container in a state that satisfies `accept` (5 s at most). */
async function stateOf(hostname: string, accept: (state: string) => boolean): Promise<void> {
  const until = Date.now() + 5_000;
  while (!accept(String((await endpoint.status()).containers.find((container) => container.hostname === hostname)?.state))) {
    if (Date.now() > until) throw new Error(`${hostname} did not change state within 5 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function failure(input: Partial<InvokeEndpointCommandInput>): Promise<SageMakerRuntimeServiceException> {
  const error = await invoke(input).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(error instanceof SageMakerRuntimeServiceException)) throw new Error(`expected a service error, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  endpoint = await startLocalEndpoint({
    engines: 'test/fixtures/engines.wire.json',
    env: { LOCAL_SAGEMAKER_PYTHON: fixturePython, LOCAL_SAGEMAKER_INVOCATION_TIMEOUT_MS: String(invocationTimeoutMs) },
    waitUntilInService: false,
  });
  client = new SageMakerRuntimeClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  // The slow-start container keeps the endpoint Creating for 1.5 s: call it now, before it is ready.
  startingError = await invoke({}).catch((error: unknown) => error);
  await endpoint.healthy();
}, 60_000);

afterAll(async () => {
  client?.destroy();
  await endpoint?.stop();
});

describe('while the endpoint is Creating', () => {
  it('answers ServiceUnavailable (503)', () => {
    expect(startingError).toBeInstanceOf(ServiceUnavailable);
    expect(startingError).toMatchObject({ name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
  });
});

describe('a successful invocation', () => {
  it('passes the body through byte for byte, with its content type and the variant', async () => {
    const body = Buffer.concat([Buffer.from('naïve café 👩‍🔬 '), Buffer.from([0, 255, 254, 10, 13])]);

    const response = await invoke({ Body: body, ContentType: 'application/x-fixture', CustomAttributes: 'trace=1' });

    expect(Buffer.from(response.Body)).toEqual(body);
    expect(response).toMatchObject({
      ContentType: 'application/x-fixture',
      InvokedProductionVariant: 'AllTraffic',
      CustomAttributes: 'echo=trace=1',
      $metadata: { httpStatusCode: 200 },
    });
    expect(response.$metadata.requestId).toMatch(uuid);
  });

  it('sends an exact Content-Length, a Date and a request id', async () => {
    const body = '{"text":"😀 ünïcode"}';

    const response = await fetch(`${endpoint.url}/endpoints/${endpoint.endpointName}/invocations`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Amzn-SageMaker-Target-Container-Hostname': 'echo',
        Authorization: 'AWS4-HMAC-SHA256 Credential=anything',
      },
      body,
    });

    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(await response.text()).toBe(body);
    expect(new Date(response.headers.get('date') ?? '').getTime()).not.toBeNaN();
    expect(response.headers.get('x-amzn-requestid')).toMatch(uuid);
  });

  it('accepts a body of exactly 6 MiB', async () => {
    const response = await invoke({ Body: Buffer.alloc(sixMiB, 'a'), ContentType: 'text/plain' });

    expect(response.Body.length).toBe(sixMiB);
  });
});

describe('errors as the SDK surfaces them', () => {
  it.each([
    ['an unknown endpoint', { EndpointName: 'no-such-endpoint' }, /Endpoint no-such-endpoint of account \d{12} not found/],
    ['no target container hostname', { TargetContainerHostname: undefined }, /TargetContainerHostname is required/],
    ['an unknown target container hostname', { TargetContainerHostname: 'nlp-nope' }, /nlp-nope not found/],
    ['a target variant the endpoint does not have', { TargetVariant: 'Canary' }, /Variant Canary not found/],
  ])('%s is a ValidationError (400)', async (_case, input, message) => {
    const error = await failure(input);

    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ name: 'ValidationError', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    expect(error.message).toMatch(message);
    expect(error.$metadata.requestId).toMatch(uuid);
  });

  it.each([
    [418, 'client'],
    [500, 'server'],
  ])('a container answering %i is a ModelError (424) with its original status and message', async (status, side) => {
    const error = await failure({ Body: directive({ mode: 'status', status, message: 'failed on purpose' }) });

    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({
      name: 'ModelError',
      $fault: 'client',
      $metadata: { httpStatusCode: 424 },
      OriginalStatusCode: status,
      OriginalMessage: '{"error": "fixture_error", "message": "failed on purpose"}',
      LogStreamArn: `arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/${endpoint.endpointName}`,
    });
    expect(error.message).toMatch(`Received ${side} error (${status}) from echo with message`);
  });

  it('a container that does not answer within the invocation timeout is a ModelError with status 0', async () => {
    const started = Date.now();

    const error = await failure({ Body: directive({ mode: 'hang' }) });

    expect(Date.now() - started).toBeGreaterThanOrEqual(invocationTimeoutMs - 50);
    expect(Date.now() - started).toBeLessThan(invocationTimeoutMs + 1_500);
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ OriginalStatusCode: 0, $metadata: { httpStatusCode: 424 } });
    expect(error.message).toMatch(/timed out while waiting for a response from container echo/);
  });

  it('a body over 6 MiB is refused with 413, as the service does (no error type)', async () => {
    const error = await failure({ Body: Buffer.alloc(sixMiB + 1, 'a'), ContentType: 'text/plain' });

    expect(error).toMatchObject({ $metadata: { httpStatusCode: 413 }, message: `HTTP content length exceeded ${sixMiB} bytes.` });
  });
});

describe('a container that dies', () => {
  it('fails the call in flight with a ModelError, answers ModelNotReadyException (429) while it restarts, then recovers', async () => {
    const crash = await failure({ TargetContainerHostname: 'slow-start', Body: directive({ mode: 'exit' }) });
    // The dying process can still accept (and then reset) a connection for a moment after it closed the call in
    // flight, and a call in that moment is a ModelError as well; "while it restarts" starts when the endpoint knows.
    await stateOf('slow-start', (state) => state !== 'healthy');
    const restarting = await failure({ TargetContainerHostname: 'slow-start' });
    await endpoint.healthy(20_000);
    const recovered = await invoke({ TargetContainerHostname: 'slow-start', Body: '{"ok":true}' });

    expect(crash).toBeInstanceOf(ModelError);
    expect(crash).toMatchObject({ OriginalStatusCode: 0 });
    expect(restarting).toBeInstanceOf(ModelNotReadyException);
    expect(restarting).toMatchObject({ name: 'ModelNotReadyException', $fault: 'client', $metadata: { httpStatusCode: 429 } });
    expect(new TextDecoder().decode(recovered.Body)).toBe('{"ok":true}');
    const slowStart = (await endpoint.status()).containers.find((container) => container.hostname === 'slow-start');
    expect(slowStart).toMatchObject({ state: 'healthy', restarts: 1 });
  }, 30_000);
});

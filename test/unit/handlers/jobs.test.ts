/**
 * The jobs routes through their Middy chains, wired as deployed (handlers/jobs/dependencies.ts: the
 * S3 and Step Functions adapters), with the two SDK clients mocked: the per-key limits, the up-front
 * refusals, idempotency and ownership, as problem+json a client reads.
 */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { JOB_LIMITS } from '../../../handlers/core/jobs/job.js';
import { ownerOf } from '../../../handlers/core/jobs/records.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';
import { apiEvent, lambdaContext } from '../helpers.js';

const MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:nlp-gateway-test-jobs';
Object.assign(process.env, {
  SAGEMAKER_ENDPOINT_NAME: 'nlp-gateway-test',
  JOBS_BUCKET: 'nlp-gateway-test-jobs',
  JOBS_STATE_MACHINE_ARN: MACHINE,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
});
const [{ handler: create }, { handler: status }] = await Promise.all([
  import('../../../handlers/jobs/create.js'),
  import('../../../handlers/jobs/status.js'),
]);

const s3 = mockClient(S3Client);
const sfn = mockClient(SFNClient);
const KEY = 'key-a';
const OTHER_KEY = 'key-b';
const UPLOAD_ID = 'a'.repeat(32);
const request = (tasks: string[] = ['entities'], format = 'jsonl') => ({ engine: 'spacy', tasks, input: { uploadId: UPLOAD_ID, format } });

const event = (path: string, method: string, apiKey: string, extra: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent => ({
  ...apiEvent({ method, path }),
  resource: path,
  pathParameters: null,
  headers: { 'Content-Type': 'application/json', 'x-api-key': apiKey },
  body: null,
  ...extra,
});

async function startJob(body: unknown, { apiKey = KEY, idempotencyKey }: { apiKey?: string; idempotencyKey?: string } = {}) {
  const headers = {
    'Content-Type': 'application/json',
    'x-api-key': apiKey,
    ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
  };
  const response = await create(event('/nlp/jobs', 'POST', apiKey, { headers, body: JSON.stringify(body) }), lambdaContext());
  const parsed = JSON.parse(response.body);
  // Problems as the OpenAPI document gives them (the Job schema's date-time format is one ajv here does not know).
  if (response.statusCode >= 400) expect(schemaErrors(responseSchemaName('/nlp/jobs', 'post', response.statusCode), parsed)).toEqual([]);
  return { status: response.statusCode, headers: response.headers ?? {}, body: parsed };
}

/** `count` running executions of the key, beside three of another key, over two pages as ListExecutions pages them. */
function runningExecutions(count: number, apiKey = KEY) {
  const execution = (owner: string, i: number) => ({
    executionArn: `${MACHINE.replace(':stateMachine:', ':execution:')}:${owner}-${i}`,
    stateMachineArn: MACHINE,
    name: `${owner}-${String(i).padStart(32, '0')}`,
    status: 'RUNNING' as const,
    startDate: new Date(),
  });
  const ours = Array.from({ length: count }, (_, i) => execution(ownerOf(apiKey), i));
  const theirs = Array.from({ length: 3 }, (_, i) => execution(ownerOf(`not-${apiKey}`), i));
  const half = Math.ceil(ours.length / 2);
  sfn
    .on(ListExecutionsCommand, { stateMachineArn: MACHINE, statusFilter: 'RUNNING', nextToken: undefined })
    .resolves({ executions: [...ours.slice(0, half), ...theirs], nextToken: 'page-2' })
    .on(ListExecutionsCommand, { nextToken: 'page-2' })
    .resolves({ executions: ours.slice(half) });
}

/** The bucket holds the upload (of `bytes` bytes) and, when given, job records by key. */
function bucket(bytes: number | undefined, records: Record<string, unknown> = {}) {
  s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'Not Found', $metadata: {} }));
  if (bytes !== undefined) s3.on(HeadObjectCommand, { Key: `uploads/${ownerOf(KEY)}/${UPLOAD_ID}` }).resolves({ ContentLength: bytes });
  s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} }));
  for (const [key, record] of Object.entries(records)) {
    const bytesOf = new TextEncoder().encode(JSON.stringify(record));
    s3.on(GetObjectCommand, { Key: key }).resolves({ Body: { transformToByteArray: async () => bytesOf } as never });
  }
  s3.on(PutObjectCommand).resolves({});
}

/** The job record the last POST wrote, as the bucket would give it back. */
function lastRecord(): Record<string, unknown> {
  const put = s3.commandCalls(PutObjectCommand).at(-1)?.args[0].input;
  return { [String(put?.Key)]: JSON.parse(String(put?.Body)) };
}

const getJob = (apiKey: string, id: string) =>
  status(event(`/nlp/jobs/${id}`, 'GET', apiKey, { resource: '/nlp/jobs/{id}', pathParameters: { id } }), lambdaContext());

beforeEach(() => {
  s3.reset();
  sfn.reset();
  sfn.on(StartExecutionCommand).callsFake(({ name }) => ({ executionArn: `${MACHINE}:${name}`, startDate: new Date() }));
  sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' });
});

describe('POST /nlp/jobs: jobs of one API key running at once', () => {
  it(`starts a job while ${JOB_LIMITS.maxRunningJobs - 1} of the key's run (other keys' do not count)`, async () => {
    // prepare
    bucket(2_000);
    runningExecutions(JOB_LIMITS.maxRunningJobs - 1);
    // act
    const { status: code, body } = await startJob(request());
    // assess
    expect(code).toBe(202);
    expect(body).toMatchObject({ status: 'queued', engine: 'spacy', tasks: ['entities'] });
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: MACHINE, name: `${ownerOf(KEY)}-${body.id}` });
  });

  it(`answers 429 /problems/too-many-jobs with Retry-After while ${JOB_LIMITS.maxRunningJobs} of the key's run`, async () => {
    // prepare
    bucket(2_000);
    runningExecutions(JOB_LIMITS.maxRunningJobs);
    // act
    const { status: code, headers, body } = await startJob(request());
    // assess
    expect(code).toBe(429);
    expect(headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': '60' });
    expect(body).toMatchObject({ type: '/problems/too-many-jobs', status: 429, limit: JOB_LIMITS.maxRunningJobs });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});

describe('POST /nlp/jobs: what is refused before the job starts', () => {
  it.each([
    [
      'a text upload over the tokens cap',
      413,
      '/problems/document-too-large',
      JOB_LIMITS.maxTokenDocumentBytes + 1,
      request(['tokens'], 'text'),
    ],
    [
      'a text upload over the document cap',
      413,
      '/problems/document-too-large',
      JOB_LIMITS.maxDocumentBytes + 1,
      request(['entities'], 'text'),
    ],
    ['an upload never PUT', 404, '/problems/upload-not-found', undefined, request()],
    ['an unknown input format', 422, '/problems/validation-failed', 10, { ...request(), input: { uploadId: UPLOAD_ID, format: 'csv' } }],
  ])('%s: %i %s', async (_name, code, type, bytes, body) => {
    // prepare
    bucket(bytes);
    runningExecutions(0);
    // act
    const answer = await startJob(body);
    // assess
    expect(answer.status).toBe(code);
    expect(answer.body).toMatchObject({ type, status: code });
    expect(sfn).not.toHaveReceivedCommand(StartExecutionCommand);
  });

  it('lets a text upload just over the tokens cap through when no task needs the cap', async () => {
    bucket(JOB_LIMITS.maxTokenDocumentBytes + 1);
    runningExecutions(0);
    expect((await startJob(request(['entities'], 'text'))).status).toBe(202);
  });

  it('answers 422 to an Idempotency-Key that is not visible ASCII', async () => {
    bucket(10);
    runningExecutions(0);
    const answer = await startJob(request(), { idempotencyKey: 'clé' });
    expect(answer).toMatchObject({
      status: 422,
      body: { type: '/problems/validation-failed', errors: [{ path: 'header:Idempotency-Key' }] },
    });
  });
});

describe('Idempotency-Key and ownership', () => {
  it('answers 409 /problems/idempotency-conflict when the key was used with another request', async () => {
    // prepare: the first request, then the record it left
    bucket(10);
    runningExecutions(0);
    const first = await startJob(request(['entities']), { idempotencyKey: 'job-1' });
    bucket(10, lastRecord());
    // act
    const again = await startJob(request(['entities']), { idempotencyKey: 'job-1' });
    const conflict = await startJob(request(['sentences']), { idempotencyKey: 'job-1' });
    // assess
    expect(again).toMatchObject({ status: 202, body: { id: first.body.id } });
    expect(conflict).toMatchObject({ status: 409, body: { type: '/problems/idempotency-conflict' } });
    expect(sfn).toHaveReceivedCommandTimes(StartExecutionCommand, 1);
  });

  it("answers 404 /problems/job-not-found to another key's job, as to no job at all", async () => {
    // prepare
    bucket(10);
    runningExecutions(0);
    const { body: job } = await startJob(request());
    bucket(10, lastRecord());
    // act
    const [own, others, none] = await Promise.all([getJob(KEY, job.id), getJob(OTHER_KEY, job.id), getJob(KEY, 'b'.repeat(32))]);
    // assess
    expect(own.statusCode).toBe(200);
    for (const answer of [others, none]) {
      expect(answer.statusCode).toBe(404);
      expect(JSON.parse(answer.body)).toMatchObject({ type: '/problems/job-not-found', status: 404 });
    }
  });
});

describe('GET /nlp/jobs/{id}: a job the plan refused whole', () => {
  it('is failed, with the problem that refused it (413 too-many-documents) and no result file', async () => {
    // prepare: the job, its execution done, the manifest the reduce wrote for a refused plan
    bucket(10);
    runningExecutions(0);
    const { body: job } = await startJob(request());
    const problem = {
      type: '/problems/too-many-documents',
      title: 'Too many documents in one job',
      status: 413,
      detail: 'A job may hold at most 1000000 documents; the upload has more.',
    };
    const manifest = {
      id: job.id,
      status: 'failed',
      engine: 'spacy',
      tasks: ['entities'],
      offsetEncoding: 'utf16',
      about: null,
      counts: { total: 0, succeeded: 0, failed: 0 },
      files: [],
      problem,
    };
    bucket(10, { ...lastRecord(), [`jobs/${job.id}/manifest.json`]: manifest });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SUCCEEDED' });
    // act
    const response = await getJob(KEY, job.id);
    // assess
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      id: job.id,
      status: 'failed',
      problem,
      results: { files: [], manifest: expect.stringContaining(`jobs/${job.id}/manifest.json`) },
    });
  });
});

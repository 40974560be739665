/**
 * The bulk jobs routes in the OpenAPI document (README.md, "Bulk jobs"): uploads, starting a job,
 * its status and its cancellation, with the limits and formats the code applies (core/jobs/).
 */
import { ENGINES } from './engines.js';
import { OFFSET_ENCODINGS, TASKS } from './contract.js';
import { INPUT_FORMATS, JOB_LIMITS, TOKEN_TASKS } from './jobs/job.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const problem = (description: string, schema = 'Problem', headers: Record<string, unknown> = {}) => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' }, ...headers },
  content: { 'application/problem+json': { schema: ref(schema) } },
});
const json = (description: string, schema: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' }, ...headers },
  content: { 'application/json': { schema: ref(schema) } },
});
const retryAfter = { 'Retry-After': { description: 'Seconds before asking again', schema: { type: 'string' } } };
const jobId = { name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The job id POST /nlp/jobs answered' };
const common = {
  '403': problem('API key missing or wrong (API Gateway)'),
  '429': problem('Throttled or over quota (usage plan)'),
  '500': problem('Internal error'),
};
const notFound = problem("No such job for this API key (another key's job is not found either)");

export function jobPaths() {
  return {
    '/nlp/uploads': {
      post: {
        summary: `A presigned URL to PUT a job's input to (valid ${JOB_LIMITS.uploadUrlSeconds / 60} minutes)`,
        operationId: 'createUpload',
        security: [{ apiKey: [] }],
        responses: { '201': json('The upload id and its URL', 'Upload'), ...common },
      },
    },
    '/nlp/jobs': {
      post: {
        summary: 'Start a bulk job over an upload',
        operationId: 'createJob',
        security: [{ apiKey: [] }],
        parameters: [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,255}$' },
            description: 'The same key with the same request gives the same job; with another request, 409.',
          },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: ref('JobRequest') } } },
        responses: {
          '202': json('The job, queued', 'Job', { Location: { description: '/nlp/jobs/{id}', schema: { type: 'string' } }, ...retryAfter }),
          '400': problem('The body is not JSON'),
          '404': problem('No such engine, or no such upload for this API key'),
          '409': problem('The Idempotency-Key was used with another request'),
          '413': problem('A text upload over the document limits'),
          '415': problem('The body is not JSON'),
          '422': problem('The request does not match the schema, or the engine does not support a task', 'ValidationProblem'),
          ...common,
          '429': problem(
            `Throttled, over quota, or ${JOB_LIMITS.maxRunningJobs} jobs of this key already running (then with Retry-After)`,
            'Problem',
            retryAfter,
          ),
        },
      },
    },
    '/nlp/jobs/{id}': {
      get: {
        summary: "A job's status, counts and (when it is done) its results",
        operationId: 'getJob',
        security: [{ apiKey: [] }],
        parameters: [jobId],
        responses: { '200': json('The job', 'Job', retryAfter), '404': notFound, ...common },
      },
    },
    '/nlp/jobs/{id}/cancel': {
      post: {
        summary: 'Stop a running job',
        operationId: 'cancelJob',
        security: [{ apiKey: [] }],
        parameters: [jobId],
        responses: { '202': json('The job', 'Job'), '404': notFound, ...common },
      },
    },
  };
}

const counts = { type: 'integer', minimum: 0 };

export function jobSchemas() {
  return {
    Upload: {
      type: 'object',
      required: ['uploadId', 'url', 'expiresAt'],
      additionalProperties: false,
      properties: {
        uploadId: { type: 'string', pattern: '^[0-9a-f]{32}$' },
        url: { type: 'string', description: 'PUT the file here (any content type), before expiresAt' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
    JobRequest: {
      type: 'object',
      required: ['engine', 'input'],
      additionalProperties: false,
      description: `\`jsonl\`: one document a line, \`{"id": <string or number>, "text": <string>}\`; a bad line becomes an error line. \`text\`: the whole upload is one document. A document may have at most ${JOB_LIMITS.maxDocumentBytes} bytes; with ${TOKEN_TASKS.join(' or ')}, at most ${JOB_LIMITS.maxTokenDocumentBytes}. At most ${JOB_LIMITS.maxDocuments} documents a job.`,
      properties: {
        engine: { type: 'string', enum: [...ENGINES.map((engine) => engine.name), 'auto'] },
        tasks: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', enum: [...TASKS] },
          description: "Default: the engine's default tasks",
        },
        offsetEncoding: { type: 'string', enum: [...OFFSET_ENCODINGS], default: 'utf16' },
        input: {
          type: 'object',
          required: ['uploadId', 'format'],
          additionalProperties: false,
          properties: { uploadId: { type: 'string', pattern: '^[0-9a-f]{32}$' }, format: { type: 'string', enum: [...INPUT_FORMATS] } },
        },
      },
    },
    Job: {
      type: 'object',
      required: ['id', 'status', 'engine', 'tasks', 'offsetEncoding', 'createdAt', 'counts'],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: '^[0-9a-f]{32}$' },
        status: { type: 'string', enum: ['queued', 'running', 'succeeded', 'partiallySucceeded', 'failed', 'cancelled'] },
        engine: { type: 'string' },
        tasks: { type: 'array', items: { type: 'string' } },
        offsetEncoding: { type: 'string', enum: [...OFFSET_ENCODINGS] },
        createdAt: { type: 'string', format: 'date-time' },
        counts: {
          type: 'object',
          required: ['total', 'succeeded', 'failed'],
          additionalProperties: false,
          properties: { total: counts, succeeded: counts, failed: counts },
        },
        results: {
          type: 'object',
          required: ['files', 'manifest'],
          additionalProperties: false,
          description:
            'Presigned GET URLs: JSON Lines in input order, one line a document (the sync result plus its `id`, or `{"id", "error"}`), and the manifest.',
          properties: { files: { type: 'array', items: { type: 'string' } }, manifest: { type: 'string' } },
        },
        problem: { ...ref('Problem'), description: 'Why the whole job was refused (too many documents)' },
      },
    },
  };
}

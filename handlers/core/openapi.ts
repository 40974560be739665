/**
 * The OpenAPI 3.1 document of the public API, built from the same sources the code runs on: the
 * request schema, the engine registry, the limits and the problem catalogue. Nothing here is
 * written twice, so the document cannot drift from the behaviour (the e2e tests check responses
 * against it).
 */
import * as z from 'zod/mini';
import { AUTO_ORDER, ENGINE_NAMES, ENGINES, TASKS } from './engines.js';
import { LIMITS } from './limits.js';
import { OFFSET_ENCODINGS } from './offsets.js';
import { PROBLEM_TYPES } from './problems.js';
import { requestSchema } from './request.js';
import { responseSchemas } from './openapi-schemas.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function requestBodySchema() {
  const { $schema: _, ...generated } = z.toJSONSchema(requestSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = generated.properties as Record<string, Record<string, unknown>>;
  const text = { type: 'string', minLength: 1, maxLength: LIMITS.maxTextCharacters, description: 'One document, at most 100 000 characters (code points).' };
  return {
    ...generated,
    description: `Exactly one of \`text\` or \`texts\`. At most ${LIMITS.maxTotalCharacters} characters in all and a body of at most ${LIMITS.maxBodyBytes} bytes. The models are English pipelines.`,
    oneOf: [{ required: ['text'] }, { required: ['texts'] }],
    properties: {
      ...properties,
      text,
      texts: { type: 'array', minItems: 1, maxItems: LIMITS.maxTexts, items: text, description: 'A batch; results come back in the same order.' },
      tasks: { ...properties.tasks, description: 'What to compute; default: the engine\'s default tasks (for auto, every engine\'s defaults).' },
      offsetEncoding: { ...properties.offsetEncoding, default: 'utf16', description: 'The unit of every start and end.' },
    },
  };
}

const problemResponse = (description: string, schema = 'Problem') => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
  content: { 'application/problem+json': { schema: ref(schema) } },
});

function errorResponses(statuses: number[]) {
  const titles = Object.values(PROBLEM_TYPES).reduce<Record<number, string[]>>((all, { status, title }) => ({ ...all, [status]: [...(all[status] ?? []), title] }), {
    403: ['API key missing or wrong (API Gateway)'],
    429: ['Throttled or over quota (usage plan)'],
  });
  return Object.fromEntries(statuses.map((status) => [String(status), problemResponse((titles[status] ?? ['Error']).join('; '), status === 422 ? 'ValidationProblem' : 'Problem')]));
}

const okHeaders = {
  'x-request-id': { $ref: '#/components/headers/RequestId' },
  'Server-Timing': { $ref: '#/components/headers/ServerTiming' },
};

function analysisOperation(summary: string, responseSchema: string, engineParameter: boolean) {
  return {
    summary,
    security: [{ apiKey: [] }],
    ...(engineParameter ? { parameters: [{ name: 'engine', in: 'path', required: true, schema: { type: 'string', enum: [...ENGINE_NAMES] }, description: 'The engine to use.' }] } : {}),
    requestBody: { required: true, content: { 'application/json': { schema: ref('NlpRequest') } } },
    responses: {
      '200': { description: 'Results in the normalised schema', headers: okHeaders, content: { 'application/json': { schema: ref(responseSchema) } } },
      ...errorResponses([400, 403, 404, 413, 415, 422, 429, 500, 502, 503, 504]),
    },
  };
}

export function openApiDocument() {
  const engines = ENGINES.map((e) => `\`${e.name}\` (${e.model.name} ${e.model.version}: ${e.tasks.join(', ')}; default ${e.defaultTasks.join(', ')})`).join('; ');
  return {
    openapi: '3.1.0',
    info: {
      title: 'NLP gateway',
      version: '1.0.0',
      description: `spaCy and TextBlob behind one API with one result schema. Engines: ${engines}. \`/nlp/auto\` sends each task to the first engine in ${AUTO_ORDER.map((e) => e.name).join(', ')} that supports it. Errors are RFC 9457 problem details; their \`type\` is one of: ${Object.entries(PROBLEM_TYPES).map(([slug, { status, title }]) => `\`/problems/${slug}\` (${status}, ${title})`).join(', ')}.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:3000', description: 'Local stack (npm start)' }],
    paths: {
      '/nlp/{engine}': { post: analysisOperation('Analyse with one engine', 'NlpResponse', true) },
      '/nlp/auto': { post: analysisOperation('Analyse with the best engine per task', 'AutoResponse', false) },
      '/nlp/engines': {
        get: {
          summary: 'The engines, their tasks and models, and the limits',
          security: [{ apiKey: [] }],
          responses: { '200': { description: 'The registry', headers: okHeaders, content: { 'application/json': { schema: ref('Engines') } } }, ...errorResponses([403, 429, 500]) },
        },
      },
      '/playground': {
        get: { summary: 'A page to try the API in a browser (asks for the API key)', security: [], responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } } },
      },
      '/openapi.json': {
        get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } },
      },
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: 'Locally NLP_API_KEY (default local-dev-key); deployed stages use keys API Gateway generates.' } },
      headers: {
        RequestId: { description: 'Identifies the request in logs; also sent to SageMaker as InferenceId.', schema: { type: 'string' } },
        ServerTiming: { description: 'model;dur=<ms>, gateway;dur=<ms>', schema: { type: 'string' } },
      },
      schemas: { NlpRequest: requestBodySchema(), ...responseSchemas({ tasks: TASKS, engines: ENGINE_NAMES, encodings: OFFSET_ENCODINGS, slugs: Object.keys(PROBLEM_TYPES) }) },
    },
  };
}

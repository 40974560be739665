/**
 * The OpenAPI 3.1 document of the public API, built from the same sources the code runs on: the
 * request schema, the engine registry, the limits and the problem catalogue. Nothing here is
 * written twice, so the document cannot drift from the behaviour (the e2e tests check responses
 * against it). Each registry engine has its own route, request schema (its own task enum) and
 * result schema, so a generated client or a schema-driven fuzzer knows what each engine takes.
 */
import { AUTO_ORDER, ENGINES } from './engines.js';
import { LIMITS, OFFSET_ENCODINGS, PII, PII_TASKS, readsPiiOptions, REQUEST_SCHEMA, type Task, TASKS } from './contract.js';
import { PROBLEM_TYPES } from './problems.js';
import { responseSchemas, schemaPrefix } from './openapi-schemas.js';
import { jobPaths, jobSchemas } from './openapi-jobs.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Tasks `/nlp/auto` can run: those of any engine in its preference order. */
const AUTO_TASKS = TASKS.filter((task) => AUTO_ORDER.some((engine) => engine.tasks.includes(task)));

/**
 * On a route that takes `pii` options, they come with a task that reads them: one of `tasks`, or,
 * when `tasks` is left out, one of the route's default tasks.
 */
function piiOptionsNeedTheirTasks(defaultTasks: readonly Task[]) {
  const asked = { required: ['tasks'], properties: { tasks: { contains: { enum: [...PII_TASKS] } } } };
  return {
    anyOf: [{ not: { required: ['pii'] } }, ...(readsPiiOptions(defaultTasks) ? [{ not: { required: ['tasks'] } }] : []), asked],
  };
}

/** The request body for a route whose engines do `tasks`: the request schema with that task enum. */
function requestBodySchema(tasks: readonly Task[], defaultTasks: readonly Task[], defaults = defaultTasks.join(', ')) {
  const { properties } = REQUEST_SCHEMA;
  const text = {
    ...properties.text,
    maxLength: LIMITS.maxTextCharacters,
    description: `One document, at most ${LIMITS.maxTextCharacters} characters (code points).`,
  };
  return {
    ...REQUEST_SCHEMA,
    ...(readsPiiOptions(tasks) ? piiOptionsNeedTheirTasks(defaultTasks) : {}),
    description: `Exactly one of \`text\` or \`texts\`. At most ${LIMITS.maxTotalCharacters} characters in all and a body of at most ${LIMITS.maxBodyBytes} bytes. The spaCy and TextBlob models are English pipelines; the \`language\` task says which language a text is in.`,
    properties: {
      text,
      texts: {
        ...properties.texts,
        maxItems: LIMITS.maxTexts,
        items: text,
        description: 'A batch; results come back in the same order.',
      },
      tasks: {
        ...properties.tasks,
        items: { ...properties.tasks.items, enum: [...tasks] },
        description: `What to compute; default: ${defaults}.`,
      },
      offsetEncoding: {
        ...properties.offsetEncoding,
        default: 'utf16',
        description:
          'The unit of every start and end: UTF-16 code units (JavaScript string indices), code points (Python), UTF-8 bytes, or extended grapheme clusters (what a reader sees as one character; a span whose engine boundary falls inside a cluster is widened to whole clusters, so its text stays the exact slice).',
      },
      ...(readsPiiOptions(tasks) ? { pii: ref('PiiOptions') } : {}),
    },
  };
}

/** The `pii` request options, described; only routes that run the pii or redact task take them. */
function piiOptionsSchema() {
  const { properties } = REQUEST_SCHEMA.properties.pii;
  return {
    ...REQUEST_SCHEMA.properties.pii,
    description:
      'Options of the pii and redact tasks, each optional (the engine defaults to every type, its own minimum score, no allow-list and the replace operator). Sending them when no task is pii or redact is a 422.',
    properties: {
      types: { ...properties.types, description: 'The personal-data types to look for; default: all.' },
      minScore: {
        ...properties.minScore,
        description: "Leave out spans the recogniser is less sure of (0..1); default: the engine's own.",
      },
      allowList: {
        ...properties.allowList,
        description: `Values never reported nor redacted (exact, case-sensitive match on the detected text); at most ${PII.maxAllowList}, each 1..${PII.maxAllowListEntryCharacters} characters.`,
      },
      operator: {
        ...properties.operator,
        default: 'replace',
        description: 'How redact replaces a value: `replace` with `<TYPE>`, `mask` each character with maskCharacter, or `remove` it.',
      },
      maskCharacter: { ...properties.maskCharacter, default: '*', description: 'The character `mask` writes (one code point).' },
    },
  };
}

const problemResponse = (description: string, schema = 'Problem') => ({
  description,
  headers: { 'x-request-id': { $ref: '#/components/headers/RequestId' } },
  content: { 'application/problem+json': { schema: ref(schema) } },
});

function errorResponses(statuses: number[]) {
  const titles: Record<number, string[]> = {
    403: ['API key missing or wrong (API Gateway)'],
    429: ['Throttled or over quota (usage plan)'],
  };
  for (const { status, title } of Object.values(PROBLEM_TYPES)) titles[status] = [...(titles[status] ?? []), title];
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      problemResponse((titles[status] ?? ['Error']).join('; '), status === 422 ? 'ValidationProblem' : 'Problem'),
    ]),
  );
}

const okHeaders = {
  'x-request-id': { $ref: '#/components/headers/RequestId' },
  'Server-Timing': { $ref: '#/components/headers/ServerTiming' },
};

function analysisOperation(summary: string, prefix: string) {
  return {
    summary,
    operationId: `analyse${prefix}`,
    security: [{ apiKey: [] }],
    requestBody: { required: true, content: { 'application/json': { schema: ref(`${prefix}Request`) } } },
    responses: {
      '200': {
        description: 'Results in the normalised schema',
        headers: okHeaders,
        content: { 'application/json': { schema: ref(`${prefix}Response`) } },
      },
      ...errorResponses([400, 403, 404, 413, 415, 422, 429, 500, 502, 503, 504]),
    },
  };
}

/** One route per registry engine, each with its own tasks, then `/nlp/auto`. */
function analysisPaths(): Record<string, { post: ReturnType<typeof analysisOperation> }> {
  const engines = ENGINES.map((engine) => [
    `/nlp/${engine.name}`,
    {
      post: analysisOperation(
        `Analyse with ${engine.name} (${engine.model.name} ${engine.model.version}): ${engine.tasks.join(', ')}`,
        schemaPrefix(engine.name),
      ),
    },
  ]);
  return Object.fromEntries([...engines, ['/nlp/auto', { post: analysisOperation('Analyse with the best engine per task', 'Auto') }]]);
}

function requestSchemas(): Record<string, ReturnType<typeof requestBodySchema>> {
  const engines = ENGINES.map((engine) => [`${schemaPrefix(engine.name)}Request`, requestBodySchema(engine.tasks, engine.defaultTasks)]);
  const autoDefaults = [...new Set(AUTO_ORDER.flatMap((engine) => engine.defaultTasks))];
  const auto = requestBodySchema(AUTO_TASKS, autoDefaults, `every engine's default tasks (${autoDefaults.join(', ')})`);
  return Object.fromEntries([...engines, ['AutoRequest', auto], ['PiiOptions', piiOptionsSchema()]]);
}

export function openApiDocument() {
  const engines = ENGINES.map(
    (e) => `\`${e.name}\` (${e.model.name} ${e.model.version}: ${e.tasks.join(', ')}; default ${e.defaultTasks.join(', ')})`,
  ).join('; ');
  return {
    openapi: '3.1.0',
    info: {
      title: 'NLP gateway',
      version: '1.0.0',
      description: `${ENGINES.length} NLP engines behind one API with one result schema. Engines, each at its own route \`/nlp/<engine>\` with its own tasks: ${engines}; any other \`/nlp/<name>\` answers 404 \`/problems/unknown-engine\`. \`/nlp/auto\` sends each task to the first engine in ${AUTO_ORDER.map((e) => e.name).join(', ')} that supports it. Errors are RFC 9457 problem details; their \`type\` is one of: ${Object.entries(
        PROBLEM_TYPES,
      )
        .map(([slug, { status, title }]) => `\`/problems/${slug}\` (${status}, ${title})`)
        .join(', ')}.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: 'http://localhost:3000', description: 'Local stack (npm start)' }],
    paths: {
      ...analysisPaths(),
      ...jobPaths(),
      '/nlp/engines': {
        get: {
          summary: 'The engines, their tasks and models, and the limits',
          security: [{ apiKey: [] }],
          responses: {
            '200': { description: 'The registry', headers: okHeaders, content: { 'application/json': { schema: ref('Engines') } } },
            ...errorResponses([403, 429, 500]),
          },
        },
      },
      '/playground': {
        get: {
          summary: 'A page to try the API in a browser (asks for the API key)',
          security: [],
          responses: { '200': { description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } } },
        },
      },
      '/openapi.json': {
        get: {
          summary: 'This document',
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: {
          type: 'apiKey',
          in: 'header',
          name: 'x-api-key',
          description: 'Locally NLP_API_KEY (default local-dev-key); deployed stages use keys API Gateway generates.',
        },
      },
      headers: {
        RequestId: { description: 'Identifies the request in logs; also sent to SageMaker as InferenceId.', schema: { type: 'string' } },
        ServerTiming: { description: 'model;dur=<ms>, gateway;dur=<ms>', schema: { type: 'string' } },
      },
      schemas: {
        ...requestSchemas(),
        ...jobSchemas(),
        ...responseSchemas({
          tasks: TASKS,
          pii: PII,
          engines: ENGINES,
          autoTasks: AUTO_TASKS,
          encodings: OFFSET_ENCODINGS,
          slugs: Object.keys(PROBLEM_TYPES),
        }),
      },
    },
  };
}

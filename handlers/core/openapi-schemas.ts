/**
 * The OpenAPI components of the responses (README.md, "The API"), strict enough that the e2e tests
 * catch any drift. The result schemas are the contract's own (contract.ts), published under their
 * names; each engine gets its own result and response schema, built from the tasks the registry
 * gives it and what the contract says each task adds to a result.
 */
import { RESPONSE_SCHEMA, RESULT_SCHEMAS, resultField, strict, TASK_RESULTS, type Task } from './contract.js';

interface Vocabulary {
  tasks: readonly string[];
  /** The personal-data types, redaction operators and option limits of the contract. */
  pii: { types: readonly string[]; operators: readonly string[]; maxAllowList: number; maxAllowListEntryCharacters: number };
  engines: ReadonlyArray<{ name: string; tasks: readonly Task[] }>;
  autoTasks: readonly Task[];
  encodings: readonly string[];
  slugs: readonly string[];
}

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of `schema` with only its description changed, as the contract writes one: `{ ...Named, description }`. */
function describedCopyOf(schema: Schema, named: Schema): boolean {
  const own = Object.keys(schema).filter((key) => key !== 'description');
  const theirs = Object.keys(named).filter((key) => key !== 'description');
  return 'description' in schema && own.length === theirs.length && theirs.every((key) => schema[key] === named[key]);
}

/**
 * `schema` with every named result schema inside it replaced by a reference to its component
 * (keeping a description the contract gave that use of it), so the document names each once.
 */
function withReferences(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withReferences);
  if (!isSchema(schema)) return schema;
  for (const [name, named] of Object.entries(RESULT_SCHEMAS) as [string, Schema][]) {
    if (schema === named) return ref(name);
    if (describedCopyOf(schema, named)) return { ...ref(name), description: schema.description };
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withReferences(value)]));
}

/** The contract's result schemas as components: each refers to the others by name. */
const resultComponents = () =>
  Object.fromEntries(
    Object.entries(RESULT_SCHEMAS).map(([name, schema]) => [
      name,
      Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withReferences(value)])),
    ]),
  );

/** `spacy` → `Spacy`, for schema names. */
export const schemaPrefix = (engine: string) =>
  engine.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

function resultSchema(tasks: readonly Task[]) {
  const fields = Object.fromEntries(tasks.map((task) => [resultField(task), withReferences(TASK_RESULTS[task])]));
  return { ...strict(fields, []), description: 'One result per submitted text; a field is present exactly when its task was computed.' };
}

function engineSchemas(name: string, tasks: readonly Task[]) {
  const prefix = schemaPrefix(name);
  const { properties } = RESPONSE_SCHEMA;
  return {
    [`${prefix}Result`]: resultSchema(tasks),
    [`${prefix}Response`]: withReferences({
      ...RESPONSE_SCHEMA,
      properties: {
        ...properties,
        engine: { const: name },
        tasks: { ...properties.tasks, items: { ...properties.tasks.items, enum: [...tasks] } },
        results: { type: 'array', items: ref(`${prefix}Result`) },
      },
    }),
  };
}

export function responseSchemas({ tasks, pii, engines, autoTasks, encodings, slugs }: Vocabulary) {
  const task = { type: 'string', enum: [...tasks] };
  const autoTask = { type: 'string', enum: [...autoTasks] };
  const engineNames = engines.map((engine) => engine.name);
  const problemType = { type: 'string', enum: slugs.map((slug) => `/problems/${slug}`) };
  const problem = {
    type: { ...problemType, description: 'A relative URI naming the kind of problem.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
  };
  return {
    ...resultComponents(),
    ...Object.assign({}, ...engines.map((engine) => engineSchemas(engine.name, engine.tasks))),
    AutoResult: resultSchema(autoTasks),
    AutoResponse: strict(
      {
        engine: { const: 'auto' },
        engines: { type: 'object', propertyNames: autoTask, additionalProperties: { type: 'string', enum: engineNames } },
        models: { type: 'object', propertyNames: { enum: engineNames }, additionalProperties: ref('Model') },
        tasks: { type: 'array', items: autoTask },
        offsetEncoding: { type: 'string', enum: [...encodings] },
        results: { type: 'array', items: ref('AutoResult') },
        errors: {
          type: 'object',
          propertyNames: autoTask,
          additionalProperties: strict({
            type: problemType,
            title: { type: 'string' },
            status: problem.status,
            detail: { type: 'string' },
          }),
        },
      },
      ['engine', 'engines', 'models', 'tasks', 'offsetEncoding', 'results'],
    ),
    Engines: strict({
      engines: {
        type: 'array',
        items: strict(
          {
            name: { type: 'string' },
            tasks: { type: 'array', items: task },
            defaultTasks: { type: 'array', items: task },
            model: ref('Model'),
            piiTypes: { type: 'array', items: { type: 'string', enum: [...pii.types] }, description: 'The personal-data types it finds.' },
            piiOptions: {
              ...strict({
                operators: { type: 'array', items: { type: 'string', enum: [...pii.operators] } },
                maxAllowList: { type: 'integer', const: pii.maxAllowList },
                maxAllowListEntryCharacters: { type: 'integer', const: pii.maxAllowListEntryCharacters },
              }),
              description: 'The values and limits of its `pii` request options.',
            },
          },
          ['name', 'tasks', 'defaultTasks', 'model'],
        ),
        description: 'An engine of the pii or redact task also lists `piiTypes` and `piiOptions`.',
      },
      autoOrder: { type: 'array', items: { type: 'string', enum: engineNames } },
      limits: strict({
        maxBodyBytes: { type: 'integer' },
        maxTexts: { type: 'integer' },
        maxTextCharacters: { type: 'integer' },
        maxTotalCharacters: { type: 'integer' },
        maxResponseBytes: { type: 'integer' },
      }),
    }),
    Problem: {
      type: 'object',
      description:
        'RFC 9457 problem details. 413 problems add `limit`; an unknown engine adds `engines`; an unsupported task adds `supportedTasks` and `errors`.',
      properties: {
        ...problem,
        limit: { type: 'integer' },
        engines: { type: 'array', items: { type: 'string' } },
        supportedTasks: { type: 'array', items: task },
        errors: { type: 'array', items: ref('FieldError') },
      },
      required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
      additionalProperties: false,
    },
    ValidationProblem: { allOf: [ref('Problem')], required: ['errors'] },
    FieldError: strict({ path: { type: 'string', description: 'JSON Pointer into the request body' }, message: { type: 'string' } }),
  };
}

/**
 * JSON Schemas of the responses (README.md, "The API"), strict enough that the e2e tests catch any drift.
 * Each engine gets its own result and response schema, built from the tasks the registry gives it
 * and the one table below of what each task adds to a result: an engine (or a task) joins the
 * document through the registry and, for a new task, one entry in RESULT_FIELDS.
 */
import { resultField, type TaskOutputs } from './results.js';

interface Vocabulary {
  tasks: readonly string[];
  /** The personal-data types, redaction operators and option limits of the contract. */
  pii: { types: readonly string[]; operators: readonly string[]; maxAllowList: number; maxAllowListEntryCharacters: number };
  engines: ReadonlyArray<{ name: string; tasks: readonly string[] }>;
  autoTasks: readonly string[];
  encodings: readonly string[];
  slugs: readonly string[];
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const offset = { type: 'integer', minimum: 0 };
const strict = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const list = (item: string, description: string) => ({ type: 'array', items: ref(item), description });
const model = strict({ name: { type: 'string' }, version: { type: 'string' } });
const text = { type: 'string', description: 'Exactly the submitted text between start and end.' };
const sentiment = strict({
  polarity: { type: 'number', minimum: -1, maximum: 1 },
  subjectivity: { type: 'number', minimum: 0, maximum: 1 },
});
const probability = { type: 'number', minimum: 0, maximum: 1 };
const languageScore = { code: { type: 'string', pattern: '^[a-z]{2}$', description: 'ISO 639-1' }, confidence: probability };
/** `und` (undetermined) is the one answer that is not a language, and comes with nothing else. */
const undetermined = strict({
  code: { type: 'string', const: 'und', description: 'undetermined' },
  confidence: { type: 'number', const: 0 },
  alternatives: { type: 'array', maxItems: 0 },
});

/** The schemas the task results refer to. */
/** What a token is in every task that lists tokens; `syntax` adds the parse to it. */
const tokenFields = {
  text,
  start: offset,
  end: offset,
  lemma: { type: 'string' },
  pos: { type: 'string', description: 'Universal POS tag' },
  tag: { type: 'string', description: "The engine's own fine-grained tag" },
};

const SPAN_SCHEMAS = {
  Span: strict({ text, start: offset, end: offset }),
  Sentence: strict(
    {
      text,
      start: offset,
      end: offset,
      sentiment: { ...ref('Sentiment'), description: "The sentence's own sentiment, when the engine computed sentiment too." },
    },
    ['text', 'start', 'end'],
  ),
  Token: strict(tokenFields, ['text', 'start', 'end', 'pos', 'tag']),
  SyntaxToken: strict({
    ...tokenFields,
    morph: { type: 'string', description: 'Universal Dependencies features, e.g. `Number=Sing|Person=3`; empty when none' },
    dep: { type: 'string', description: "The engine's dependency label (`ROOT` at a sentence's root for spaCy)" },
    head: { type: 'integer', minimum: 0, description: 'Index of the head token in this same list; a root points to itself' },
  }),
  Entity: strict({ text, label: { type: 'string' }, start: offset, end: offset }),
  NounPhrase: strict({ text, start: offset, end: offset }, ['text']),
  Sentiment: sentiment,
  LanguageScore: strict(languageScore),
  Language: {
    description:
      'The ISO 639-1 code of the dominant language with its probability, and at most 3 alternatives (each at least 0.01 likely), most likely first; all confidences together add up to at most 1. A text with no letters (whitespace, digits, punctuation, emoji only), or none the model recognises, is answered `und` (undetermined) with confidence 0 and no alternatives, rather than a guess. Short texts get low confidences: threshold `confidence` where certainty matters.',
    oneOf: [strict({ ...languageScore, alternatives: { type: 'array', maxItems: 3, items: ref('LanguageScore') } }), undetermined],
  },
};

/** What each task adds to a result. Every task name of the registry must have an entry (a test checks it). */
export const RESULT_FIELDS: Readonly<Record<string, object>> = {
  tokens: list('Token', 'The tokens, in order.'),
  sentences: list('Sentence', 'The sentences, in order.'),
  entities: list('Entity', "Named entities, with the engine's labels."),
  nounPhrases: list('NounPhrase', 'Noun phrases; offsets where the engine can locate the phrase.'),
  sentiment: { ...ref('Sentiment'), description: "The whole text's sentiment." },
  syntax: list('SyntaxToken', 'The dependency parse: one entry per token.'),
  language: {
    ...ref('Language'),
    description: "The text's dominant language and up to 3 alternatives, or `und` with confidence 0 when there is nothing to tell it by.",
  },
  pii: list('PiiSpan', 'Personal data found in the text, sorted by start then end; spans overlap only when their types differ.'),
  redact: {
    ...ref('Redaction'),
    description: 'The text with its personal data replaced (result field `redacted`: the task `redact` fills it).',
  },
};

/** The personal-data results, whose type names come from the contract. */
function piiSchemas(types: readonly string[]) {
  const type = { type: 'string', enum: [...types] };
  return {
    PiiSpan: strict({ type, text, start: offset, end: offset, score: { ...probability, description: "The recogniser's confidence" } }),
    RedactedItem: strict({
      type,
      start: { ...offset, description: 'Where the value was in the submitted text' },
      end: offset,
      redactedStart: {
        ...offset,
        description: 'Where its replacement is in `redacted.text` (equal to redactedEnd for the `remove` operator)',
      },
      redactedEnd: offset,
    }),
    Redaction: strict({
      text: { type: 'string', description: 'The submitted text with each item replaced by the operator (default `<TYPE>`).' },
      items: { type: 'array', items: ref('RedactedItem'), description: 'What was replaced, sorted by start; no two overlap.' },
    }),
  };
}

/** `spacy` → `Spacy`, for schema names. */
export const schemaPrefix = (engine: string) =>
  engine.replace(/(^|[^a-zA-Z0-9])([a-zA-Z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

function resultSchema(tasks: readonly string[]) {
  const fields = Object.fromEntries(
    tasks.map((task) => {
      const field = RESULT_FIELDS[task];
      if (!field) throw new Error(`The OpenAPI document has no result schema for the task "${task}": add it to RESULT_FIELDS`);
      return [resultField(task as keyof TaskOutputs), field];
    }),
  );
  return { ...strict(fields, []), description: 'One result per submitted text; a field is present exactly when its task was computed.' };
}

function engineSchemas(name: string, tasks: readonly string[], encodings: readonly string[]) {
  const prefix = schemaPrefix(name);
  return {
    [`${prefix}Result`]: resultSchema(tasks),
    [`${prefix}Response`]: strict({
      engine: { const: name },
      model: ref('Model'),
      tasks: { type: 'array', items: { type: 'string', enum: [...tasks] } },
      offsetEncoding: { type: 'string', enum: [...encodings] },
      results: { type: 'array', items: ref(`${prefix}Result`) },
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
    ...SPAN_SCHEMAS,
    ...piiSchemas(pii.types),
    Model: model,
    ...Object.assign({}, ...engines.map((engine) => engineSchemas(engine.name, engine.tasks, encodings))),
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

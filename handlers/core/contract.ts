/**
 * The public contract, written once: the size limits, the offset encodings, the personal-data
 * vocabulary, every task with the JSON Schema of what it adds to a result, and the request body's
 * JSON Schema. Everything else derives from here:
 * - the TypeScript types of requests and results (json-schema-to-ts reads the schemas below);
 * - the request validator (ajv compiles REQUEST_SCHEMA: request-validator.ts in the tests and tools,
 *   ahead of time into the Lambda bundles by infra/esbuild-plugins.cjs);
 * - the OpenAPI document (openapi.ts publishes these schemas as its components);
 * - containers/serving/contract.json, the same limits, task names and vocabulary for the Python
 *   containers, written from this file by `npm run contract` (a unit test checks it is current).
 *
 * Adding a task: its entries in TASK_FIELDS and TASK_RESULTS (the compiler holds the two to the
 * same tasks), then the engine that computes it (its container, its entry in engines.json and its
 * normaliser's reader).
 *
 * Node loads this file as it is (type stripping) from registry.ts, the esbuild plugins and the
 * contract writer, so it uses only erasable TypeScript and imports nothing but types.
 */
import type { FromSchema } from 'json-schema-to-ts';

/**
 * Size limits of the public API (README.md, "The API"). They keep every request inside what Lambda
 * (6 MB) and SageMaker (6 MiB) accept; `GET /nlp/engines` publishes them as they are, and the
 * containers refuse the same requests and results and name the same limit.
 */
export const LIMITS = Object.freeze({
  /** Request body, in bytes as received. */
  maxBodyBytes: 1_048_576,
  /** Texts in one `texts` batch. */
  maxTexts: 64,
  /** Characters (Unicode code points) in one text. */
  maxTextCharacters: 100_000,
  /** Characters (code points) in all texts of one request together. */
  maxTotalCharacters: 100_000,
  /** A response body, the container's and the gateway's alike, in UTF-8 bytes. */
  maxResponseBytes: 5_000_000,
});

/** The units a response's offsets can be counted in (offsets.ts converts to each). */
export const OFFSET_ENCODINGS = ['utf16', 'codepoint', 'utf8', 'grapheme'] as const;
export type OffsetEncoding = (typeof OFFSET_ENCODINGS)[number];

/**
 * The personal-data engine's vocabulary and the limits on its request options (tasks `pii` and
 * `redact`): every type a caller may ask for, as results name it (containers/pii/README.md says
 * what each recogniser checks), and how `redact` replaces a value.
 */
export const PII = Object.freeze({
  types: [
    'EMAIL_ADDRESS',
    'PHONE_NUMBER',
    'CREDIT_CARD',
    'IBAN_CODE',
    'IP_ADDRESS',
    'URL',
    'PERSON',
    'LOCATION',
    'DATE_TIME',
    'US_SSN',
  ] as const,
  operators: ['replace', 'mask', 'remove'] as const,
  /** Values in one request's allow-list. */
  maxAllowList: 100,
  /** Characters (code points) in one allow-list value. */
  maxAllowListEntryCharacters: 200,
});

/** An object schema that admits exactly these properties; all are required unless `required` says which. */
export function strict<const P extends Record<string, unknown>, const R extends readonly (keyof P & string)[] = (keyof P & string)[]>(
  properties: P,
  required?: R,
) {
  return { type: 'object', properties, required: (required ?? Object.keys(properties)) as R, additionalProperties: false } as const;
}

/**
 * `base` with `more` added (or replacing its members), as `{ ...base, ...more }` would give: a call
 * the bundler may drop where nothing uses the result (it keeps every object spread), so a Lambda
 * bundle that only routes tasks carries no schema.
 */
function extend<const A extends object, const B extends object>(base: A, more: B) {
  return Object.assign({}, base, more) as {
    readonly [K in keyof A | keyof B]: K extends keyof B ? B[K] : K extends keyof A ? A[K] : never;
  };
}

const offset = { type: 'integer', minimum: 0 } as const;
const text = { type: 'string', description: 'Exactly the submitted text between start and end.' } as const;
const probability = { type: 'number', minimum: 0, maximum: 1 } as const;
const piiType = { type: 'string', enum: PII.types } as const;

/**
 * The schemas results are made of, by the name the OpenAPI document gives each (openapi.ts refers
 * to one by name wherever this object holds it).
 */
const Span = /* @__PURE__ */ strict({ text, start: offset, end: offset });
const Sentiment = /* @__PURE__ */ strict({
  polarity: { type: 'number', minimum: -1, maximum: 1 },
  subjectivity: { type: 'number', minimum: 0, maximum: 1 },
});
const Sentence = /* @__PURE__ */ strict(
  {
    text,
    start: offset,
    end: offset,
    sentiment: /* @__PURE__ */ extend(Sentiment, { description: "The sentence's own sentiment, when the engine computed sentiment too." }),
  },
  ['text', 'start', 'end'],
);
/** What a token is in every task that lists tokens; `syntax` adds the parse to it. */
const tokenFields = {
  text,
  start: offset,
  end: offset,
  lemma: { type: 'string' },
  pos: { type: 'string', description: 'Universal POS tag' },
  tag: { type: 'string', description: "The engine's own fine-grained tag" },
} as const;
const Token = /* @__PURE__ */ strict(tokenFields, ['text', 'start', 'end', 'pos', 'tag']);
const SyntaxToken = /* @__PURE__ */ strict(
  /* @__PURE__ */ extend(tokenFields, {
    morph: { type: 'string', description: 'Universal Dependencies features, e.g. `Number=Sing|Person=3`; empty when none' },
    dep: { type: 'string', description: "The engine's dependency label (`ROOT` at a sentence's root for spaCy)" },
    head: { type: 'integer', minimum: 0, description: 'Index of the head token in this same list; a root points to itself' },
  }),
);
const Entity = /* @__PURE__ */ strict({ text, label: { type: 'string' }, start: offset, end: offset });
const NounPhrase = /* @__PURE__ */ strict({ text, start: offset, end: offset }, ['text']);
const LanguageScore = /* @__PURE__ */ strict({
  code: { type: 'string', pattern: '^[a-z]{2}$', description: 'ISO 639-1' },
  confidence: probability,
});
/** `und` (undetermined) is the one answer that is not a language, and comes with nothing else. */
const undetermined = /* @__PURE__ */ strict({
  code: { type: 'string', const: 'und', description: 'undetermined' },
  confidence: { type: 'number', const: 0 },
  alternatives: { type: 'array', maxItems: 0, items: LanguageScore },
});
const Language = {
  description:
    'The ISO 639-1 code of the dominant language with its probability, and at most 3 alternatives (each at least 0.01 likely), most likely first; all confidences together add up to at most 1. A text with no letters (whitespace, digits, punctuation, emoji only), or none the model recognises, is answered `und` (undetermined) with confidence 0 and no alternatives, rather than a guess. Short texts get low confidences: threshold `confidence` where certainty matters.',
  oneOf: [
    /* @__PURE__ */ strict(
      /* @__PURE__ */ extend(LanguageScore.properties, { alternatives: { type: 'array', maxItems: 3, items: LanguageScore } }),
    ),
    undetermined,
  ],
} as const;
const PiiSpan = /* @__PURE__ */ strict({
  type: piiType,
  text,
  start: offset,
  end: offset,
  score: /* @__PURE__ */ extend(probability, { description: "The recogniser's confidence" }),
});
const RedactedItem = /* @__PURE__ */ strict({
  type: piiType,
  start: /* @__PURE__ */ extend(offset, { description: 'Where the value was in the submitted text' }),
  end: offset,
  redactedStart: /* @__PURE__ */ extend(offset, {
    description: 'Where its replacement is in `redacted.text` (equal to redactedEnd for the `remove` operator)',
  }),
  redactedEnd: offset,
});
const Redaction = /* @__PURE__ */ strict({
  text: { type: 'string', description: 'The submitted text with each item replaced by the operator (default `<TYPE>`).' },
  items: { type: 'array', items: RedactedItem, description: 'What was replaced, sorted by start; no two overlap.' },
});
const Model = /* @__PURE__ */ strict({ name: { type: 'string' }, version: { type: 'string' } });

export const RESULT_SCHEMAS = {
  Span,
  Sentence,
  Token,
  SyntaxToken,
  Entity,
  NounPhrase,
  Sentiment,
  LanguageScore,
  Language,
  PiiSpan,
  RedactedItem,
  Redaction,
  Model,
} as const;

/**
 * Every task of the public API: the result field it fills (its own name, except `redact`, whose
 * result is the text it produced), and whether it reads the request's `pii` options.
 */
export const TASK_FIELDS = {
  tokens: { field: 'tokens' },
  sentences: { field: 'sentences' },
  entities: { field: 'entities' },
  nounPhrases: { field: 'nounPhrases' },
  sentiment: { field: 'sentiment' },
  syntax: { field: 'syntax' },
  language: { field: 'language' },
  pii: { field: 'pii', readsPiiOptions: true },
  redact: { field: 'redacted', readsPiiOptions: true },
} as const;

export type Task = keyof typeof TASK_FIELDS;

/**
 * What each task puts in its result field, by task; the compiler holds this table to exactly the
 * tasks above. (Two tables rather than one, so a Lambda bundle that only routes tasks leaves the
 * schemas out.)
 */
export const TASK_RESULTS = {
  tokens: { type: 'array', items: Token, description: 'The tokens, in order.' },
  sentences: { type: 'array', items: Sentence, description: 'The sentences, in order.' },
  entities: { type: 'array', items: Entity, description: "Named entities, with the engine's labels." },
  nounPhrases: { type: 'array', items: NounPhrase, description: 'Noun phrases; offsets where the engine can locate the phrase.' },
  sentiment: /* @__PURE__ */ extend(Sentiment, { description: "The whole text's sentiment." }),
  syntax: { type: 'array', items: SyntaxToken, description: 'The dependency parse: one entry per token.' },
  language: /* @__PURE__ */ extend(Language, {
    description: "The text's dominant language and up to 3 alternatives, or `und` with confidence 0 when there is nothing to tell it by.",
  }),

  pii: {
    type: 'array',
    items: PiiSpan,
    description: 'Personal data found in the text, sorted by start then end; spans overlap only when their types differ.',
  },
  redact: /* @__PURE__ */ extend(Redaction, {
    description: 'The text with its personal data replaced (result field `redacted`: the task `redact` fills it).',
  }),
} as const satisfies Record<Task, object>;

/** Every task name, in the contract's order (the keys of a literal: exactly the `Task` names). */
export const TASKS = Object.keys(TASK_FIELDS) as readonly Task[];

/** The tasks that read the request's `pii` options. */
export const PII_TASKS = TASKS.filter((task) => 'readsPiiOptions' in TASK_FIELDS[task]);
export const readsPiiOptions = (tasks: readonly Task[]) => tasks.some((task) => PII_TASKS.includes(task));

/** What each task computes, by task name. */
export type TaskOutputs = { -readonly [T in Task]: FromSchema<(typeof TASK_RESULTS)[T]> };
/** The result field a task fills. */
export type ResultField<T extends Task> = (typeof TASK_FIELDS)[T]['field'];
export const resultField = <T extends Task>(task: T): ResultField<T> => TASK_FIELDS[task].field;
/** One result per submitted text: a field is present exactly when its task was computed. */
export type Result = { [T in Task as ResultField<T>]?: TaskOutputs[T] };

/** A response's envelope; each engine's route narrows `engine`, `tasks` and `results` (openapi-schemas.ts). */
export const RESPONSE_SCHEMA = /* @__PURE__ */ strict({
  engine: { type: 'string' },
  model: Model,
  tasks: { type: 'array', items: { type: 'string', enum: TASKS } },
  offsetEncoding: { type: 'string', enum: OFFSET_ENCODINGS },
  results: { type: 'array', items: { type: 'object' } },
});
export type NlpResponse = Omit<FromSchema<typeof RESPONSE_SCHEMA>, 'results'> & { results: Result[] };

export type Span = FromSchema<typeof Span>;
export type Sentence = FromSchema<typeof Sentence>;
export type Token = FromSchema<typeof Token>;
export type SyntaxToken = FromSchema<typeof SyntaxToken>;
export type Entity = FromSchema<typeof Entity>;
export type NounPhrase = FromSchema<typeof NounPhrase>;
export type Sentiment = FromSchema<typeof Sentiment>;
export type LanguageScore = FromSchema<typeof LanguageScore>;
export type Language = FromSchema<typeof Language>;
export type PiiType = (typeof PII.types)[number];
export type PiiSpan = FromSchema<typeof PiiSpan>;
export type RedactedItem = FromSchema<typeof RedactedItem>;
export type Redaction = FromSchema<typeof Redaction>;
export type ModelInfo = FromSchema<typeof Model>;

/**
 * Well-formed Unicode: no lone surrogate. Ajv compiles patterns with the `u` flag, under which a
 * surrogate pair is one code point outside this range, so only a lone surrogate fails.
 */
const WELL_FORMED = '^[^\\uD800-\\uDFFF]*$';

/** Ajv counts string lengths in code points, as the container does. */
const submittedText = { type: 'string', minLength: 1, pattern: WELL_FORMED } as const;

/** Options of the `pii` and `redact` tasks; each left out takes the engine's default. */
const piiOptions = {
  type: 'object',
  properties: {
    types: { type: 'array', minItems: 1, items: piiType },
    minScore: { type: 'number', minimum: 0, maximum: 1 },
    allowList: {
      type: 'array',
      maxItems: PII.maxAllowList,
      items: /* @__PURE__ */ extend(submittedText, { maxLength: PII.maxAllowListEntryCharacters }),
    },
    operator: { type: 'string', enum: PII.operators },
    maskCharacter: { type: 'string', minLength: 1, maxLength: 1, pattern: WELL_FORMED },
  },
  additionalProperties: false,
} as const;

/**
 * The public request body (JSON Schema 2020-12). The size limits are checked after it, so each
 * gets its own 413 (request.ts); the OpenAPI document adds them to each route's copy.
 */
export const REQUEST_SCHEMA = {
  type: 'object',
  properties: {
    text: submittedText,
    texts: { type: 'array', minItems: 1, items: submittedText },
    tasks: { type: 'array', minItems: 1, items: { type: 'string', enum: TASKS } },
    offsetEncoding: { type: 'string', enum: OFFSET_ENCODINGS },
    pii: piiOptions,
  },
  additionalProperties: false,
  oneOf: [{ required: ['text'] }, { required: ['texts'] }],
} as const;

/** The options the request schema is compiled with, at test time and ahead of time for the bundles alike. */
export const REQUEST_VALIDATOR_OPTIONS = { allErrors: true, messages: false } as const;

/** The body as the schema admits it; `parseRequest` turns it into an `NlpRequest`. */
export type RequestBody = FromSchema<typeof REQUEST_SCHEMA>;
export type PiiOptions = FromSchema<typeof piiOptions>;

/**
 * containers/serving/contract.json: what the containers enforce too (serving/limits.py), so both
 * sides refuse the same requests and results and name the same limit. It lives in containers/
 * because the images are built with containers/ as their context.
 */
export const CONTAINER_CONTRACT = {
  $comment:
    'Written from handlers/core/contract.ts by `npm run contract`: edit that file, not this one. The containers read the public request limits, the one cap on a result, every task name and the personal-data vocabulary from here.',
  limits: LIMITS,
  tasks: TASKS,
  pii: PII,
};

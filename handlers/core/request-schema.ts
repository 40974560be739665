/**
 * The public request body as a JSON Schema (2020-12): the one definition the validator is compiled
 * from (request-validator.ts) and the base of the OpenAPI document's request schemas. Each check
 * has its message for the client beside it, keyed by where ajv reports it.
 */
import { TASKS, type Task } from './engines.js';
import { PII } from './limits.js';
import { OFFSET_ENCODINGS, type OffsetEncoding } from './offsets.js';

/** Options of the `pii` and `redact` tasks; each left out takes the engine's default. */
export interface PiiOptions {
  types?: string[];
  minScore?: number;
  allowList?: string[];
  operator?: string;
  maskCharacter?: string;
}

/** The body as the schema admits it; `parseRequest` turns it into an `NlpRequest`. */
export interface RequestBody {
  text?: string;
  texts?: string[];
  tasks?: Task[];
  offsetEncoding?: OffsetEncoding;
  pii?: PiiOptions;
}

/**
 * Well-formed Unicode: no lone surrogate. Ajv compiles patterns with the `u` flag, under which a
 * surrogate pair is one code point outside this range, so only a lone surrogate fails.
 */
const WELL_FORMED = '^[^\\uD800-\\uDFFF]*$';

/** The options the schema is compiled with, at test time and ahead of time for the bundles alike. */
export const VALIDATOR_OPTIONS = { allErrors: true } as const;

const text = { type: 'string', minLength: 1, pattern: WELL_FORMED } as const;

/** Ajv counts string lengths in code points, as the container does. */
const piiOptions = {
  type: 'object',
  properties: {
    types: { type: 'array', minItems: 1, items: { type: 'string', enum: PII.types } },
    minScore: { type: 'number', minimum: 0, maximum: 1 },
    allowList: {
      type: 'array',
      maxItems: PII.maxAllowList,
      items: { ...text, maxLength: PII.maxAllowListEntryCharacters },
    },
    operator: { type: 'string', enum: PII.operators },
    maskCharacter: { type: 'string', minLength: 1, maxLength: 1, pattern: WELL_FORMED },
  },
  additionalProperties: false,
} as const;

/**
 * Plain data, so the compiler cannot tie it to `RequestBody`: the validator asserts that what it
 * admits is one, and the request tests hold it to that, body by body.
 */
export const requestJsonSchema = {
  type: 'object',
  properties: {
    text,
    texts: { type: 'array', minItems: 1, items: text },
    tasks: { type: 'array', minItems: 1, items: { type: 'string', enum: TASKS } },
    offsetEncoding: { type: 'string', enum: OFFSET_ENCODINGS },
    pii: piiOptions,
  },
  additionalProperties: false,
  oneOf: [{ required: ['text'] }, { required: ['texts'] }],
} as const;

const TEXT_MESSAGES = {
  type: 'must be a string',
  minLength: 'must not be empty',
  pattern: 'must be well-formed Unicode (it holds a lone surrogate)',
};
const textMessages = (at: string) => Object.entries(TEXT_MESSAGES).map(([keyword, message]) => [`${at}/${keyword}`, message]);
const tasks = `must be one of ${TASKS.join(', ')}`;
const encodings = `must be one of ${OFFSET_ENCODINGS.join(', ')}`;
const piiTypes = `must be one of ${PII.types.join(', ')}`;
const operators = `must be one of ${PII.operators.join(', ')}`;
const score = 'must be a number from 0 to 1';
const maskCharacter = 'must be exactly one character (one code point)';
const PII_MESSAGES = {
  type: 'must be an object of options for the pii and redact tasks',
  additionalProperties: `is not a known option; the options are ${Object.keys(piiOptions.properties).join(', ')}`,
  'properties/types/type': 'must be an array of personal-data types',
  'properties/types/minItems': 'must name at least one type; leave it out for every type',
  'properties/types/items/type': piiTypes,
  'properties/types/items/enum': piiTypes,
  'properties/minScore/type': score,
  'properties/minScore/minimum': score,
  'properties/minScore/maximum': score,
  'properties/allowList/type': 'must be an array of strings',
  'properties/allowList/maxItems': `may hold at most ${PII.maxAllowList} values`,
  'properties/allowList/items/type': 'must be a string',
  'properties/allowList/items/minLength': 'must not be empty',
  'properties/allowList/items/maxLength': `must be at most ${PII.maxAllowListEntryCharacters} characters`,
  'properties/allowList/items/pattern': TEXT_MESSAGES.pattern,
  'properties/operator/type': operators,
  'properties/operator/enum': operators,
  'properties/maskCharacter/type': maskCharacter,
  'properties/maskCharacter/minLength': maskCharacter,
  'properties/maskCharacter/maxLength': maskCharacter,
  'properties/maskCharacter/pattern': TEXT_MESSAGES.pattern,
};

/** What the client reads for each failed check, by the schema path ajv reports it at. */
export const REQUEST_MESSAGES: Readonly<Record<string, string>> = {
  '#/type': 'the body must be a JSON object',
  '#/additionalProperties': 'is not a known property',
  '#/oneOf': 'give exactly one of "text" (one document) or "texts" (a batch)',
  ...Object.fromEntries([...textMessages('#/properties/text'), ...textMessages('#/properties/texts/items')]),
  '#/properties/texts/type': 'must be an array of strings',
  '#/properties/texts/minItems': 'must hold at least one text',
  '#/properties/tasks/type': 'must be an array of task names',
  '#/properties/tasks/minItems': 'must name at least one task; leave it out for the engine defaults',
  '#/properties/tasks/items/type': tasks,
  '#/properties/tasks/items/enum': tasks,
  '#/properties/offsetEncoding/type': encodings,
  '#/properties/offsetEncoding/enum': encodings,
  ...Object.fromEntries(Object.entries(PII_MESSAGES).map(([at, message]) => [`#/properties/pii/${at}`, message])),
};

/**
 * The public request body as a JSON Schema (2020-12): the one definition the validator is compiled
 * from (request-validator.ts) and the base of the OpenAPI document's request schemas. Each check
 * has its message for the client beside it, keyed by where ajv reports it.
 */
import { TASKS, type Task } from './engines.js';
import { OFFSET_ENCODINGS, type OffsetEncoding } from './offsets.js';

/** The body as the schema admits it; `parseRequest` turns it into an `NlpRequest`. */
export interface RequestBody {
  text?: string;
  texts?: string[];
  tasks?: Task[];
  offsetEncoding?: OffsetEncoding;
}

/**
 * Well-formed Unicode: no lone surrogate. Ajv compiles patterns with the `u` flag, under which a
 * surrogate pair is one code point outside this range, so only a lone surrogate fails.
 */
const WELL_FORMED = '^[^\\uD800-\\uDFFF]*$';

/** The options the schema is compiled with, at test time and ahead of time for the bundles alike. */
export const VALIDATOR_OPTIONS = { allErrors: true } as const;

const text = { type: 'string', minLength: 1, pattern: WELL_FORMED } as const;

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
};

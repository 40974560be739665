/**
 * What the client reads for each failed check of the request schema (contract.ts), keyed by the
 * schema path ajv reports it at.
 */
import { OFFSET_ENCODINGS, PII, REQUEST_SCHEMA, TASKS } from './contract.js';

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
  additionalProperties: `is not a known option; the options are ${Object.keys(REQUEST_SCHEMA.properties.pii.properties).join(', ')}`,
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

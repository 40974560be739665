import { REQUEST_MESSAGES } from '../../../handlers/core/request-messages.js';
import { REQUEST_SCHEMA } from '../../../handlers/core/contract.js';

/** The keywords of the request schema that can fail a body (the rest are structure or annotation). */
const CHECKS = new Set([
  'type',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'enum',
  'additionalProperties',
  'oneOf',
]);

/** The schema path ajv reports for each check in `schema`, as `#/…`. */
function checkPaths(schema: object, at = '#'): string[] {
  return Object.entries(schema).flatMap(([keyword, value]) => {
    if (CHECKS.has(keyword)) return [`${at}/${keyword}`];
    if (keyword === 'properties')
      return Object.entries(value).flatMap(([name, property]) => checkPaths(property as object, `${at}/properties/${name}`));
    if (keyword === 'items') return checkPaths(value, `${at}/items`);
    return [];
  });
}

it('gives every check of the request schema its own message, and no message to a check it does not make', () => {
  // act
  const paths = checkPaths(REQUEST_SCHEMA);
  // assess
  expect(paths.sort()).toEqual(Object.keys(REQUEST_MESSAGES).sort());
});

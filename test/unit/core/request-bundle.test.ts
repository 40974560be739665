/**
 * The request validator the Lambda bundles carry: ajv's standalone code, generated when the bundle is
 * built (infra/esbuild-plugins.cjs), must answer every body exactly as the validator the other tests
 * compile from the same schema.
 */
import { parseRequest } from '../../../handlers/core/request.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { bundleAndRun } from '../../support/bundle.js';

const BODIES: unknown[] = [
  { text: 'Hello' },
  { texts: ['a', 'b'], tasks: ['tokens', 'entities', 'tokens'], offsetEncoding: 'grapheme' },
  { text: '😀'.repeat(1000) },
  ['text'],
  'text',
  null,
  7,
  {},
  { text: 'a', texts: ['b'] },
  { text: 'a', language: 'en', 'a/b~c': 1 },
  { text: '' },
  { text: 42 },
  { texts: [] },
  { texts: ['a', 7, '', 'b\ud800'] },
  { text: 'a', tasks: ['summary', 3] },
  { text: 'a', tasks: [] },
  { text: 'a', tasks: 'tokens' },
  { text: 'a', offsetEncoding: 'utf32' },
  { text: 'a\ud800b' },
  { texts: Array.from({ length: 30 }, (_, i) => i) },
  { texts: Array(65).fill('t') },
  {
    text: 'a',
    tasks: ['redact'],
    pii: { types: ['EMAIL_ADDRESS'], minScore: 0.5, allowList: ['😀'.repeat(200)], operator: 'mask', maskCharacter: '😀' },
  },
  {
    text: 'a',
    pii: { types: [], minScore: 2, allowList: ['', 'é'.repeat(201), 7], operator: 'hash', maskCharacter: 'e\u0301', hash: true },
  },
  { text: 'a', pii: { types: ['PASSPORT'], allowList: Array(101).fill('x'), maskCharacter: '\ud800' } },
  { text: 'a', pii: 'x' },
];

/** What `parseRequest` answers: the typed request, or the problem's status, detail and errors. */
const ANSWER = `(body) => {
  try {
    return { request: exported.parseRequest(body) };
  } catch (error) {
    return { status: error.status, detail: error.detail, errors: error.options.errors };
  }
}`;

function answer(body: unknown) {
  try {
    return { request: parseRequest(body) };
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return { status: error.status, detail: error.detail, errors: error.options.errors };
  }
}

it('answers every body as the validator compiled at run time does, without ajv compiling in the bundle', () => {
  // act
  const result = bundleAndRun("export { parseRequest } from './handlers/core/request.ts';", `${JSON.stringify(BODIES)}.map(${ANSWER})`);
  // assess
  if (!result.ok) throw new Error(result.message);
  expect(result.value).toEqual(JSON.parse(JSON.stringify(BODIES.map(answer))));
  expect(result.code).not.toMatch(/node_modules\/ajv\/dist\/(core|compile)/);
});

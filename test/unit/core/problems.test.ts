import { createRequire } from 'node:module';
import { PROBLEM_TYPES, ProblemError, problemBody } from '../../../handlers/core/problems.js';

const require = createRequire(import.meta.url);
const { RESPONSES } = require('../../../infra/gateway-responses.cjs') as {
  RESPONSES: Record<string, { status?: number; slug: keyof typeof PROBLEM_TYPES; title: string }>;
};

describe('problemBody', () => {
  it('shows the detail and extensions of a client error', () => {
    const error = new ProblemError('too-many-texts', 'A request may hold at most 64 texts; this one has 65.', {
      extensions: { limit: 64 },
    });
    expect(problemBody(error, '/nlp/spacy', 'r-1')).toEqual({
      type: '/problems/too-many-texts',
      title: 'Too many texts in one request',
      status: 413,
      detail: 'A request may hold at most 64 texts; this one has 65.',
      instance: '/nlp/spacy',
      requestId: 'r-1',
      limit: 64,
    });
  });

  it.each([
    ['a defect', new TypeError('secret internals')],
    ['a 500 ProblemError', new ProblemError('internal-error', 'secret internals')],
    ['a string', 'secret internals'],
  ])('reduces %s to a generic 500', (_name, error) => {
    const problem = problemBody(error, '/nlp/spacy', 'r-1');
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem)).not.toContain('secret');
  });
});

describe("API Gateway's own answers (infra/gateway-responses.cjs)", () => {
  it.each(Object.entries(RESPONSES))('%s uses a catalogued problem type with its title and status', (_type, response) => {
    const catalogued = PROBLEM_TYPES[response.slug];
    expect(catalogued).toBeDefined();
    expect(response.title).toBe(catalogued.title);
    if (response.status !== undefined) expect(response.status).toBe(catalogued.status);
  });
});

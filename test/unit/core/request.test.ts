import { ENGINE_NAMES } from '../../../handlers/core/engines.js';
import { parseRequest, resolveEngine } from '../../../handlers/core/request.js';
import { ProblemError } from '../../../handlers/core/problems.js';

/** Runs `act` and returns the ProblemError it throws (failing the test if it throws nothing else). */
function problemOf(act: () => unknown): ProblemError {
  try {
    act();
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a ProblemError');
}

describe('parseRequest accepts', () => {
  it.each([
    ['one text', { text: 'Hello' }, { texts: ['Hello'], tasks: undefined, offsetEncoding: 'utf16' }],
    ['a batch', { texts: ['a', 'b'] }, { texts: ['a', 'b'], tasks: undefined, offsetEncoding: 'utf16' }],
    [
      'tasks, deduplicated in order',
      { text: 'x', tasks: ['tokens', 'entities', 'tokens'] },
      { texts: ['x'], tasks: ['tokens', 'entities'], offsetEncoding: 'utf16' },
    ],
    ['each offset encoding', { text: 'x', offsetEncoding: 'utf8' }, { texts: ['x'], tasks: undefined, offsetEncoding: 'utf8' }],
    ['codepoint offsets', { text: 'x', offsetEncoding: 'codepoint' }, { texts: ['x'], tasks: undefined, offsetEncoding: 'codepoint' }],
    ['64 texts', { texts: Array(64).fill('t') }, { texts: Array(64).fill('t'), tasks: undefined, offsetEncoding: 'utf16' }],
    [
      'pii options, kept exactly as sent (the engine fills the defaults)',
      { text: 'x', tasks: ['redact'], pii: { operator: 'mask', allowList: ['Ann'] } },
      { texts: ['x'], tasks: ['redact'], offsetEncoding: 'utf16', pii: { operator: 'mask', allowList: ['Ann'] } },
    ],
    [
      '100 000 emoji (code points, not UTF-16 units)',
      { text: '😀'.repeat(100_000) },
      { texts: ['😀'.repeat(100_000)], tasks: undefined, offsetEncoding: 'utf16' },
    ],
  ])('%s', (_name, body, expected) => {
    expect(parseRequest(body)).toEqual(expected);
  });
});

describe('parseRequest rejects with 422', () => {
  it.each([
    ['an array', ['text'], '/'],
    ['a string', 'text', '/'],
    ['null', null, '/'],
    ['neither text nor texts', {}, '/'],
    ['both text and texts', { text: 'a', texts: ['b'] }, '/'],
    ['an unknown property', { text: 'a', language: 'en' }, '/language'],
    ['an empty text', { text: '' }, '/text'],
    ['a number as text', { text: 42 }, '/text'],
    ['an empty batch', { texts: [] }, '/texts'],
    ['a non-string in a batch', { texts: ['a', 7] }, '/texts/1'],
    ['an unknown task', { text: 'a', tasks: ['summary'] }, '/tasks/0'],
    ['an empty task list', { text: 'a', tasks: [] }, '/tasks'],
    ['tasks as a string', { text: 'a', tasks: 'tokens' }, '/tasks'],
    ['an unknown offset encoding', { text: 'a', offsetEncoding: 'utf32' }, '/offsetEncoding'],
    ['a lone surrogate', { text: 'a\ud800b' }, '/text'],
  ])('%s', (_name, body, path) => {
    const problem = problemOf(() => parseRequest(body));
    expect(problem.status).toBe(422);
    expect(problem.slug).toBe('validation-failed');
    expect(problem.options.errors?.map((error) => error.path)).toContain(path);
    expect(problem.detail).toContain(path);
  });
});

it.each([
  ['an unknown offset encoding', { text: 'a', offsetEncoding: 'utf32' }, '/offsetEncoding must be one of utf16, codepoint, utf8, grapheme'],
  [
    'an unknown task',
    { text: 'a', tasks: ['summary'] },
    '/tasks/0 must be one of tokens, sentences, entities, nounPhrases, sentiment, syntax',
  ],
])('names the allowed values for %s', (_name, body, detail) => {
  expect(problemOf(() => parseRequest(body)).detail).toContain(detail);
});

const TASK_NAMES = 'must be one of tokens, sentences, entities, nounPhrases, sentiment, syntax, language, pii, redact';

it.each([
  ['a number as a task (not a string, nor a task name)', { text: 'a', tasks: [3] }, [{ path: '/tasks/0', message: TASK_NAMES }]],
  [
    'a number as the offset encoding',
    { text: 'a', offsetEncoding: 5 },
    [{ path: '/offsetEncoding', message: 'must be one of utf16, codepoint, utf8, grapheme' }],
  ],
  [
    'an unknown property with "/" and "~" in its name',
    { text: 'a', 'a/b~c': 1 },
    [{ path: '/a~1b~0c', message: 'is not a known property' }],
  ],
])('lists each wrong value once, at its JSON Pointer: %s', (_name, body, errors) => {
  expect(problemOf(() => parseRequest(body)).options.errors).toEqual(errors);
});

describe('parseRequest rejects oversize requests with 413 naming the limit', () => {
  it.each([
    ['65 texts', { texts: Array(65).fill('t') }, 'too-many-texts', 64],
    ['a text of 100 001 characters', { text: 'a'.repeat(100_001) }, 'text-too-long', 100_000],
    ['100 001 characters in all', { texts: ['a'.repeat(50_000), 'b'.repeat(50_001)] }, 'too-much-text', 100_000],
  ])('%s', (_name, body, slug, limit) => {
    const problem = problemOf(() => parseRequest(body));
    expect({ status: problem.status, slug: problem.slug, limit: problem.options.extensions?.limit }).toEqual({ status: 413, slug, limit });
    expect(problem.detail).toContain(limit.toLocaleString('en-US').replace(/,/g, ''));
  });
});

describe('resolveEngine', () => {
  const request = (tasks?: string[]) => parseRequest({ text: 'x', ...(tasks ? { tasks } : {}) });

  it.each([
    ['spacy', undefined, ['entities']],
    ['textblob', undefined, ['sentiment']],
    ['spacy', ['tokens', 'nounPhrases'], ['tokens', 'nounPhrases']],
    ['textblob', ['sentiment', 'tokens'], ['sentiment', 'tokens']],
    ['langid', undefined, ['language']],
  ])('%s runs %j as %j', (engine, tasks, expected) => {
    expect(resolveEngine(engine, request(tasks)).tasks).toEqual(expected);
  });

  it('answers 404 listing the engines for an unknown engine', () => {
    const problem = problemOf(() => resolveEngine('nltk', request()));
    expect(problem.status).toBe(404);
    expect(problem.detail).toBe(`There is no engine "nltk". The engines are: ${ENGINE_NAMES.join(', ')}; "auto" picks one per task.`);
  });

  it.each([
    ['spacy', 'sentiment', 'tokens, sentences, entities, nounPhrases, syntax'],
    ['textblob', 'syntax', 'tokens, sentences, nounPhrases, sentiment'],
    ['textblob', 'entities', 'tokens, sentences, nounPhrases, sentiment'],
  ])('answers 422 when %s is asked for %s, naming what it supports', (engine, task, supported) => {
    const problem = problemOf(() => resolveEngine(engine, request(['tokens', task])));
    expect(problem.status).toBe(422);
    expect(problem.slug).toBe('unsupported-task');
    expect(problem.detail).toContain(`It supports: ${supported}.`);
    expect(problem.options.errors).toEqual([{ path: '/tasks/1', message: `is not supported by ${engine}` }]);
  });

  it('answers 422 when langid is asked for anything but language, naming language', () => {
    const problem = problemOf(() => resolveEngine('langid', request(['language', 'entities'])));
    expect(problem.slug).toBe('unsupported-task');
    expect(problem.detail).toContain('It supports: language.');
    expect(problem.options.errors).toEqual([{ path: '/tasks/1', message: 'is not supported by langid' }]);
  });
});

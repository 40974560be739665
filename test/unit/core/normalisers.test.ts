import { readFileSync } from 'node:fs';
import { findEngine, type Engine, type Task } from '../../../handlers/core/engines.js';
import { normalise } from '../../../handlers/core/normalisers/index.js';
import { ProblemError } from '../../../handlers/core/problems.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/native/${name}.json`, import.meta.url), 'utf8'));
const engine = (name: string) => findEngine(name) as Engine;

const APPLE = 'Apple is looking at buying U.K. startup for $1 billion 🍕';
const PIZZA = 'I love 🍕 New pizza.';

describe('spaCy normaliser', () => {
  it('turns the native document into the public result, offsets in UTF-16 by default', () => {
    // act
    const { model, results } = normalise(engine('spacy'), fixture('spacy-apple'), [APPLE], ['entities', 'nounPhrases', 'sentences'], 'utf16');
    // assess
    expect(model).toEqual({ name: 'en_core_web_sm', version: '3.8.0' });
    expect(results).toEqual([
      {
        entities: [
          { text: 'Apple', label: 'ORG', start: 0, end: 5 },
          { text: 'U.K.', label: 'GPE', start: 27, end: 31 },
          { text: '$1 billion', label: 'MONEY', start: 44, end: 54 },
        ],
        nounPhrases: [
          { text: 'Apple', start: 0, end: 5 },
          { text: 'U.K. startup', start: 27, end: 39 },
        ],
        sentences: [{ text: APPLE, start: 0, end: 57 }],
      },
    ]);
  });

  it('keeps lemma, Universal POS and the fine tag of each token, and converts offsets after emoji', () => {
    const { results } = normalise(engine('spacy'), fixture('spacy-apple'), [APPLE], ['tokens'], 'utf8');
    const tokens = results[0]?.tokens ?? [];
    expect(tokens[1]).toEqual({ text: 'is', start: 6, end: 8, lemma: 'be', pos: 'AUX', tag: 'VBZ' });
    expect(tokens.at(-1)).toEqual({ text: '🍕', start: 55, end: 59, lemma: '🍕', pos: 'NOUN', tag: 'NN' });
  });
});

describe('TextBlob normaliser', () => {
  it('maps Penn tags to Universal POS, slices phrases from the text and leaves out unlocated ones', () => {
    const tasks: Task[] = ['tokens', 'nounPhrases', 'sentiment', 'sentences'];
    const { model, results } = normalise(engine('textblob'), fixture('textblob-pizza'), [PIZZA], tasks, 'utf16');
    expect(model).toEqual({ name: 'textblob', version: '0.19.0' });
    expect(results).toEqual([
      {
        tokens: [
          { text: 'I', start: 0, end: 1, pos: 'PRON', tag: 'PRP' },
          { text: 'love', start: 2, end: 6, pos: 'VERB', tag: 'VBP' },
          { text: '🍕', start: 7, end: 9, pos: 'NOUN', tag: 'NN' },
          { text: 'New', start: 10, end: 13, pos: 'PROPN', tag: 'NNP' },
          { text: 'pizza', start: 14, end: 19, pos: 'NOUN', tag: 'NN' },
          { text: '.', start: 19, end: 20, pos: 'PUNCT', tag: '.' },
        ],
        nounPhrases: [{ text: 'New pizza', start: 10, end: 19 }],
        sentiment: { polarity: 0.5, subjectivity: 0.6 },
        sentences: [{ text: PIZZA, start: 0, end: 20 }],
      },
    ]);
    for (const span of [...(results[0]?.tokens ?? []), ...(results[0]?.nounPhrases ?? [])]) {
      expect(PIZZA.slice(span.start, span.end)).toBe(span.text);
    }
  });
});

describe('output that breaks the container contract is a 502', () => {
  const spacyDoc = (doc: object) => ({ model: { name: 'm', version: '1' }, docs: [doc] });
  it.each([
    ['not an object', 'garbage'],
    ['no docs', { model: { name: 'm', version: '1' } }],
    ['no model', { docs: [{ ents: [] }] }],
    ['too few documents', { model: { name: 'm', version: '1' }, docs: [] }],
    ['a missing task', spacyDoc({ tokens: [] })],
    ['an offset past the end', spacyDoc({ ents: [{ start: 0, end: 99, label: 'ORG' }] })],
    ['start after end', spacyDoc({ ents: [{ start: 3, end: 2, label: 'ORG' }] })],
    ['a fractional offset', spacyDoc({ ents: [{ start: 0.5, end: 2, label: 'ORG' }] })],
    ['a missing label', spacyDoc({ ents: [{ start: 0, end: 2 }] })],
  ])('%s', (_name, native) => {
    const act = () => normalise(engine('spacy'), native, ['Hello'], ['entities'], 'utf16');
    expect(act).toThrow(ProblemError);
    expect(act).toThrow('The spacy engine answered with output that does not match its documented format.');
  });

  it.each([
    ['polarity out of range', { polarity: 2, subjectivity: 0 }],
    ['subjectivity missing', { polarity: 0 }],
  ])('TextBlob sentiment with %s', (_name, sentiment) => {
    const native = { model: { name: 'm', version: '1' }, docs: [{ sentiment }] };
    expect(() => normalise(engine('textblob'), native, ['Hi'], ['sentiment'], 'utf16')).toThrow(ProblemError);
  });
});

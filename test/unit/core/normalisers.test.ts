import { readFileSync } from 'node:fs';
import { findEngine, type Engine } from '../../../handlers/core/engines.js';
import type { Task } from '../../../handlers/core/contract.js';
import { normalise } from '../../../handlers/core/normalisers/index.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { graphemesOf } from '../../support/slices.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/native/${name}.json`, import.meta.url), 'utf8'));
const engine = (name: string) => findEngine(name) as Engine;

const APPLE = 'Apple is looking at buying U.K. startup for $1 billion 🍕';
const PIZZA = 'I love 🍕 New pizza.';

describe('spaCy normaliser', () => {
  it('turns the native document into the public result, offsets in UTF-16 by default', () => {
    // act
    const { model, results } = normalise(
      engine('spacy'),
      fixture('spacy-apple'),
      [APPLE],
      ['entities', 'nounPhrases', 'sentences'],
      'utf16',
    );
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
        sentences: [{ text: PIZZA, start: 0, end: 20, sentiment: { polarity: 0.5, subjectivity: 0.6 } }],
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

/** A native output captured from a real container (test/fixtures/native/capture.py), with the request that made it. */
interface Capture {
  texts: string[];
  tasks: Task[];
  native: unknown;
}
const capture = (name: string) => fixture(name) as Capture;

describe('spaCy syntax, from a real capture', () => {
  const { texts, native } = capture('spacy-syntax');

  it('gives every token its lemma, tags, morphology, dependency and the index of its head', () => {
    const { results } = normalise(engine('spacy'), native, texts, ['syntax'], 'utf16');
    const apple = results[1]?.syntax ?? [];
    expect(apple.slice(0, 3)).toEqual([
      { text: 'Apple', start: 0, end: 5, lemma: 'Apple', pos: 'PROPN', tag: 'NNP', morph: 'Number=Sing', dep: 'nsubj', head: 2 },
      {
        text: 'is',
        start: 6,
        end: 8,
        lemma: 'be',
        pos: 'AUX',
        tag: 'VBZ',
        morph: 'Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin',
        dep: 'aux',
        head: 2,
      },
      {
        text: 'looking',
        start: 9,
        end: 16,
        lemma: 'look',
        pos: 'VERB',
        tag: 'VBG',
        morph: 'Aspect=Prog|Tense=Pres|VerbForm=Part',
        dep: 'ROOT',
        head: 2,
      },
    ]);
    for (const [i, result] of results.entries()) {
      const syntax = result.syntax ?? [];
      expect(syntax.every((token) => token.head >= 0 && token.head < syntax.length)).toBe(true);
      expect(syntax.every((token) => texts[i]?.slice(token.start, token.end) === token.text)).toBe(true);
    }
  });

  it('widens the tokens spaCy cut out of a ZWJ family, a flag and a skin tone to whole clusters in grapheme units', () => {
    const text = texts[0] as string;
    const { results } = normalise(engine('spacy'), native, texts, ['syntax', 'sentences', 'entities'], 'grapheme');
    const result = results[0] ?? {};
    const clusters = graphemesOf(text);
    for (const span of [...(result.syntax ?? []), ...(result.sentences ?? []), ...(result.entities ?? [])]) {
      expect(clusters.slice(span.start, span.end).join('')).toBe(span.text);
    }
    const words = (result.syntax ?? []).map((token) => token.text);
    expect(words).toContain('👩\u200d👩\u200d👧');
    expect(words).not.toContain('\u200d');
    expect(result.entities).toContainEqual({ text: 'Paris', label: 'GPE', start: 22, end: 27 });
    expect(result.sentences?.[0]).toMatchObject({ start: 0, end: clusters.length });
  });
});

describe('TextBlob per-sentence sentiment, from a real capture', () => {
  const { texts, native } = capture('textblob-sentences');

  it("gives each sentence its own sentiment when sentiment is computed too, and keeps the document's", () => {
    const { results } = normalise(engine('textblob'), native, texts, ['sentences', 'sentiment'], 'utf16');
    const [loved, battery] = results[1]?.sentences ?? [];
    expect(loved).toEqual({ text: 'I love this wonderful phone.', start: 0, end: 28, sentiment: { polarity: 0.75, subjectivity: 0.8 } });
    expect(battery?.sentiment?.polarity).toBeLessThan(0);
    expect(results[1]?.sentiment).toEqual((native as { docs: Array<{ sentiment: unknown }> }).docs[1]?.sentiment);
  });

  it('answers sentences without sentiment when only sentences were asked', () => {
    const { results } = normalise(engine('textblob'), native, texts, ['sentences'], 'utf16');
    expect(results.flatMap((result) => result.sentences ?? []).every((sentence) => !('sentiment' in sentence))).toBe(true);
  });

  it('keeps each sentence the exact slice in grapheme units across a CRLF', () => {
    const { results } = normalise(engine('textblob'), native, texts, ['sentences', 'tokens', 'sentiment'], 'grapheme');
    const clusters = graphemesOf(texts[0] as string);
    for (const span of [...(results[0]?.sentences ?? []), ...(results[0]?.tokens ?? [])])
      expect(clusters.slice(span.start, span.end).join('')).toBe(span.text);
  });
});

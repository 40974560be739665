/**
 * Properties of the normalisers over generated texts (full Unicode: astral characters, combining
 * marks, ZWJ sequences, controls) and generated native outputs: every span's `text` is exactly the
 * slice of the submitted text at its offsets in the requested encoding, and any output that is not
 * the container's documented format is a 502 ProblemError, never anything else.
 */
import fc from 'fast-check';
import { findEngine, type Engine } from '../../../handlers/core/engines.js';
import { OFFSET_ENCODINGS, type OffsetEncoding, type Span, type Task } from '../../../handlers/core/contract.js';
import { normalise, type Normalised } from '../../../handlers/core/normalisers/index.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { sliceIn } from '../../support/slices.js';
import { jsonValue, offsetEncoding, unicodeText } from './arbitraries.js';

const spacy = findEngine('spacy') as Engine;
const textblob = findEngine('textblob') as Engine;
const MODEL = { name: 'model', version: '1' };

/** A code-point span [start, end) of a text of `length` code points. */
const codePointSpan = (length: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: length }), fc.integer({ min: 0, max: length }))
    .map(([a, b]) => ({ start: Math.min(a, b), end: Math.max(a, b) }));

/** Texts with random valid code-point spans for each. */
const documents = fc.array(
  unicodeText({ maxLength: 60 }).chain((text) =>
    fc.tuple(fc.constant(text), fc.array(codePointSpan(Array.from(text).length), { minLength: 1, maxLength: 12 })),
  ),
  { minLength: 1, maxLength: 4 },
);
type Documents = Array<[string, Array<{ start: number; end: number }>]>;

const natives = {
  spacy: (docs: Documents) => ({
    model: MODEL,
    docs: docs.map(([, spans]) => ({
      tokens: spans.map((span) => ({ ...span, lemma: 'l', pos: 'NOUN', tag: 'NN' })),
      syntax: spans.map((span, i) => ({
        ...span,
        lemma: 'l',
        pos: 'NOUN',
        tag: 'NN',
        morph: 'Number=Sing',
        dep: i ? 'dep' : 'ROOT',
        head: 0,
      })),
      sents: spans,
      ents: spans.map((span) => ({ ...span, label: 'ORG' })),
      noun_chunks: spans,
    })),
  }),
  textblob: (docs: Documents) => ({
    model: MODEL,
    docs: docs.map(([, spans]) => ({
      tokens: spans.map((span) => ({ ...span, tag: 'NN' })),
      sentences: spans.map((span) => ({ ...span, sentiment: { polarity: -0.5, subjectivity: 0 } })),
      noun_phrases: [...spans.map((span) => ({ ...span, phrase: 'lowercased' })), { phrase: 'not located' }],
      sentiment: { polarity: 0.25, subjectivity: 1 },
    })),
  }),
};
const ALL_TASKS: Record<'spacy' | 'textblob', Task[]> = {
  spacy: ['tokens', 'sentences', 'entities', 'nounPhrases', 'syntax'],
  textblob: ['tokens', 'sentences', 'nounPhrases', 'sentiment'],
};

function spansOf({ results }: Normalised): Span[][] {
  return results.map((result) => [
    ...(result.tokens ?? []),
    ...(result.syntax ?? []),
    ...(result.sentences ?? []),
    ...(result.entities ?? []),
    ...(result.nounPhrases ?? []).filter((phrase): phrase is Span => phrase.start !== undefined && phrase.end !== undefined),
  ]);
}

/** Runs the normaliser; returns its output or the ProblemError (anything else thrown fails the property). */
function outcome(engine: Engine, native: unknown, texts: string[], tasks: Task[], encoding: OffsetEncoding): Normalised | ProblemError {
  try {
    return normalise(engine, native, texts, tasks, encoding);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
}

describe.each(['spacy', 'textblob'] as const)('the %s normaliser', (name) => {
  const engine = name === 'spacy' ? spacy : textblob;

  it('answers every span as the exact slice of the submitted text at its offsets, in every encoding', () => {
    fc.assert(
      fc.property(documents, fc.constantFrom(...OFFSET_ENCODINGS), (docs, encoding) => {
        const texts = docs.map(([text]) => text);
        const normalised = normalise(engine, natives[name](docs), texts, ALL_TASKS[name], encoding);
        spansOf(normalised).forEach((spans, i) => {
          const text = texts[i] as string;
          const codePoints = Array.from(text);
          spans.forEach((span, j) => {
            expect(sliceIn(text, span.start, span.end, encoding)).toBe(span.text);
            const native = docs[i]?.[1][j % (docs[i]?.[1].length ?? 1)];
            const slice = codePoints.slice(native?.start, native?.end).join('');
            // grapheme widens a span that cuts a cluster; every other encoding keeps it as the engine gave it.
            if (encoding === 'grapheme') expect(span.text).toContain(slice);
            else expect(span.text).toBe(slice);
          });
        });
      }),
      { numRuns: 300 },
    );
  });

  it('answers 502 for any JSON that is not its documented output', () => {
    fc.assert(
      fc.property(jsonValue, offsetEncoding, (native, encoding) => {
        const result = outcome(engine, native, ['text'], ALL_TASKS[name], encoding);
        expect(result).toBeInstanceOf(ProblemError);
        expect((result as ProblemError).status).toBe(502);
      }),
      { numRuns: 200 },
    );
  });

  it('answers 502 for a valid output with one thing broken, wherever it is', () => {
    fc.assert(
      fc.property(documents, fc.constantFrom(...Object.keys(BREAKAGES)), fc.nat(), offsetEncoding, (docs, breakage, at, encoding) => {
        const native = natives[name](docs);
        const texts = docs.map(([text]) => text);
        const broken = BREAKAGES[breakage]?.(native, at, texts);
        if (broken === undefined) return;
        const result = outcome(engine, broken, texts, ALL_TASKS[name], encoding);
        expect(result).toBeInstanceOf(ProblemError);
        expect((result as ProblemError).status).toBe(502);
        expect((result as ProblemError).slug).toBe('engine-failed');
      }),
      { numRuns: 400 },
    );
  });
});

type Native = ReturnType<typeof natives.spacy> | ReturnType<typeof natives.textblob>;
type Item = Record<string, unknown>;
const clone = <T>(value: T): T => structuredClone(value);

/** The first span-bearing list of the doc at `at`, after cloning the native output. */
function spanList(native: Native, at: number): { copy: Native; list: Item[]; doc: Item } | undefined {
  const copy = clone(native);
  const doc = copy.docs[at % copy.docs.length] as unknown as Item;
  const list = (doc.tokens ?? []) as Item[];
  return list.length ? { copy, list, doc } : undefined;
}

/** Ways to break a valid native output; each must be refused with a 502. */
const BREAKAGES: Record<string, (native: Native, at: number, texts: string[]) => unknown> = {
  'an offset past the end': (native, at, texts) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    const item = found.list[at % found.list.length] as Item;
    item.end = Array.from(texts[at % texts.length] ?? '').length + 1 + (at % 5);
    return found.copy;
  },
  'a negative start': (native, at) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    (found.list[at % found.list.length] as Item).start = -1 - (at % 3);
    return found.copy;
  },
  'start after end': (native, at) => {
    const found = spanList(native, at);
    const item = found?.list[at % found.list.length];
    if (!found || !item || item.start === item.end) return undefined;
    [item.start, item.end] = [item.end, item.start];
    return found.copy;
  },
  'an offset that is not an integer': (native, at) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    (found.list[at % found.list.length] as Item).start = [0.5, '0', null, true, [], {}, Number.POSITIVE_INFINITY][at % 7];
    return found.copy;
  },
  'a missing end': (native, at) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    delete (found.list[at % found.list.length] as Item).end;
    return found.copy;
  },
  'a tag that is not a string': (native, at) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    (found.list[at % found.list.length] as Item).tag = [1, null, ['NN'], { tag: 'NN' }][at % 4];
    return found.copy;
  },
  'a list that is an object': (native, at) => {
    const found = spanList(native, at);
    if (!found) return undefined;
    found.doc.tokens = { 0: found.list[0] };
    return found.copy;
  },
  'a syntax head outside the list': (native, at) => {
    const copy = clone(native);
    const syntax = (copy.docs[at % copy.docs.length] as unknown as Item).syntax as Item[] | undefined;
    if (!syntax?.length) return undefined;
    (syntax[at % syntax.length] as Item).head = [syntax.length, -1, 0.5, '0', null][at % 5];
    return copy;
  },
  'a sentence without its sentiment': (native, at) => {
    const copy = clone(native);
    const sentences = (copy.docs[at % copy.docs.length] as unknown as Item).sentences as Item[] | undefined;
    if (!sentences?.length) return undefined;
    delete (sentences[at % sentences.length] as Item).sentiment;
    return copy;
  },
  'one document too few': (native) => ({ ...clone(native), docs: native.docs.slice(1) }),
  'one document too many': (native) => ({ ...clone(native), docs: [...clone(native.docs), {}] }),
  'a document that is an array': (native, at) => {
    const copy = clone(native);
    (copy.docs as unknown[])[at % copy.docs.length] = [];
    return copy;
  },
  'no model': (native) => ({ docs: clone(native.docs) }),
  'a model version that is a number': (native) => ({ ...clone(native), model: { name: 'm', version: 3 } }),
  'a missing task': (native, at) => {
    const copy = clone(native);
    delete (copy.docs[at % copy.docs.length] as unknown as Item).tokens;
    return copy;
  },
  'a sentiment out of range (TextBlob) or a label that is not a string (spaCy)': (native, at) => {
    const copy = clone(native);
    const doc = copy.docs[at % copy.docs.length] as unknown as Item;
    if ('sentiment' in doc)
      doc.sentiment = [{ polarity: 1.5, subjectivity: 0 }, { polarity: 0, subjectivity: -0.1 }, { polarity: '0', subjectivity: 0 }, null][
        at % 4
      ];
    else if (Array.isArray(doc.ents) && doc.ents.length) (doc.ents[0] as Item).label = null;
    else return undefined;
    return copy;
  },
  'a noun phrase with only one offset (TextBlob) or a noun chunk past the end (spaCy)': (native, at, texts) => {
    const copy = clone(native);
    const doc = copy.docs[at % copy.docs.length] as unknown as Item;
    const list = (doc.noun_phrases ?? doc.noun_chunks) as Item[];
    const item = list[0] as Item;
    if ('noun_phrases' in doc) delete item.end;
    else item.end = Array.from(texts[at % copy.docs.length] ?? '').length + 1;
    return copy;
  },
};

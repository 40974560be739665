/**
 * Assertions on the public response schema (README.md, "The API") as a client sees it: exact fields, their
 * types and ranges, and that every span's offsets, in the requested encoding, index the submitted
 * text exactly.
 */
const UNIVERSAL_POS = new Set([
  'ADJ',
  'ADP',
  'ADV',
  'AUX',
  'CCONJ',
  'DET',
  'INTJ',
  'NOUN',
  'NUM',
  'PART',
  'PRON',
  'PROPN',
  'PUNCT',
  'SCONJ',
  'SYM',
  'VERB',
  'X',
  'SPACE',
]);

import { type OffsetEncoding as Encoding, PII, resultField, type TaskOutputs } from '../../../handlers/core/contract.js';
import { sliceIn } from '../../support/slices.js';

type Json = Record<string, unknown>;

function expectKeys(value: unknown, required: string[], optional: string[] = []): asserts value is Json {
  expect(value).toEqual(expect.any(Object));
  const keys = Object.keys(value as Json);
  for (const key of required) expect(keys).toContain(key);
  for (const key of keys) expect([...required, ...optional]).toContain(key);
}

function expectSpan(span: unknown, text: string, encoding: Encoding, required: string[], optional: string[] = []): void {
  expectKeys(span, ['text', ...required], optional);
  expect(typeof span.text).toBe('string');
  if (span.start === undefined && optional.includes('start')) return;
  expect(Number.isInteger(span.start) && Number.isInteger(span.end)).toBe(true);
  expect(sliceIn(text, span.start as number, span.end as number, encoding)).toBe(span.text);
}

const spanChecks: Record<string, (item: unknown, text: string, encoding: Encoding) => void> = {
  tokens: (token, text, encoding) => {
    expectSpan(token, text, encoding, ['start', 'end', 'pos', 'tag'], ['lemma']);
    expect(UNIVERSAL_POS).toContain((token as Json).pos);
  },
  // A sentence carries its own sentiment when the engine computed sentiment too (TextBlob).
  sentences: (sentence, text, encoding) => expectSpan(sentence, text, encoding, ['start', 'end'], ['sentiment']),
  syntax: (token, text, encoding) => {
    expectSpan(token, text, encoding, ['start', 'end', 'lemma', 'pos', 'tag', 'morph', 'dep', 'head']);
    expect(UNIVERSAL_POS).toContain((token as Json).pos);
    expect(Number.isInteger((token as Json).head)).toBe(true);
  },
  entities: (entity, text, encoding) => {
    expectSpan(entity, text, encoding, ['start', 'end', 'label']);
    expect((entity as Json).label).toEqual(expect.any(String));
  },
  nounPhrases: (phrase, text, encoding) => expectSpan(phrase, text, encoding, [], ['start', 'end']),
  pii: (span, text, encoding) => {
    expectSpan(span, text, encoding, ['type', 'start', 'end', 'score']);
    expect(PII.types).toContain((span as Json).type);
    expect((span as Json).score).toBeGreaterThanOrEqual(0);
    expect((span as Json).score).toBeLessThanOrEqual(1);
  },
};

/**
 * Each item is where a value was in the submitted text and where its replacement is in the
 * redacted one; between and after the items the two texts are the same.
 */
function expectRedaction(redaction: unknown, text: string, encoding: Encoding): void {
  expectKeys(redaction, ['text', 'items']);
  const { text: redacted, items } = redaction as { text: string; items: Json[] };
  let [from, redactedFrom] = [0, 0];
  for (const item of items) {
    expectKeys(item, ['type', 'start', 'end', 'redactedStart', 'redactedEnd']);
    expect(PII.types).toContain(item.type);
    const [start, end, redactedStart, redactedEnd] = [item.start, item.end, item.redactedStart, item.redactedEnd] as number[];
    expect(sliceIn(redacted, redactedFrom, redactedStart as number, encoding)).toBe(sliceIn(text, from, start as number, encoding));
    expect(sliceIn(text, start as number, end as number, encoding)).not.toBe('');
    [from, redactedFrom] = [end as number, redactedEnd as number];
  }
  expect(sliceIn(redacted, redactedFrom, Number.MAX_SAFE_INTEGER, encoding)).toBe(sliceIn(text, from, Number.MAX_SAFE_INTEGER, encoding));
}

/** An ISO 639-1 code with up to 3 different, less likely alternatives, or `und` with confidence 0 and none. */
function expectLanguage(language: unknown): void {
  expectKeys(language, ['code', 'confidence', 'alternatives']);
  const { code, confidence, alternatives } = language as {
    code: string;
    confidence: number;
    alternatives: Array<{ code: string; confidence: number }>;
  };
  if (code === 'und') {
    expect({ confidence, alternatives }).toEqual({ confidence: 0, alternatives: [] });
    return;
  }
  expect(alternatives.length).toBeLessThanOrEqual(3);
  const ranked = [{ code, confidence }, ...alternatives];
  for (const entry of ranked) {
    expectKeys(entry, ['code', 'confidence']);
    expect(entry.code).toMatch(/^[a-z]{2}$/);
    expect(entry.confidence).toBeGreaterThanOrEqual(0);
  }
  expect(new Set(ranked.map((entry) => entry.code)).size).toBe(ranked.length);
  expect(ranked.map((entry) => entry.confidence)).toEqual([...ranked.map((entry) => entry.confidence)].sort((a, b) => b - a));
  expect(ranked.reduce((sum, entry) => sum + entry.confidence, 0)).toBeLessThanOrEqual(1.001);
}

/** Checks a 200 body for these texts and tasks; returns its results for further assertions. */
export function expectPublicSchema(body: Json, texts: string[], tasks: string[], encoding: Encoding = 'utf16'): Json[] {
  expectKeys(body, ['engine', 'model', 'tasks', 'offsetEncoding', 'results']);
  expectKeys(body.model, ['name', 'version']);
  expect(body.tasks).toEqual(tasks);
  expect(body.offsetEncoding).toBe(encoding);
  const results = body.results as Json[];
  expect(results).toHaveLength(texts.length);
  results.forEach((result, index) => {
    expect(Object.keys(result).sort()).toEqual(tasks.map((task) => resultField(task as keyof TaskOutputs)).sort());
    const text = texts[index] ?? '';
    for (const task of tasks) {
      if (task === 'sentiment') {
        expectKeys(result.sentiment, ['polarity', 'subjectivity']);
        const { polarity, subjectivity } = result.sentiment as Json;
        expect(polarity).toBeGreaterThanOrEqual(-1);
        expect(polarity).toBeLessThanOrEqual(1);
        expect(subjectivity).toBeGreaterThanOrEqual(0);
        expect(subjectivity).toBeLessThanOrEqual(1);
      } else if (task === 'language') {
        expectLanguage(result.language);
      } else if (task === 'redact') {
        expectRedaction(result.redacted, text, encoding);
      } else {
        const spans = result[task] as unknown[];
        expect(Array.isArray(spans)).toBe(true);
        for (const span of spans) spanChecks[task]?.(span, text, encoding);
      }
    }
  });
  return results;
}

import { readFileSync } from 'node:fs';
import { findEngine, type Engine } from '../../../handlers/core/engines.js';
import type { OffsetEncoding, Task } from '../../../handlers/core/contract.js';
import { normalise } from '../../../handlers/core/normalisers/index.js';
import { ProblemError } from '../../../handlers/core/problems.js';

/** A native output captured from the real container (test/fixtures/native/capture.py), with the request that made it. */
const capture = JSON.parse(readFileSync(new URL('../../fixtures/native/langid-mixed.json', import.meta.url), 'utf8')) as {
  texts: string[];
  tasks: Task[];
  native: { model: unknown; docs: Array<{ language: unknown }> };
};
const langid = findEngine('langid') as Engine;
const UNDETERMINED = { code: 'und', confidence: 0, alternatives: [] };

describe('langid normaliser, from a real capture', () => {
  it.each(['utf16', 'codepoint', 'utf8', 'grapheme'] as OffsetEncoding[])(
    'answers the documented result as it is (no offsets, so the same in %s)',
    (encoding) => {
      // act
      const { model, results } = normalise(langid, capture.native, capture.texts, ['language'], encoding);
      // assess
      expect(model).toEqual({ name: 'py3langid', version: '0.4.0' });
      expect(results).toEqual(capture.native.docs);
      expect(results[0]?.language).toEqual({ code: 'de', confidence: expect.any(Number), alternatives: [] });
      expect(results[1]?.language).toMatchObject({ code: 'de', alternatives: [{ code: 'en' }] });
    },
  );

  it('answers `und` with confidence 0 and no alternatives for text with no letters, or none the model knows', () => {
    const { results } = normalise(langid, capture.native, capture.texts, ['language'], 'utf16');
    expect(results.slice(-2)).toEqual([{ language: UNDETERMINED }, { language: UNDETERMINED }]);
  });
});

describe('langid output that breaks the container contract is a 502', () => {
  const score = (code: string, confidence: number) => ({ code, confidence });
  const native = (language: unknown) => ({ model: { name: 'py3langid', version: '0.4.0' }, docs: [{ language }] });
  const best = (alternatives: unknown[], code = 'de', confidence = 0.6) => native({ code, confidence, alternatives });

  it.each([
    ['no language', { model: { name: 'py3langid', version: '0.4.0' }, docs: [{}] }],
    ['a language that is not an object', native('de')],
    ['no code', native({ confidence: 0.9, alternatives: [] })],
    ['an ISO 639-3 code', best([], 'deu')],
    ['an upper-case code', best([], 'DE')],
    ['a code with a region', best([], 'zh-TW')],
    ['a confidence above 1', best([], 'de', 1.2)],
    ['a negative confidence', best([], 'de', -0.1)],
    ['a confidence as a string', native({ code: 'de', confidence: '0.9', alternatives: [] })],
    ['no alternatives', native({ code: 'de', confidence: 0.9 })],
    ['four alternatives', best([score('en', 0.1), score('nl', 0.1), score('lb', 0.1), score('da', 0.05)])],
    ['an alternative without a code', best([{ confidence: 0.1 }])],
    ['an undetermined alternative', best([score('und', 0)])],
    ['an alternative more likely than the code', best([score('en', 0.7)], 'de', 0.2)],
    ['alternatives out of order', best([score('en', 0.05), score('nl', 0.1)])],
    ['an alternative repeating the code', best([score('de', 0.1)])],
    ['the same alternative twice', best([score('en', 0.1), score('en', 0.1)])],
    ['confidences adding up to more than 1', best([score('en', 0.3), score('nl', 0.2)], 'de', 0.6)],
    ['`und` with a confidence', native({ code: 'und', confidence: 0.4, alternatives: [] })],
    ['`und` with alternatives', native({ code: 'und', confidence: 0, alternatives: [score('en', 0.2)] })],
  ])('%s', (_name, output) => {
    const act = () => normalise(langid, output, ['Guten Morgen'], ['language'], 'utf16');
    expect(act).toThrow(ProblemError);
    expect(act).toThrow('The langid engine answered with output that does not match its documented format.');
  });

  it('accepts confidences that pass 1 only by the container rounding each to 4 places', () => {
    const output = best([score('en', 0.3334), score('nl', 0.3333)], 'de', 0.3334);
    expect(normalise(langid, output, ['Hallo'], ['language'], 'utf16').results[0]?.language?.code).toBe('de');
  });
});

/**
 * Properties of the langid normaliser over generated native outputs: any output the container's
 * README allows (an ISO 639-1 code, at most 3 different alternatives, most likely first, adding up to
 * at most 1; or `und` with confidence 0 and none) comes through unchanged, and the same output with
 * one thing broken is a 502 ProblemError, never anything else.
 */
import fc from 'fast-check';
import { findEngine, type Engine } from '../../../handlers/core/engines.js';
import { normalise, type Normalised } from '../../../handlers/core/normalisers/index.js';
import type { Language, OffsetEncoding } from '../../../handlers/core/contract.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { jsonValue, offsetEncoding } from './arbitraries.js';

const langid = findEngine('langid') as Engine;
const MODEL = { name: 'py3langid', version: '0.4.0' };
const UNDETERMINED: Language = { code: 'und', confidence: 0, alternatives: [] };

const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const isoCode = fc.tuple(letter, letter).map(([first, second]) => first + second);

/** A documented answer: 1 to 4 different codes with probabilities, most likely first, together at most 1. */
const identified = fc.integer({ min: 1, max: 4 }).chain((count) =>
  fc
    .tuple(
      fc.uniqueArray(isoCode, { minLength: count, maxLength: count }),
      fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: count, maxLength: count }),
    )
    .map(([codes, weights]): Language => {
      const total = Math.max(
        10_000,
        weights.reduce((sum, weight) => sum + weight, 0),
      );
      const [best, ...rest] = [...weights]
        .sort((a, b) => b - a)
        .map((weight, i) => ({ code: codes[i] as string, confidence: Math.floor((weight / total) * 10_000) / 10_000 }));
      return { ...(best as { code: string; confidence: number }), alternatives: rest };
    }),
);
const language = fc.oneof({ weight: 4, arbitrary: identified }, { weight: 1, arbitrary: fc.constant(UNDETERMINED) });
const native = (languages: Language[]) => ({ model: MODEL, docs: languages.map((entry) => ({ language: entry })) });

/** Runs the normaliser; returns its output or the ProblemError (anything else thrown fails the property). */
function outcome(output: unknown, texts: string[], encoding: OffsetEncoding): Normalised | ProblemError {
  try {
    return normalise(langid, output, texts, ['language'], encoding);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
}

/** Ways to break one answer, each against the container's contract; undefined where it does not apply. */
const BREAKAGES: Record<string, (entry: Language) => unknown> = {
  'an ISO 639-3 code': (entry) => ({ ...entry, code: entry.code === 'und' ? 'xyz' : `${entry.code}x` }),
  'an upper-case code': (entry) => (entry.code === 'und' ? undefined : { ...entry, code: entry.code.toUpperCase() }),
  'a confidence over 1': (entry) => ({ ...entry, confidence: 1.5 }),
  'a negative confidence': (entry) => ({ ...entry, confidence: -0.01 }),
  'no alternatives list': ({ code, confidence }) => ({ code, confidence }),
  'a fourth alternative': (entry) =>
    entry.code === 'und'
      ? undefined
      : {
          ...entry,
          alternatives: [
            ...entry.alternatives,
            ...['qa', 'qb', 'qc', 'qd'].slice(0, 4 - entry.alternatives.length).map((code) => ({ code, confidence: 0 })),
          ],
        },
  'the code again among the alternatives': (entry) =>
    entry.code === 'und' ? undefined : { ...entry, alternatives: [{ code: entry.code, confidence: 0 }] },
  'an alternative above the code': (entry) =>
    entry.code === 'und'
      ? undefined
      : { ...entry, alternatives: [{ code: entry.code === 'zz' ? 'zy' : 'zz', confidence: Math.min(1, entry.confidence + 0.01) }] },
  '`und` with a guess': () => ({ code: 'und', confidence: 0.5, alternatives: [] }),
};

describe('the langid normaliser', () => {
  it('answers every documented output unchanged, in every encoding', () => {
    fc.assert(
      fc.property(fc.array(language, { minLength: 1, maxLength: 8 }), offsetEncoding, (languages, encoding) => {
        const result = outcome(
          native(languages),
          languages.map(() => 'text'),
          encoding,
        );
        expect(result).not.toBeInstanceOf(ProblemError);
        expect((result as Normalised).results).toEqual(languages.map((entry) => ({ language: entry })));
      }),
      { numRuns: 300 },
    );
  });

  it('answers 502 for any JSON that is not its documented output', () => {
    fc.assert(
      fc.property(jsonValue, offsetEncoding, (output, encoding) => {
        const result = outcome(output, ['text'], encoding);
        expect(result).toBeInstanceOf(ProblemError);
        expect((result as ProblemError).status).toBe(502);
      }),
      { numRuns: 200 },
    );
  });

  it('answers 502 engine-failed for a documented output with one answer broken, wherever it is', () => {
    fc.assert(
      fc.property(
        fc.array(language, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(...Object.keys(BREAKAGES)),
        fc.nat(),
        offsetEncoding,
        (languages, breakage, at, encoding) => {
          const index = at % languages.length;
          const broken = BREAKAGES[breakage]?.(languages[index] as Language);
          if (broken === undefined) return;
          const output = native(languages) as { docs: Array<{ language: unknown }> };
          (output.docs[index] as { language: unknown }).language = broken;
          const result = outcome(
            output,
            languages.map(() => 'text'),
            encoding,
          );
          expect(result).toBeInstanceOf(ProblemError);
          expect((result as ProblemError).slug).toBe('engine-failed');
        },
      ),
      { numRuns: 400 },
    );
  });
});

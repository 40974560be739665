/**
 * The language-identification engine's native document (py3langid; see containers/langid/README.md)
 * to the public result. The native shape already is the public one, so this reader only holds the
 * container to its documented contract: an ISO 639-1 code with its confidence, or `und`
 * (undetermined: no letters, or nothing the model knows) with confidence 0 and no alternatives;
 * at most 3 alternatives, each a different language, most likely first, all together at most 1.
 * Native key: language.
 */
import { NativeOutputError, readArray, readNumber, readObject, readString } from '../native.js';
import type { Language, LanguageScore } from '../contract.js';
import type { TaskReaders } from './types.js';

export const UNDETERMINED = 'und';
const MAX_ALTERNATIVES = 3;
const ISO_639_1 = /^[a-z]{2}$/;
/** The container rounds each probability to 4 places, so their sum may pass 1 by that much per value. */
const ROUNDING = 0.00005;

function score(value: unknown, path: string): LanguageScore {
  const native = readObject(value, path);
  const code = readString(native.code, `${path}.code`);
  if (!ISO_639_1.test(code)) throw new NativeOutputError(`${path}.code`, 'an ISO 639-1 code');
  return { code, confidence: readNumber(native.confidence, `${path}.confidence`, 0, 1) };
}

function undetermined(native: Record<string, unknown>, path: string): Language {
  if (native.confidence !== 0) throw new NativeOutputError(`${path}.confidence`, `0 with code ${UNDETERMINED}`);
  if (readArray(native.alternatives, `${path}.alternatives`).length)
    throw new NativeOutputError(`${path}.alternatives`, `none with code ${UNDETERMINED}`);
  return { code: UNDETERMINED, confidence: 0, alternatives: [] };
}

function language(value: unknown, path: string): Language {
  const native = readObject(value, path);
  if (native.code === UNDETERMINED) return undetermined(native, path);
  const best = score(native, path);
  const listed = readArray(native.alternatives, `${path}.alternatives`);
  if (listed.length > MAX_ALTERNATIVES) throw new NativeOutputError(`${path}.alternatives`, `at most ${MAX_ALTERNATIVES} entries`);
  const alternatives = listed.map((entry, i) => score(entry, `${path}.alternatives[${i}]`));
  const ranked = [best, ...alternatives];
  ranked.forEach((entry, i) => {
    const previous = ranked[i - 1];
    if (previous && entry.confidence > previous.confidence)
      throw new NativeOutputError(`${path}.alternatives[${i - 1}]`, 'languages ordered most likely first');
    if (ranked.findIndex((other) => other.code === entry.code) !== i)
      throw new NativeOutputError(`${path}.alternatives[${i - 1}]`, 'a language not named before');
  });
  const total = ranked.reduce((sum, entry) => sum + entry.confidence, 0);
  if (total > 1 + ROUNDING * ranked.length) throw new NativeOutputError(path, 'confidences that add up to at most 1');
  return { ...best, alternatives };
}

export const langid: TaskReaders = {
  language: (doc, _spans, path) => language(doc.language, `${path}.language`),
};

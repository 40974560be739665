/** Documents for the chunking and merging tests: words of any Unicode, with the breaks the chunker looks for. */
import fc from 'fast-check';
import { unicodeText } from '../../hostile/arbitraries.js';

const separator = fc.constantFrom(' ', ' ', ' ', '\n', '\n\n', '. ', '! ', '\r\n', '\r\n\r\n', '\t', '. Dr. ');

/** A document: words (full Unicode, emoji and combining marks included) and separators. */
export const documentText = (maxWords = 200, minWords = 1) =>
  fc
    .array(fc.tuple(unicodeText({ minLength: 1, maxLength: 8 }), separator), { minLength: minWords, maxLength: maxWords })
    .map((parts) => parts.flat().join(''));

/** Every grapheme-cluster boundary of a text, its ends included. */
export function clusterBoundaries(text: string): Set<number> {
  const boundaries = new Set([text.length]);
  for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) boundaries.add(index);
  return boundaries;
}

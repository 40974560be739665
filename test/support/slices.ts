/** The reference for every offset check in the tests, computed independently of the gateway's own offset code. */
import type { OffsetEncoding } from '../../handlers/core/contract.js';

const clusters = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The extended grapheme clusters of `text`, in order. */
export const graphemesOf = (text: string): string[] => Array.from(clusters.segment(text), ({ segment }) => segment);

/** The slice of `text` between offsets counted in `encoding`. */
export function sliceIn(text: string, start: number, end: number, encoding: OffsetEncoding): string {
  if (encoding === 'utf16') return text.slice(start, end);
  if (encoding === 'codepoint') return Array.from(text).slice(start, end).join('');
  if (encoding === 'grapheme') return graphemesOf(text).slice(start, end).join('');
  return Buffer.from(text, 'utf8').subarray(start, end).toString('utf8');
}

/**
 * Offsets. The Python engines count code points; the API answers in the unit the client asked for
 * (UTF-16 code units by default, so that `text.slice(start, end)` works in JavaScript). A TextIndex
 * is built once per submitted text and converts code-point offsets in O(1) after an O(n) scan that
 * is skipped entirely for the common case of text where every unit has the same width.
 *
 * `grapheme` counts extended grapheme clusters (Intl.Segmenter, the platform's own Unicode tables).
 * An engine boundary inside a cluster (spaCy may cut a ZWJ sequence, a combining mark or a CRLF)
 * has no grapheme offset, so such a span is widened to the edges of the clusters it touches, and
 * its `text` is the widened slice: it stays the exact slice between its offsets.
 */
import type { OffsetEncoding } from './contract.js';

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/** Number of Unicode code points (a lone surrogate counts as one, as in Python). */
export function codePointLength(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the ASCII range starts at U+0000 on purpose
const ASCII = /^[\x00-\x7f]*$/;
/** Built on first use: loading ICU's segmentation data takes about 20 ms, which only grapheme offsets on non-ASCII text need. */
let graphemeSegmenter: Intl.Segmenter | undefined;
const graphemes = () => (graphemeSegmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' }));

/** For each code point, the index of the grapheme cluster it belongs to; and where each cluster starts. */
interface GraphemeTable {
  /** Cluster index by code-point index, with the cluster count at `length`. */
  clusterOf: Uint32Array;
  /** Code-point offset of each cluster's first code point, with `length` at the cluster count. */
  clusterStart: Uint32Array;
}

/** A code-point span widened to grapheme-cluster edges (unchanged for every other encoding). */
export interface Widened {
  start: number;
  end: number;
}

export class TextIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  private utf16?: Uint32Array;
  private utf8?: Uint32Array;
  private ascii?: boolean;
  /** Undefined until needed; null when every code point is its own cluster. */
  private graphemes?: GraphemeTable | null;

  constructor(text: string) {
    this.text = text;
    this.length = codePointLength(text);
  }

  /** Offset in UTF-16 code units of the code point at `offset` (which may be `length`). */
  toUtf16(offset: number): number {
    if (this.length === this.text.length) return offset;
    this.utf16 ??= this.table((codePoint) => (codePoint > 0xffff ? 2 : 1));
    return this.utf16[offset] ?? this.text.length;
  }

  toUtf8(offset: number): number {
    if (this.isAscii()) return offset;
    this.utf8 ??= this.table((codePoint) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint > 0xffff ? 4 : 3));
    return this.utf8[offset] ?? 0;
  }

  /** The index of the cluster a code-point offset starts, for an offset on a cluster edge. */
  toGrapheme(offset: number): number {
    const table = this.graphemeTable();
    return table ? (table.clusterOf[offset] ?? 0) : offset;
  }

  /**
   * The smallest span of whole grapheme clusters that holds the code-point span: the start moves
   * back to the start of its cluster, the end forward to the end of the cluster it falls inside.
   */
  widen(start: number, end: number): Widened {
    const table = this.graphemeTable();
    if (!table) return { start, end };
    const { clusterOf, clusterStart } = table;
    const first = clusterOf[start] ?? 0;
    const last = clusterOf[end] ?? 0;
    const widenedStart = clusterStart[first] ?? 0;
    if (clusterStart[last] === end) return { start: widenedStart, end };
    // An empty span inside a cluster stays empty, at the cluster's start.
    return { start: widenedStart, end: start === end ? widenedStart : (clusterStart[last + 1] ?? this.length) };
  }

  /** Code-point offsets (already on cluster edges for `grapheme`) in the requested encoding. */
  convert(offset: number, encoding: OffsetEncoding): number {
    switch (encoding) {
      case 'codepoint':
        return offset;
      case 'utf16':
        return this.toUtf16(offset);
      case 'utf8':
        return this.toUtf8(offset);
      case 'grapheme':
        return this.toGrapheme(offset);
    }
  }

  /** The submitted text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }

  private isAscii(): boolean {
    this.ascii ??= ASCII.test(this.text);
    return this.ascii;
  }

  /** Null for ASCII text without CRLF (the only multi-code-point ASCII cluster): every code point is a cluster. */
  private graphemeTable(): GraphemeTable | null {
    if (this.graphemes === undefined) {
      this.graphemes = this.isAscii() && !this.text.includes('\r\n') ? null : this.segment();
    }
    return this.graphemes;
  }

  /**
   * Two ASCII code units side by side always have a cluster boundary between them, except CR LF
   * (UAX #29: no ASCII character extends, joins or prepends, and the rules that look further, for
   * regional indicators, emoji ZWJ sequences and Indic conjuncts, involve only non-ASCII). So only
   * the stretches between such pairs that hold non-ASCII go through Intl.Segmenter: mostly-English
   * text costs a few milliseconds per 100 000 characters instead of some 30.
   */
  private segment(): GraphemeTable {
    const { text } = this;
    const clusterOf = new Uint32Array(this.length + 1);
    const starts: number[] = [];
    let codePoint = 0;
    const cluster = (size: number) => {
      clusterOf.fill(starts.length, codePoint, codePoint + size);
      starts.push(codePoint);
      codePoint += size;
    };
    const ascii = (index: number) => text.charCodeAt(index) < 0x80;
    let at = 0;
    while (at < text.length) {
      if (ascii(at) && (at + 1 === text.length || ascii(at + 1))) {
        const crlf = text.charCodeAt(at) === 13 && text.charCodeAt(at + 1) === 10;
        cluster(crlf ? 2 : 1);
        at += crlf ? 2 : 1;
        continue;
      }
      let end = at + 1;
      while (end < text.length && !(ascii(end - 1) && ascii(end))) end++;
      if (text.charCodeAt(end - 1) === 13 && text.charCodeAt(end) === 10) end++;
      for (const { segment } of graphemes().segment(text.slice(at, end))) cluster(codePointLength(segment));
      at = end;
    }
    clusterOf[this.length] = starts.length;
    starts.push(this.length);
    return { clusterOf, clusterStart: Uint32Array.from(starts) };
  }

  /** Cumulative width of each code point, by code-point index, with the total at `length`. */
  private table(width: (codePoint: number) => number): Uint32Array {
    const table = new Uint32Array(this.length + 1);
    let index = 0;
    let position = 0;
    for (const character of this.text) {
      table[index++] = position;
      position += width(character.codePointAt(0) ?? 0);
    }
    table[index] = position;
    return table;
  }
}

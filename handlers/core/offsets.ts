/**
 * Offsets. The Python engines count code points; the API answers in the unit the client asked for
 * (UTF-16 code units by default, so that `text.slice(start, end)` works in JavaScript). A TextIndex
 * is built once per submitted text and converts code-point offsets in O(1) after an O(n) scan that
 * is skipped entirely for the common case of text where every unit has the same width.
 */
export const OFFSET_ENCODINGS = ['utf16', 'codepoint', 'utf8'] as const;
export type OffsetEncoding = (typeof OFFSET_ENCODINGS)[number];

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

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

export class TextIndex {
  readonly text: string;
  /** Length in code points. */
  readonly length: number;
  private utf16?: Uint32Array;
  private utf8?: Uint32Array;
  private ascii?: boolean;

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
    this.ascii ??= ASCII.test(this.text);
    if (this.ascii) return offset;
    this.utf8 ??= this.table((codePoint) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint > 0xffff ? 4 : 3));
    return this.utf8[offset] ?? 0;
  }

  convert(offset: number, encoding: OffsetEncoding): number {
    if (encoding === 'codepoint') return offset;
    return encoding === 'utf16' ? this.toUtf16(offset) : this.toUtf8(offset);
  }

  /** The submitted text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
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

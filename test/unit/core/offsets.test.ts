import { codePointLength, TextIndex } from '../../../handlers/core/offsets.js';
import type { OffsetEncoding } from '../../../handlers/core/contract.js';

/** The code-point offsets of `part` in `text` (what a Python engine would report). */
function codePointSpan(text: string, part: string): [number, number] {
  const start = codePointLength(text.slice(0, text.indexOf(part)));
  return [start, start + codePointLength(part)];
}

describe('TextIndex', () => {
  const texts = {
    ascii: 'Apple is buying a U.K. startup.',
    emoji: 'I love 🍕 and 👩‍👩‍👧 so much 🎉',
    cjk: '東京タワーは高い。Tokyo 𠮷野家',
    combining: 'Cafe\u0301 de\u0301ja\u0300 vu, noe\u0308l',
    surrogatesAtEdges: '😀start middle end😀',
  };

  it.each(Object.entries(texts))('slices every word of %s text back exactly from code-point offsets', (_name, text) => {
    // prepare
    const index = new TextIndex(text);
    for (const word of text.split(' ')) {
      const [start, end] = codePointSpan(text, word);
      // act + assess
      expect(index.slice(start, end)).toBe(word);
      const [from, to] = [index.convert(start, 'utf16'), index.convert(end, 'utf16')];
      expect(text.slice(from, to)).toBe(word);
    }
  });

  it.each<[string, string, OffsetEncoding, [number, number]]>([
    ['pizza after ASCII', 'I love 🍕 pizza', 'utf16', [10, 15]],
    ['pizza after ASCII', 'I love 🍕 pizza', 'codepoint', [9, 14]],
    ['pizza after ASCII', 'I love 🍕 pizza', 'utf8', [12, 17]],
    ['CJK word', '東京タワー Tokyo', 'utf8', [16, 21]],
    ['CJK word', '東京タワー Tokyo', 'utf16', [6, 11]],
    ['combining mark', 'e\u0301 x', 'utf8', [4, 5]],
    ['astral CJK', '𠮷野家 x', 'utf16', [5, 6]],
  ])('converts the last word of %s (%j) to %s offsets', (_name, text, encoding, expected) => {
    const index = new TextIndex(text);
    const [start, end] = codePointSpan(text, text.split(' ').at(-1) ?? '');
    expect([index.convert(start, encoding), index.convert(end, encoding)]).toEqual(expected);
  });

  it('keeps a surrogate pair whole when a span starts and ends on emoji', () => {
    const text = '😀a😀';
    const index = new TextIndex(text);
    expect(index.slice(0, 1)).toBe('😀');
    expect(index.slice(2, 3)).toBe('😀');
    expect([index.toUtf16(2), index.toUtf16(3)]).toEqual([3, 5]);
    expect([index.toUtf8(2), index.toUtf8(3)]).toEqual([5, 9]);
  });

  it('counts UTF-8 bytes as Buffer does', () => {
    const text = 'añ€😀';
    const index = new TextIndex(text);
    expect(index.toUtf8(index.length)).toBe(Buffer.byteLength(text));
  });
});

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['🍕', 1],
    ['👩‍👩‍👧', 5],
    ['e\u0301', 2],
    ['\ud800', 1],
  ])('%j has %i code points', (text, expected) => {
    expect(codePointLength(text)).toBe(expected);
  });
});

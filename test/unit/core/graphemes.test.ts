/**
 * `offsetEncoding: "grapheme"`: extended grapheme clusters, with spans whose engine boundaries fall
 * inside a cluster widened to the cluster's edges. Tables for each kind of cluster, then properties
 * over texts built from all of them.
 */
import fc from 'fast-check';
import { codePointLength, TextIndex } from '../../../handlers/core/offsets.js';
import { graphemesOf, sliceIn } from '../../support/slices.js';

const ZWJ_FAMILY = '👩\u200d👩\u200d👧';
const FLAG = '🇫🇷';
const WAVE_MEDIUM = '👋🏽';
const E_ACUTE = 'e\u0301';
const HANGUL_JAMO = '\u1112\u1161\u11ab'; // 한 as three conjoining jamo: one cluster
const CLUSTERS = [
  ZWJ_FAMILY,
  FLAG,
  WAVE_MEDIUM,
  E_ACUTE,
  HANGUL_JAMO,
  '서울',
  '\r\n',
  'é',
  'a',
  ' ',
  '.',
  '東',
  '😀',
  '\u0915\u094d\u0937',
];

/** The code-point span of `part` in `text`, as a Python engine reports it. */
function codePointSpan(text: string, part: string, from = 0): [number, number] {
  const start = codePointLength(text.slice(0, text.indexOf(part, from)));
  return [start, start + codePointLength(part)];
}

/** What the gateway answers for a code-point span in grapheme units: widened, converted, sliced. */
function graphemeSpan(index: TextIndex, start: number, end: number) {
  const widened = index.widen(start, end);
  return {
    start: index.convert(widened.start, 'grapheme'),
    end: index.convert(widened.end, 'grapheme'),
    text: index.slice(widened.start, widened.end),
  };
}

describe('grapheme offsets', () => {
  it.each([
    ['a ZWJ family', `We ${ZWJ_FAMILY} met`, 'met', [5, 8]],
    ['a flag', `Go ${FLAG} now`, 'now', [5, 8]],
    ['a skin-tone modifier', `Hi ${WAVE_MEDIUM} you`, 'you', [5, 8]],
    ['a combining mark', `cafe\u0301 ok`, 'ok', [5, 7]],
    ['Hangul syllables', '서울 시', '시', [3, 4]],
    ['conjoining Hangul jamo', `${HANGUL_JAMO} x`, 'x', [2, 3]],
    ['CRLF', 'one\r\ntwo', 'two', [4, 7]],
  ])('count %s as one character each', (_name, text, word, expected) => {
    const index = new TextIndex(text);
    const [start, end] = codePointSpan(text, word);
    const span = graphemeSpan(index, start, end);
    expect([span.start, span.end]).toEqual(expected);
    expect(span.text).toBe(word);
    expect(graphemesOf(text).slice(span.start, span.end).join('')).toBe(word);
  });

  it.each([
    ['one person of a ZWJ family', `We ${ZWJ_FAMILY} met`, '👩', ZWJ_FAMILY, [3, 4]],
    ['the ZWJ itself', `We ${ZWJ_FAMILY} met`, '\u200d', ZWJ_FAMILY, [3, 4]],
    ['half a flag', `Go ${FLAG} now`, '🇫', FLAG, [3, 4]],
    ['a hand without its skin tone', `Hi ${WAVE_MEDIUM} you`, '👋', WAVE_MEDIUM, [3, 4]],
    ['a letter without its accent', 'cafe\u0301 ok', 'cafe', `cafe\u0301`, [0, 4]],
    ['the CR of a CRLF', 'one\r\ntwo', 'one\r', 'one\r\n', [0, 4]],
    ['a lone jamo', `${HANGUL_JAMO} x`, '\u1161', HANGUL_JAMO, [0, 1]],
  ])('widen a span that cuts %s to whole clusters', (_name, text, part, widened, expected) => {
    const index = new TextIndex(text);
    const [start, end] = codePointSpan(text, part);
    const span = graphemeSpan(index, start, end);
    expect(span.text).toBe(widened);
    expect([span.start, span.end]).toEqual(expected);
  });

  it('keeps an empty span inside a cluster empty, at the start of the cluster', () => {
    const index = new TextIndex(`a${FLAG}b`);
    expect(index.widen(2, 2)).toEqual({ start: 1, end: 1 });
  });

  it('takes ASCII text without CRLF as one cluster per character, and counts CRLF as one', () => {
    expect(new TextIndex('plain text').convert(10, 'grapheme')).toBe(10);
    const crlf = new TextIndex('a\r\nb');
    expect([crlf.convert(3, 'grapheme'), crlf.convert(4, 'grapheme')]).toEqual([2, 3]);
  });
});

const cluster = fc.constantFrom(...CLUSTERS);
const text = fc.array(cluster, { minLength: 1, maxLength: 40 }).map((parts) => parts.join(''));
const withSpans = text.chain((value) => {
  const length = codePointLength(value);
  const span = fc.tuple(fc.nat({ max: length }), fc.nat({ max: length })).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
  return fc.tuple(fc.constant(value), fc.array(span, { minLength: 1, maxLength: 10 }));
});

describe('grapheme offsets, as properties of texts of ZWJ sequences, flags, skin tones, combining marks, Hangul and CRLF', () => {
  it("make every span the exact grapheme slice of the text, and hold all of the engine's span", () => {
    fc.assert(
      fc.property(withSpans, ([value, spans]) => {
        const index = new TextIndex(value);
        const codePoints = Array.from(value);
        for (const [start, end] of spans) {
          const span = graphemeSpan(index, start, end);
          expect(sliceIn(value, span.start, span.end, 'grapheme')).toBe(span.text);
          const native = codePoints.slice(start, end).join('');
          const widened = index.widen(start, end);
          expect(widened.start).toBeLessThanOrEqual(start);
          expect(widened.end).toBeGreaterThanOrEqual(start === end ? widened.start : end);
          expect(span.text.includes(native)).toBe(true);
          // Every cluster the span touches holds at least one of its code points.
          expect(span.end - span.start).toBeLessThanOrEqual(end - start);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('leave a span already on cluster edges as it is', () => {
    fc.assert(
      fc.property(fc.array(cluster, { minLength: 1, maxLength: 30 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const value = parts.join('');
        const [first, last] = [Math.min(a, b) % (parts.length + 1), Math.max(a, b) % (parts.length + 1)].sort((x, y) => x - y) as [
          number,
          number,
        ];
        const start = codePointLength(parts.slice(0, first).join(''));
        const end = codePointLength(parts.slice(0, last).join(''));
        const index = new TextIndex(value);
        expect(index.widen(start, end)).toEqual({ start, end });
        const clusterCount = (upTo: number) => graphemesOf(parts.slice(0, upTo).join('')).length;
        expect([index.convert(start, 'grapheme'), index.convert(end, 'grapheme')]).toEqual([clusterCount(first), clusterCount(last)]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the cluster table, against Intl.Segmenter over the whole text', () => {
  // ASCII next to everything that joins across it: combining marks, ZWJ, variation selectors,
  // Prepend (U+0600), regional indicators, controls, CR and LF apart and together.
  const pieces = fc.constantFrom(
    ...CLUSTERS,
    '\u0301',
    '\u200d',
    '\ufe0f',
    '\u0600',
    '\u{1F1EB}',
    '\r',
    '\n',
    '\t',
    '\u0000',
    'ab',
    '#',
    '1',
    'x y',
  );
  it('puts every code point in the cluster the full segmentation puts it in', () => {
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 50 }), (parts) => {
        const value = parts.join('');
        const index = new TextIndex(value);
        const expected: number[] = [];
        graphemesOf(value).forEach((segment, cluster) => {
          expected.push(...Array.from(segment, () => cluster));
        });
        expect(
          Array.from({ length: index.length }, (_, codePoint) => index.widen(codePoint, codePoint + 1)).map(({ start }) =>
            index.convert(start, 'grapheme'),
          ),
        ).toEqual(expected);
        expect(index.convert(index.length, 'grapheme')).toBe(graphemesOf(value).length);
      }),
      { numRuns: 1000 },
    );
  });
});

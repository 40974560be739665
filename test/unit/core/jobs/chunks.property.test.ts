import fc from 'fast-check';
import { chunkDocument, isLongDocument, MAX_CHUNK_UNITS } from '../../../../handlers/core/jobs/chunks.js';
import { LIMITS } from '../../../../handlers/core/contract.js';
import { clusterBoundaries, documentText } from './documents.js';

const SMALL = { maxUnits: 120, marginUnits: 20 };

describe('chunkDocument', () => {
  it('tiles the document with cores that start and end on cluster boundaries, margins included', () => {
    fc.assert(
      fc.property(documentText(200, 20), (text) => {
        // act
        const chunks = chunkDocument(text, SMALL);
        // assess
        const boundaries = clusterBoundaries(text);
        expect(chunks[0]?.coreStart).toBe(0);
        expect(chunks.at(-1)?.coreEnd).toBe(text.length);
        chunks.forEach((chunk, i) => {
          if (i > 0) expect(chunk.coreStart).toBe(chunks[i - 1]?.coreEnd);
          for (const edge of [chunk.start, chunk.end, chunk.coreStart, chunk.coreEnd]) expect(boundaries.has(edge)).toBe(true);
          expect(chunk.start).toBeLessThanOrEqual(chunk.coreStart);
          expect(chunk.coreEnd).toBeLessThanOrEqual(chunk.end);
          expect(chunk.coreStart - chunk.start).toBeLessThanOrEqual(SMALL.marginUnits);
          expect(chunk.end - chunk.coreEnd).toBeLessThanOrEqual(SMALL.marginUnits);
          const oneCluster = !new Set([...boundaries].filter((b) => b > chunk.coreStart && b < chunk.coreEnd)).size;
          if (!oneCluster) expect(chunk.end - chunk.start).toBeLessThanOrEqual(SMALL.maxUnits);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('never splits a surrogate pair, even in text with no break at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('😀', '👩‍👩‍👧', 'e\u0301', '🇫🇷', 'a'), minLength: 100, maxLength: 400 }), (text) => {
        const boundaries = clusterBoundaries(text);
        for (const chunk of chunkDocument(text, SMALL)) {
          expect(boundaries.has(chunk.coreEnd)).toBe(true);
          expect(text.slice(chunk.start, chunk.end).isWellFormed()).toBe(true);
        }
      }),
    );
  });

  it('cuts a long document at paragraph breaks when there are some, into chunks the engines take', () => {
    // prepare: 300 paragraphs of about 1 000 characters, 300 000 in all
    const paragraph = (i: number) => `${`Paragraph ${i} says something about Apple in London. `.repeat(20)}\n\n`;
    const text = Array.from({ length: 300 }, (_, i) => paragraph(i)).join('');
    // act
    const chunks = chunkDocument(text);
    // assess
    expect(isLongDocument(text.length)).toBe(true);
    expect(chunks.length).toBeGreaterThan(text.length / MAX_CHUNK_UNITS);
    for (const chunk of chunks.slice(0, -1)) {
      expect(text.slice(chunk.coreEnd - 2, chunk.coreEnd)).toBe('\n\n');
      expect(chunk.end - chunk.start).toBeLessThanOrEqual(Math.min(MAX_CHUNK_UNITS, LIMITS.maxTextCharacters));
    }
  });

  it.each([
    ['a sentence break', 'This is one sentence about Paris. '.repeat(2_000), '. '],
    ['whitespace', 'word '.repeat(30_000), ' '],
  ])('falls back to %s when there is no paragraph', (_name, text, seam) => {
    for (const chunk of chunkDocument(text).slice(0, -1)) expect(text.slice(chunk.coreEnd - seam.length, chunk.coreEnd)).toBe(seam);
  });

  it('sends a text of one chunk or less whole', () => {
    expect(chunkDocument('short text')).toEqual([{ start: 0, end: 10, coreStart: 0, coreEnd: 10 }]);
  });
});

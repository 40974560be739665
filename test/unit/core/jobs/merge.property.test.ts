import fc from 'fast-check';
import { joinChunks } from '../../../../handlers/core/jobs/join.js';
import { planChunks } from '../../../../handlers/core/jobs/long-document.js';
import { placementOf, placeResult } from '../../../../handlers/core/jobs/place.js';
import { SpanReader } from '../../../../handlers/core/native.js';
import { codePointLength } from '../../../../handlers/core/offsets.js';
import { type Entity, OFFSET_ENCODINGS, type OffsetEncoding, type Result } from '../../../../handlers/core/contract.js';
import { sliceIn } from '../../../support/slices.js';
import { documentText } from './documents.js';

const SMALL = { maxUnits: 160, marginUnits: 40 };

/** A synthetic engine: each run of non-space code points is an entity (code-point offsets, as the containers give). */
function nativeEntities(text: string): Array<{ start: number; end: number; label: string }> {
  const entities = [];
  let offset = 0;
  for (const word of text.split(/(\s+)/u)) {
    const length = codePointLength(word);
    if (word && !/^\s+$/u.test(word) && word.length <= SMALL.marginUnits / 4)
      entities.push({ start: offset, end: offset + length, label: 'X' });
    offset += length;
  }
  return entities;
}

const readEntities = (text: string, encoding: OffsetEncoding): Entity[] => {
  const reader = new SpanReader(text, encoding);
  return nativeEntities(text).map((native) => {
    const { item: _item, ...span } = reader.span(native, '$');
    return { ...span, label: native.label };
  });
};

describe('chunk, then merge', () => {
  it.each(OFFSET_ENCODINGS)('gives the whole-document spans, exact slices across seams, in %s offsets', (encoding) => {
    let seams = 0;
    fc.assert(
      fc.property(documentText(150, 40), (text) => {
        // prepare: the result of the document analysed whole
        const whole = readEntities(text, encoding);
        // act: each chunk analysed alone (the engine sees only the chunk), placed, then joined
        const bytes = Buffer.from(text, 'utf8');
        const placed = planChunks(text, encoding, SMALL).map((chunk) => {
          const chunkText = bytes.subarray(chunk.byteStart, chunk.byteEnd).toString('utf8');
          const result: Result = { entities: readEntities(chunkText, encoding) };
          return { result: placeResult(result, placementOf(chunkText, chunk, encoding)), weight: chunk.weight };
        });
        const joined = joinChunks(placed);
        seams += placed.length - 1;
        // assess
        expect(joined.entities).toEqual(whole);
        for (const entity of joined.entities ?? []) expect(sliceIn(text, entity.start, entity.end, encoding)).toBe(entity.text);
      }),
      { numRuns: 150 },
    );
    expect(seams).toBeGreaterThan(150);
  });
});

import fc from 'fast-check';
import { packBatches } from '../../../../handlers/core/jobs/batches.js';
import { LIMITS } from '../../../../handlers/core/contract.js';

describe('packBatches', () => {
  it('keeps input order and every batch within the request limits of contract.json', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: LIMITS.maxTextCharacters }), { maxLength: 500 }), (sizes) => {
        // prepare
        const texts = sizes.map((characters, position) => ({ characters, position }));
        // act
        const batches = packBatches(texts);
        // assess
        expect(batches.flat()).toEqual(texts);
        for (const batch of batches) {
          expect(batch.length).toBeLessThanOrEqual(LIMITS.maxTexts);
          expect(batch.reduce((sum, text) => sum + text.characters, 0)).toBeLessThanOrEqual(LIMITS.maxTotalCharacters);
        }
      }),
    );
  });

  it.each([
    ['64 texts per batch for short texts', 1_000, 1_000, 64],
    ['100 000 characters per batch at 2 000 each', 1_000, 2_000, 50],
    ['100 000 characters per batch for long ones', 10, 20_000, 5],
  ])('packs %s', (_name, count, characters, perBatch) => {
    const batches = packBatches(Array.from({ length: count }, () => ({ characters })));
    expect(batches[0]).toHaveLength(Math.min(perBatch, count));
  });

  it('refuses a text longer than a batch (it must be chunked first)', () => {
    expect(() => packBatches([{ characters: LIMITS.maxTotalCharacters + 1 }])).toThrow(RangeError);
  });
});

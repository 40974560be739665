/**
 * What the planner records about each chunk of a long document: where its text lies in the
 * document (UTF-8 bytes, for the worker's range read of a raw text object), its size, and where it
 * sits in the job's offset encoding (place.ts). One pass over the document, whatever its length.
 */
import { codePointLength, TextIndex } from '../offsets.js';
import type { OffsetEncoding } from '../contract.js';
import { chunkDocument, type ChunkOptions } from './chunks.js';

export interface PlannedChunk {
  /** The chunk's text as UTF-8 bytes of the document: [byteStart, byteEnd). */
  byteStart: number;
  byteEnd: number;
  /** The chunk's length in code points (what the batch limits count). */
  characters: number;
  /** Its core's length in code points (the weight of its sentiment). */
  weight: number;
  /** Its first character's document offset, in the job's encoding. */
  base: number;
  /** Its core relative to the chunk, in UTF-16 code units. */
  coreStart: number;
  coreEnd: number;
  last: boolean;
}

interface Counts {
  codePoints: number;
  bytes: number;
}

const countsOf = (part: string): Counts => ({ codePoints: codePointLength(part), bytes: Buffer.byteLength(part, 'utf8') });

export function planChunks(text: string, encoding: OffsetEncoding, options?: Partial<ChunkOptions>): PlannedChunk[] {
  const chunks = chunkDocument(text, options);
  const index = new TextIndex(text);
  // Cores tile the document, so the counts at each core's start grow with one pass; the margins
  // (short) are counted on their own.
  let atCore: Counts = { codePoints: 0, bytes: 0 };
  return chunks.map((chunk, i) => {
    const before = countsOf(text.slice(chunk.start, chunk.coreStart));
    const core = countsOf(text.slice(chunk.coreStart, chunk.coreEnd));
    const after = countsOf(text.slice(chunk.coreEnd, chunk.end));
    const startCodePoints = atCore.codePoints - before.codePoints;
    const planned: PlannedChunk = {
      byteStart: atCore.bytes - before.bytes,
      byteEnd: atCore.bytes + core.bytes + after.bytes,
      characters: before.codePoints + core.codePoints + after.codePoints,
      weight: core.codePoints,
      base: index.convert(startCodePoints, encoding),
      coreStart: chunk.coreStart - chunk.start,
      coreEnd: chunk.coreEnd - chunk.start,
      last: i === chunks.length - 1,
    };
    atCore = { codePoints: atCore.codePoints + core.codePoints, bytes: atCore.bytes + core.bytes };
    return planned;
  });
}

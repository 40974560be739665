/**
 * Long documents: a text over the request limit (`maxTextCharacters`) is cut into chunks the
 * engines can take. Each chunk has a core, and the cores tile the document; around its core a
 * chunk carries a margin on each side, so the engine sees the context a span at the seam needs.
 * Only spans that start in a chunk's core are kept (merge.ts), so each is counted once.
 *
 * Cores end at a paragraph break, else a sentence break (Intl.Segmenter), else whitespace, else a
 * grapheme-cluster boundary: never inside a surrogate pair or a cluster. All offsets here are
 * UTF-16 code units into the document (JavaScript string indices); a chunk of at most
 * `MAX_CHUNK_UNITS` code units has at most as many code points, so it stays within the limit.
 */
import { LIMITS } from '../contract.js';

/** The longest chunk sent to an engine, margins included (UTF-16 code units). */
export const MAX_CHUNK_UNITS = 20_000;
/** The context on each side of a core (UTF-16 code units). */
export const MARGIN_UNITS = 1_000;

export interface Chunk {
  /** Where the text sent to the engine starts and ends. */
  start: number;
  end: number;
  /** The part of the document this chunk answers for: spans that start here are kept. */
  coreStart: number;
  coreEnd: number;
}

export interface ChunkOptions {
  maxUnits: number;
  marginUnits: number;
}

const DEFAULTS: ChunkOptions = { maxUnits: MAX_CHUNK_UNITS, marginUnits: MARGIN_UNITS };

/** Whether a document is too long for one request and goes through `chunkDocument`. */
export const isLongDocument = (characters: number) => characters > LIMITS.maxTextCharacters;

/** The boundaries of one document, built once (ICU's break iterators find them near any offset). */
class Boundaries {
  readonly #graphemes: Intl.Segments;
  readonly #sentences: Intl.Segments;
  readonly #length: number;

  constructor(text: string) {
    this.#graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text);
    this.#sentences = new Intl.Segmenter('en', { granularity: 'sentence' }).segment(text);
    this.#length = text.length;
  }

  /** The last cluster boundary at or before `offset`. */
  clusterAtOrBefore(offset: number): number {
    if (offset >= this.#length) return this.#length;
    return this.#graphemes.containing(offset)?.index ?? offset;
  }

  /** The first cluster boundary at or after `offset`. */
  clusterAtOrAfter(offset: number): number {
    if (offset >= this.#length) return this.#length;
    const cluster = this.#graphemes.containing(offset);
    if (!cluster || cluster.index === offset) return offset;
    return cluster.index + cluster.segment.length;
  }

  /** The last sentence boundary at or before `offset`. */
  sentenceAtOrBefore(offset: number): number {
    if (offset >= this.#length) return this.#length;
    return this.#sentences.containing(offset)?.index ?? 0;
  }

  /** The first sentence boundary at or after `offset`. */
  sentenceAtOrAfter(offset: number): number {
    if (offset >= this.#length) return this.#length;
    const sentence = this.#sentences.containing(offset);
    if (!sentence || sentence.index === offset) return offset;
    return sentence.index + sentence.segment.length;
  }
}

const PARAGRAPH_BREAK = /\n[^\S\n]*\n\s*/g;
const WHITESPACE = /\s+/g;

/** The end of the last match of `pattern` in text[from, to), if any. */
function lastMatchEnd(text: string, pattern: RegExp, from: number, to: number): number | undefined {
  let end: number | undefined;
  for (const match of text.slice(from, to).matchAll(pattern)) end = from + match.index + match[0].length;
  return end;
}

/**
 * Where the core that starts at `start` ends: the best break in the second half of the window
 * (paragraph, then sentence, then whitespace), moved back to a cluster boundary; a cluster longer
 * than the window ends the core after it.
 */
function coreEnd(text: string, boundaries: Boundaries, start: number, window: number): number {
  const limit = start + window;
  if (limit >= text.length) return text.length;
  const earliest = start + Math.floor(window / 2);
  const candidates = [
    lastMatchEnd(text, PARAGRAPH_BREAK, earliest, limit),
    boundaries.sentenceAtOrBefore(limit),
    lastMatchEnd(text, WHITESPACE, earliest, limit),
  ];
  for (const candidate of candidates) {
    if (candidate === undefined || candidate <= earliest || candidate > limit) continue;
    const cut = boundaries.clusterAtOrBefore(candidate);
    if (cut > start) return cut;
  }
  const cut = boundaries.clusterAtOrBefore(limit);
  return cut > start ? cut : boundaries.clusterAtOrAfter(limit);
}

/**
 * The margins around a core: out to `margin` units on each side, ending at a sentence break when
 * one lies in the outer half of the margin (so the engine sees whole sentences), else at a cluster
 * boundary.
 */
function withMargins(boundaries: Boundaries, length: number, coreStart: number, coreEnd: number, margin: number): Chunk {
  const half = Math.floor(margin / 2);
  const outerStart = Math.max(0, coreStart - margin);
  const sentenceStart = boundaries.sentenceAtOrAfter(outerStart);
  const start = boundaries.clusterAtOrAfter(sentenceStart <= coreStart - half ? sentenceStart : outerStart);
  const outerEnd = Math.min(length, coreEnd + margin);
  const sentenceEnd = boundaries.sentenceAtOrBefore(outerEnd);
  const end = boundaries.clusterAtOrBefore(sentenceEnd >= coreEnd + half ? sentenceEnd : outerEnd);
  return { start: Math.min(start, coreStart), end: Math.max(end, coreEnd), coreStart, coreEnd };
}

/** The chunks of a document, in order; their cores tile it. A text of one chunk's size or less is one chunk. */
export function chunkDocument(text: string, options: Partial<ChunkOptions> = {}): Chunk[] {
  const { maxUnits, marginUnits } = { ...DEFAULTS, ...options };
  if (text.length <= maxUnits) return [{ start: 0, end: text.length, coreStart: 0, coreEnd: text.length }];
  const window = maxUnits - 2 * marginUnits;
  if (window < 2) throw new RangeError(`A chunk of ${maxUnits} units cannot hold two margins of ${marginUnits}`);
  const boundaries = new Boundaries(text);
  const chunks: Chunk[] = [];
  for (let start = 0; start < text.length; ) {
    const end = coreEnd(text, boundaries, start, window);
    chunks.push(withMargins(boundaries, text.length, start, end, marginUnits));
    start = end;
  }
  return chunks;
}

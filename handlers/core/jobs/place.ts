/**
 * The worker's side of a long document: a chunk's result, already in the job's offset encoding
 * relative to the chunk, is moved to the whole document (its offsets shifted by where the chunk
 * starts, in the same encoding) and keeps only the spans that start in the chunk's core, so a span
 * near a seam is reported once, by the chunk that saw it with context on both sides. Syntax heads
 * become the document offset of the head token, which join.ts turns back into an index once every
 * chunk's tokens are known.
 */
import { codePointLength, TextIndex } from '../offsets.js';
import type { OffsetEncoding, Result, Span, SyntaxToken } from '../contract.js';

/** Where a chunk sits, in the job's offset encoding. */
export interface Placement {
  /** The document offset of the chunk's first character. */
  base: number;
  /** The core, relative to the chunk: spans starting in [coreStart, coreEnd) are kept. */
  coreStart: number;
  coreEnd: number;
  /** The last chunk also keeps an empty span at the document's very end. */
  last: boolean;
}

/** A syntax token whose head is named by the head token's document offset (`headStart`), not yet by index. */
export type PlacedSyntaxToken = Omit<SyntaxToken, 'head'> & { headStart: number };
export type PlacedResult = Omit<Result, 'syntax'> & { syntax?: PlacedSyntaxToken[] };

/**
 * A chunk's placement from the plan's UTF-16 bounds (chunks.ts) and the base the planner computed in
 * the job's encoding. Core bounds are cluster boundaries, so every encoding has them exactly.
 */
export function placementOf(
  chunkText: string,
  core: { coreStart: number; coreEnd: number; base: number; last: boolean },
  encoding: OffsetEncoding,
): Placement {
  const index = new TextIndex(chunkText);
  const at = (units: number) => index.convert(codePointLength(chunkText.slice(0, units)), encoding);
  return { base: core.base, coreStart: at(core.coreStart), coreEnd: at(core.coreEnd), last: core.last };
}

/** The placement of a document sent whole: its own core, at offset 0. */
export const WHOLE: Placement = { base: 0, coreStart: 0, coreEnd: Number.POSITIVE_INFINITY, last: true };

const inCore = (start: number, place: Placement) =>
  (start >= place.coreStart && start < place.coreEnd) || (place.last && start === place.coreEnd);

function placeSpans<T extends Span>(spans: readonly T[], place: Placement): T[] {
  return spans
    .filter((span) => inCore(span.start, place))
    .map((span) => ({ ...span, start: span.start + place.base, end: span.end + place.base }));
}

function placeSyntax(tokens: readonly SyntaxToken[], place: Placement): PlacedSyntaxToken[] {
  return tokens
    .filter((token) => inCore(token.start, place))
    .map(({ head, ...token }) => ({
      ...token,
      start: token.start + place.base,
      end: token.end + place.base,
      headStart: (tokens[head]?.start ?? token.start) + place.base,
    }));
}

/** The chunk's result on the whole document: core spans only, shifted by the chunk's base. */
export function placeResult(result: Result, place: Placement): PlacedResult {
  const { tokens, sentences, entities, nounPhrases, syntax, ...whole } = result;
  const placed: PlacedResult = { ...whole };
  if (tokens) placed.tokens = placeSpans(tokens, place);
  if (sentences) placed.sentences = placeSpans(sentences, place);
  if (entities) placed.entities = placeSpans(entities, place);
  if (nounPhrases) {
    // Noun phrases without offsets cannot be placed; every engine here locates its phrases.
    placed.nounPhrases = nounPhrases.flatMap((phrase) =>
      phrase.start === undefined || phrase.end === undefined ? [] : placeSpans([phrase as Required<typeof phrase>], place),
    );
  }
  if (syntax) placed.syntax = placeSyntax(syntax, place);
  return orderedLike(result, placed);
}

/** The placed fields in the order of the result's (the order the tasks were asked in). */
function orderedLike(result: Result, placed: PlacedResult): PlacedResult {
  return Object.fromEntries(Object.keys(result).map((key) => [key, placed[key as keyof PlacedResult]]));
}

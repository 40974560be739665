/**
 * The reducer's side of a long document: its chunks' placed results (place.ts), in order, joined
 * into one result. Span lists are concatenated (each span came from exactly one core); syntax heads
 * become indexes into the document's token list; sentiment is the mean of the chunks' weighted by
 * each core's length in characters; the language is the one with the most weighted confidence.
 * A head token that only a neighbouring chunk's margin saw, and that the neighbour tokenised
 * differently, has no index in the document: the token then heads itself, like a root.
 */
import type { Language, LanguageScore, Result, Sentiment, SyntaxToken } from '../contract.js';
import type { PlacedResult, PlacedSyntaxToken } from './place.js';

export interface PlacedChunk {
  result: PlacedResult;
  /** The chunk core's length in characters (code points). */
  weight: number;
}

const MAX_ALTERNATIVES = 3;

function joinSyntax(tokens: readonly PlacedSyntaxToken[]): SyntaxToken[] {
  const indexOf = new Map(tokens.map((token, i) => [token.start, i]));
  return tokens.map(({ headStart, ...token }, i) => ({ ...token, head: indexOf.get(headStart) ?? i }));
}

function meanSentiment(chunks: ReadonlyArray<{ sentiment: Sentiment; weight: number }>): Sentiment {
  const total = chunks.reduce((sum, chunk) => sum + chunk.weight, 0) || 1;
  const mean = (pick: (s: Sentiment) => number) => chunks.reduce((sum, chunk) => sum + pick(chunk.sentiment) * chunk.weight, 0) / total;
  return { polarity: mean((s) => s.polarity), subjectivity: mean((s) => s.subjectivity) };
}

function votedLanguage(chunks: ReadonlyArray<{ language: Language; weight: number }>): Language {
  const total = chunks.reduce((sum, chunk) => sum + chunk.weight, 0) || 1;
  const votes = new Map<string, number>();
  for (const { language, weight } of chunks) {
    for (const score of [language, ...language.alternatives])
      votes.set(score.code, (votes.get(score.code) ?? 0) + score.confidence * weight);
  }
  const ranked: LanguageScore[] = [...votes]
    .map(([code, vote]) => ({ code, confidence: vote / total }))
    .sort((a, b) => b.confidence - a.confidence || a.code.localeCompare(b.code));
  const [best, ...rest] = ranked;
  if (!best || best.confidence === 0) return { code: 'und', confidence: 0, alternatives: [] };
  return { ...best, alternatives: rest.filter((score) => score.confidence > 0).slice(0, MAX_ALTERNATIVES) };
}

function concat<K extends 'tokens' | 'sentences' | 'entities' | 'nounPhrases'>(
  chunks: readonly PlacedChunk[],
  key: K,
): NonNullable<Result[K]> {
  return chunks.flatMap((chunk) => chunk.result[key] ?? []) as NonNullable<Result[K]>;
}

function withWeights<K extends 'sentiment' | 'language'>(chunks: readonly PlacedChunk[], key: K) {
  return chunks.flatMap((chunk) => {
    const value = chunk.result[key];
    return value ? [{ [key]: value, weight: chunk.weight } as { [P in K]: NonNullable<Result[P]> } & { weight: number }] : [];
  });
}

/** One document's result from its chunks' (a single chunk's sentiment and language are taken as they are). */
export function joinChunks(chunks: readonly PlacedChunk[]): Result {
  const first = chunks[0]?.result ?? {};
  const single = chunks.length === 1;
  const joined: Result = {};
  for (const key of Object.keys(first) as Array<keyof PlacedResult>) {
    switch (key) {
      case 'tokens':
      case 'sentences':
      case 'entities':
      case 'nounPhrases':
        Object.assign(joined, { [key]: concat(chunks, key) });
        break;
      case 'syntax':
        joined.syntax = joinSyntax(chunks.flatMap((chunk) => chunk.result.syntax ?? []));
        break;
      case 'sentiment':
        joined.sentiment = single ? first.sentiment : meanSentiment(withWeights(chunks, 'sentiment'));
        break;
      case 'language':
        joined.language = single ? first.language : votedLanguage(withWeights(chunks, 'language'));
        break;
    }
  }
  return joined;
}

import { joinChunks } from '../../../../handlers/core/jobs/join.js';
import { placeResult, WHOLE, type Placement } from '../../../../handlers/core/jobs/place.js';
import type { Result, SyntaxToken } from '../../../../handlers/core/contract.js';

const token = (text: string, start: number, head: number, dep = 'dep'): SyntaxToken => ({
  text,
  start,
  end: start + text.length,
  lemma: text,
  pos: 'X',
  tag: 'X',
  morph: '',
  dep,
  head,
});

describe('joinChunks', () => {
  it('re-indexes syntax heads to the document token list, across a seam', () => {
    // prepare: "Ann sees Bob. Bob runs." cut after "Bob. "; each chunk sees the other's first token as margin
    const first: Result = { syntax: [token('Ann', 0, 1), token('sees', 4, 1, 'ROOT'), token('Bob', 9, 1), token('Bob', 14, 4)] };
    const second: Result = { syntax: [token('Bob', 0, 1), token('runs', 4, 1, 'ROOT')] };
    const places: Placement[] = [
      { base: 0, coreStart: 0, coreEnd: 14, last: false },
      { base: 14, coreStart: 0, coreEnd: 9, last: true },
    ];
    // act
    const joined = joinChunks([
      { result: placeResult(first, places[0] as Placement), weight: 14 },
      { result: placeResult(second, places[1] as Placement), weight: 9 },
    ]);
    // assess
    expect(joined.syntax?.map(({ text, start, head }) => [text, start, head])).toEqual([
      ['Ann', 0, 1],
      ['sees', 4, 1],
      ['Bob', 9, 1],
      ['Bob', 14, 4],
      ['runs', 18, 4],
    ]);
  });

  it("weights each chunk's sentiment by its core's length (a documented choice)", () => {
    const joined = joinChunks([
      { result: { sentiment: { polarity: 1, subjectivity: 0 } }, weight: 3 },
      { result: { sentiment: { polarity: -1, subjectivity: 1 } }, weight: 1 },
    ]);
    expect(joined.sentiment).toEqual({ polarity: 0.5, subjectivity: 0.25 });
  });

  it('takes the language with the most confidence, weighted by length', () => {
    const joined = joinChunks([
      { result: { language: { code: 'en', confidence: 0.9, alternatives: [{ code: 'de', confidence: 0.1 }] } }, weight: 1 },
      { result: { language: { code: 'de', confidence: 0.8, alternatives: [] } }, weight: 3 },
    ]);
    expect(joined.language?.code).toBe('de');
    expect(joined.language?.alternatives.map((score) => score.code)).toEqual(['en']);
  });

  it("gives a document sent whole exactly the sync API's result", () => {
    const result: Result = {
      entities: [{ text: 'Apple', label: 'ORG', start: 0, end: 5 }],
      sentiment: { polarity: 0.1, subjectivity: 0.3 },
      syntax: [token('Apple', 0, 0, 'ROOT')],
    };
    expect(joinChunks([{ result: placeResult(result, WHOLE), weight: 5 }])).toEqual(result);
  });
});

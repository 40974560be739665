/** The requests the handler benchmark sends, and the canned container answers that go with them. */
import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

/** API Gateway's event for `POST /nlp/spacy` with this body. */
export const apiEvent = (body: unknown) =>
  ({
    path: '/nlp/spacy',
    httpMethod: 'POST',
    pathParameters: { engine: 'spacy' },
    headers: { 'Content-Type': 'application/json' },
    requestContext: { requestId: 'bench' },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEvent;

export const lambdaContext = {
  getRemainingTimeInMillis: () => 30_000,
  functionName: 'bench',
  awsRequestId: 'bench',
  memoryLimitInMB: '512',
} as unknown as Context;

export const MODEL = { name: 'en_core_web_sm', version: '3.8.0' };
export const TYPICAL = { text: 'Apple is looking at buying U.K. startup for $1 billion 🍕' };

/** The text of a large request: `words` repeated to about `length` characters, with each word's offsets. */
function words(list: string[], length: number) {
  const parts: string[] = [];
  for (let size = 0; size < length; size += [...list[parts.length % list.length]!].length + 1)
    parts.push(list[parts.length % list.length]!);
  let offset = 0;
  const spans = parts.map((word) => {
    const start = offset;
    offset += [...word].length + 1;
    return { word, start, end: start + [...word].length };
  });
  return { text: parts.join(' '), spans };
}

/** The largest allowed request (64 texts, 100 000 characters, all tasks) with spaCy's native answer. */
export function largestRequest() {
  const texts: string[] = [];
  const docs = [];
  for (let t = 0; t < 64; t++) {
    const { text, spans } = words('Apple is looking at buying U.K. startup for $1 billion .'.split(' '), 1562 - 12);
    const tokens = spans.map(({ word, start, end }) => ({ start, end, lemma: word.toLowerCase(), pos: 'NOUN', tag: 'NN' }));
    texts.push(text);
    docs.push({
      tokens,
      sents: [{ start: 0, end: text.length }],
      ents: tokens.filter((_, i) => i % 5 === 0).map(({ start, end }) => ({ start, end, label: 'ORG' })),
      noun_chunks: tokens.filter((_, i) => i % 3 === 0).map(({ start, end }) => ({ start, end })),
    });
  }
  return { request: { texts, tasks: ['tokens', 'sentences', 'entities', 'nounPhrases'] }, native: { model: MODEL, docs } };
}

/**
 * The largest allowed request with `syntax` (64 texts, 100 000 characters; with sentences, entities
 * and noun phrases) and its native answer. Each text holds emoji, ZWJ sequences and combining marks,
 * so offsets need the conversion tables (UTF-16 and, for `grapheme`, the cluster table) rather than
 * the ASCII fast path. `tokens` is left out: `syntax` holds every token already, and both together on
 * 100 000 characters of short words go over the response cap (a 413).
 */
export function largestSyntax(offsetEncoding: string) {
  const list = 'Zoë 👩\u200d👩\u200d👧 is looking at buying a cafe\u0301 in 서울 for $1 billion 👋🏽 .'.split(' ');
  const texts: string[] = [];
  const docs = [];
  for (let t = 0; t < 64; t++) {
    const { text, spans } = words(list, 1540);
    const tokens = spans.map(({ word, start, end }, i) => ({
      start,
      end,
      lemma: word.toLowerCase(),
      pos: 'NOUN',
      tag: 'NN',
      morph: 'Number=Sing',
      dep: i % 14 ? 'dep' : 'ROOT',
      head: i - (i % 14),
    }));
    texts.push(text);
    const every = (n: number) => tokens.filter((_, i) => i % n === 0).map(({ start, end }) => ({ start, end }));
    docs.push({
      syntax: tokens,
      sents: [{ start: 0, end: [...text].length }],
      ents: every(5).map((span) => ({ ...span, label: 'ORG' })),
      noun_chunks: every(3),
    });
  }
  const tasks = ['syntax', 'sentences', 'entities', 'nounPhrases'];
  return { request: { texts, tasks, offsetEncoding }, native: { model: MODEL, docs } };
}

export const LARGEST = { largest: largestRequest, largestSyntax } as const;
export type Largest = keyof typeof LARGEST;

/**
 * spaCy's native document (code-point offsets, like `Doc.to_json()`) to the public result.
 * Native keys: tokens, sents, ents, noun_chunks, syntax; see containers/spacy/README.md.
 */
import { readInteger, readString } from '../native.js';
import type { SpanReader } from '../native.js';
import type { SyntaxToken } from '../contract.js';
import type { TaskReaders } from './types.js';

const plainSpans = (value: unknown, spans: SpanReader, path: string) =>
  spans.spans(value, path).map(({ text, start, end }) => ({ text, start, end }));

/** Each token of the parse; `head` must index the same list (a sentence's root points to itself). */
function syntax(value: unknown, spans: SpanReader, path: string): SyntaxToken[] {
  const located = spans.spans(value, path);
  return located.map(({ text, start, end, item }, i) => {
    const at = `${path}[${i}]`;
    const head = readInteger(item.head, `${at}.head`, 0, located.length - 1);
    return {
      text,
      start,
      end,
      lemma: readString(item.lemma, `${at}.lemma`),
      pos: readString(item.pos, `${at}.pos`),
      tag: readString(item.tag, `${at}.tag`),
      morph: readString(item.morph, `${at}.morph`),
      dep: readString(item.dep, `${at}.dep`),
      head,
    };
  });
}

export const spacy: TaskReaders = {
  tokens: (doc, spans, path) =>
    spans.spans(doc.tokens, `${path}.tokens`).map(({ text, start, end, item }, i) => ({
      text,
      start,
      end,
      lemma: readString(item.lemma, `${path}.tokens[${i}].lemma`),
      pos: readString(item.pos, `${path}.tokens[${i}].pos`),
      tag: readString(item.tag, `${path}.tokens[${i}].tag`),
    })),
  sentences: (doc, spans, path) => plainSpans(doc.sents, spans, `${path}.sents`),
  entities: (doc, spans, path) =>
    spans.spans(doc.ents, `${path}.ents`).map(({ text, start, end, item }, i) => ({
      text,
      label: readString(item.label, `${path}.ents[${i}].label`),
      start,
      end,
    })),
  nounPhrases: (doc, spans, path) => plainSpans(doc.noun_chunks, spans, `${path}.noun_chunks`),
  syntax: (doc, spans, path) => syntax(doc.syntax, spans, `${path}.syntax`),
};

/**
 * TextBlob's native document (Pattern components, code-point offsets) to the public result.
 * Penn Treebank tags become Universal POS (the original stays in `tag`); a noun phrase the
 * container could not locate in the text is left out, because its lowercased form is not a slice
 * of the submitted text. Native keys: tokens, sentences, noun_phrases, sentiment.
 */
import { readArray, readNumber, readObject, readString } from '../native.js';
import { pennToUniversal } from '../pos.js';
import type { TaskReaders } from './types.js';

export const textblob: TaskReaders = {
  tokens: (doc, spans, path) =>
    spans.spans(doc.tokens, `${path}.tokens`).map(({ text, start, end, item }, i) => {
      const tag = readString(item.tag, `${path}.tokens[${i}].tag`);
      return { text, start, end, pos: pennToUniversal(tag), tag };
    }),
  sentences: (doc, spans, path) =>
    spans.spans(doc.sentences, `${path}.sentences`).map(({ text, start, end }) => ({ text, start, end })),
  nounPhrases: (doc, spans, path) =>
    readArray(doc.noun_phrases, `${path}.noun_phrases`).flatMap((entry, i) => {
      const where = `${path}.noun_phrases[${i}]`;
      const phrase = readObject(entry, where);
      readString(phrase.phrase, `${where}.phrase`);
      if (phrase.start === undefined && phrase.end === undefined) return [];
      const { text, start, end } = spans.span(phrase, where);
      return [{ text, start, end }];
    }),
  sentiment: (doc, _spans, path) => {
    const sentiment = readObject(doc.sentiment, `${path}.sentiment`);
    return {
      polarity: readNumber(sentiment.polarity, `${path}.sentiment.polarity`, -1, 1),
      subjectivity: readNumber(sentiment.subjectivity, `${path}.sentiment.subjectivity`, 0, 1),
    };
  },
};

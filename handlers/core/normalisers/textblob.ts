/**
 * TextBlob's native document (Pattern components, code-point offsets) to the public result.
 * Penn Treebank tags become Universal POS (the original stays in `tag`); a noun phrase the
 * container could not locate in the text is left out, because its lowercased form is not a slice
 * of the submitted text. Native keys: tokens, sentences (each with its own sentiment when the
 * request has `sentiment` too), noun_phrases, sentiment.
 */
import { readArray, readNumber, readObject, readString } from '../native.js';
import { pennToUniversal } from '../pos.js';
import type { Sentiment } from '../contract.js';
import type { TaskReaders } from './types.js';

function sentiment(value: unknown, path: string): Sentiment {
  const native = readObject(value, path);
  return {
    polarity: readNumber(native.polarity, `${path}.polarity`, -1, 1),
    subjectivity: readNumber(native.subjectivity, `${path}.subjectivity`, 0, 1),
  };
}

export const textblob: TaskReaders = {
  tokens: (doc, spans, path) =>
    spans.spans(doc.tokens, `${path}.tokens`).map(({ text, start, end, item }, i) => {
      const tag = readString(item.tag, `${path}.tokens[${i}].tag`);
      return { text, start, end, pos: pennToUniversal(tag), tag };
    }),
  sentences: (doc, spans, path, tasks) =>
    spans
      .spans(doc.sentences, `${path}.sentences`)
      .map(({ text, start, end, item }, i) =>
        tasks.includes('sentiment')
          ? { text, start, end, sentiment: sentiment(item.sentiment, `${path}.sentences[${i}].sentiment`) }
          : { text, start, end },
      ),
  nounPhrases: (doc, spans, path) =>
    readArray(doc.noun_phrases, `${path}.noun_phrases`).flatMap((entry, i) => {
      const where = `${path}.noun_phrases[${i}]`;
      const phrase = readObject(entry, where);
      readString(phrase.phrase, `${where}.phrase`);
      if (phrase.start === undefined && phrase.end === undefined) return [];
      const { text, start, end } = spans.span(phrase, where);
      return [{ text, start, end }];
    }),
  sentiment: (doc, _spans, path) => sentiment(doc.sentiment, `${path}.sentiment`),
};

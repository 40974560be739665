/**
 * A short tour of the typed client against a running stack (`npm start` in the repository root):
 *   node --import tsx clients/typescript/example.ts [baseUrl] [apiKey]
 */
import { createNlpClient } from './index.js';

const [baseUrl = 'http://localhost:3000', apiKey = process.env.NLP_API_KEY ?? 'local-dev-key'] = process.argv.slice(2);
const client = createNlpClient({ baseUrl, apiKey });

// spaCy's route takes spaCy's tasks only: `tasks: ['sentiment']` here would not compile.
const parsed = await client.POST('/nlp/spacy', {
  body: { text: 'Apple is looking at buying U.K. startup.', tasks: ['syntax', 'entities'] },
});
if (parsed.error) throw new Error(`${parsed.error.status} ${parsed.error.detail}`);
for (const token of parsed.data.results[0]?.syntax ?? []) {
  const head = parsed.data.results[0]?.syntax?.[token.head];
  console.log(`${token.text.padEnd(10)} ${token.dep.padEnd(8)} → ${head?.text}`);
}

// TextBlob gives each sentence its own sentiment when both are asked; offsets in grapheme clusters.
const scored = await client.POST('/nlp/textblob', {
  body: { text: 'I love it 👍🏽. The box was awful.', tasks: ['sentences', 'sentiment'], offsetEncoding: 'grapheme' },
});
for (const sentence of scored.data?.results[0]?.sentences ?? []) console.log(sentence.text, sentence.sentiment?.polarity);

// Personal data: find it and redact it in one call; each item says where the value was and where its mask is.
const redacted = await client.POST('/nlp/pii', {
  body: { text: 'Write to ann@example.com or call +1 212 555 0100.', tasks: ['pii', 'redact'], pii: { operator: 'mask' } },
});
for (const span of redacted.data?.results[0]?.pii ?? []) console.log(span.type, span.text, span.score);
console.log(redacted.data?.results[0]?.redacted?.text);

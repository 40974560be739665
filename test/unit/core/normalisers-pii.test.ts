import { findEngine, type Engine } from '../../../handlers/core/engines.js';
import { OFFSET_ENCODINGS, type Task } from '../../../handlers/core/contract.js';
import { normalise } from '../../../handlers/core/normalisers/index.js';
import { ProblemError } from '../../../handlers/core/problems.js';
import { sliceIn } from '../../support/slices.js';

const pii = findEngine('pii') as Engine;
const MODEL = { name: 'presidio', version: '2.2.364' };

/** A piece of text, or a planted personal value with its type. */
type Part = string | [type: string, value: string];

const codePoints = (text: string) => Array.from(text).length;

/**
 * A text and the native document the container's contract gives for it (containers/pii/README.md):
 * code-point offsets of every planted value, and the text with each one replaced by `replace(type, value)`.
 */
function planted(parts: Part[], replace = (type: string, _value: string) => `<${type}>`) {
  let text = '';
  let redacted = '';
  const found = [];
  const items = [];
  for (const part of parts) {
    if (typeof part === 'string') {
      text += part;
      redacted += part;
      continue;
    }
    const [type, value] = part;
    const [start, redactedStart] = [codePoints(text), codePoints(redacted)];
    text += value;
    redacted += replace(type, value);
    found.push({ type, start, end: codePoints(text), score: 0.85 });
    items.push({ type, start, end: codePoints(text), redactedStart, redactedEnd: codePoints(redacted) });
  }
  return { text, doc: { pii: found, redacted: { text: redacted, items } } };
}

const run = (texts: string[], docs: object[], tasks: Task[], encoding = 'utf16' as (typeof OFFSET_ENCODINGS)[number]) =>
  normalise(pii, { model: MODEL, docs }, texts, tasks, encoding);

const TEXTS: Array<[string, Part[]]> = [
  ['ASCII', ['Write to ', ['EMAIL_ADDRESS', 'ann@example.com'], ' today']],
  [
    'emoji, a ZWJ family and a precomposed letter',
    ['😀 Call ', ['PHONE_NUMBER', '+44 20 7946 0958'], ' 👩\u200d👩\u200d👧 or mail ', ['EMAIL_ADDRESS', 'zoë@example.org'], ' 🇫🇷'],
  ],
  [
    'a combining mark and a card after a flag',
    [['PERSON', 'Zoe\u0301 Smith'], ' 🇫🇷 paid with ', ['CREDIT_CARD', '4111 1111 1111 1111'], '.'],
  ],
  ['Hangul, a CRLF, an IP and a URL', ['서울 IP ', ['IP_ADDRESS', '192.168.0.1'], '\r\nURL ', ['URL', 'https://example.com/a'], ' 𝔘']],
];

describe('pii normaliser', () => {
  const texts = TEXTS.map(([, parts]) => planted(parts));

  it('answers each span with its type, score and the exact slice of the submitted text', () => {
    // act
    const { model, results } = run([texts[0]?.text as string], [texts[0]?.doc as object], ['pii', 'redact']);
    // assess
    expect(model).toEqual(MODEL);
    expect(results).toEqual([
      {
        pii: [{ type: 'EMAIL_ADDRESS', text: 'ann@example.com', start: 9, end: 24, score: 0.85 }],
        redacted: {
          text: 'Write to <EMAIL_ADDRESS> today',
          items: [{ type: 'EMAIL_ADDRESS', start: 9, end: 24, redactedStart: 9, redactedEnd: 24 }],
        },
      },
    ]);
  });

  describe.each(OFFSET_ENCODINGS)('in %s offsets', (encoding) => {
    it.each(TEXTS.map(([name], i) => [name, i]))(
      '%s: every span slices the text to its value, every replacement the redacted text',
      (_name, i) => {
        // prepare
        const { text, doc } = texts[i as number] as ReturnType<typeof planted>;
        const values = TEXTS[i as number]?.[1].filter((part) => typeof part !== 'string').map(([, value]) => value);
        // act
        const [result] = run([text], [doc], ['pii', 'redact'], encoding).results;
        // assess
        const spans = result?.pii ?? [];
        expect(spans.map((span) => sliceIn(text, span.start, span.end, encoding))).toEqual(spans.map((span) => span.text));
        expect(spans.map((span) => span.text)).toEqual(values);
        if (encoding === 'utf16') for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.text);
        const redaction = result?.redacted ?? { text: '', items: [] };
        expect(redaction.items.map((item) => sliceIn(text, item.start, item.end, encoding))).toEqual(values);
        expect(redaction.items.map((item) => sliceIn(redaction.text, item.redactedStart, item.redactedEnd, encoding))).toEqual(
          redaction.items.map((item) => `<${item.type}>`),
        );
      },
    );
  });

  it('widens a span that ends inside a grapheme cluster to the whole cluster, in both texts', () => {
    // prepare: the engine's span stops before the combining accent of "Zoé"
    const { text, doc } = planted([['PERSON', 'Zoe'], '\u0301 met 👩\u200d👩\u200d👧']);
    // act
    const [result] = run([text], [doc], ['pii', 'redact'], 'grapheme').results;
    // assess
    expect(result?.pii).toEqual([{ type: 'PERSON', text: 'Zoe\u0301', start: 0, end: 3, score: 0.85 }]);
    expect(result?.redacted?.text).toBe('<PERSON>\u0301 met 👩\u200d👩\u200d👧');
    // "<PERSON>" plus the accent that now sits on ">" is one cluster more than the 8 of "<PERSON": 0..8
    expect(result?.redacted?.items).toEqual([{ type: 'PERSON', start: 0, end: 3, redactedStart: 0, redactedEnd: 8 }]);
  });

  it.each([
    ['mask', (_type: string, value: string) => '*'.repeat(codePoints(value))],
    ['remove', () => ''],
  ])('places the %s operator’s replacements in the redacted text', (_operator, replace) => {
    // prepare
    const { text, doc } = planted(['😀 ', ['EMAIL_ADDRESS', 'zoë@example.org'], ' and ', ['US_SSN', '078-05-1120']], replace);
    // act
    const [result] = run([text], [doc], ['redact'], 'utf16').results;
    // assess
    const redaction = result?.redacted ?? { text: '', items: [] };
    expect(redaction.items.map((item) => redaction.text.slice(item.redactedStart, item.redactedEnd))).toEqual([
      replace('EMAIL_ADDRESS', 'zoë@example.org'),
      replace('US_SSN', '078-05-1120'),
    ]);
    expect(result).not.toHaveProperty('pii');
  });

  it('allows spans of different types over the same text, sorted by start then end', () => {
    const text = 'See https://ann@example.com now';
    const doc = {
      pii: [
        { type: 'URL', start: 4, end: 27, score: 0.6 },
        { type: 'EMAIL_ADDRESS', start: 12, end: 27, score: 1 },
      ],
    };
    expect(run([text], [doc], ['pii']).results[0]?.pii?.map((span) => span.text)).toEqual(['https://ann@example.com', 'ann@example.com']);
  });
});

describe('pii output that breaks the container contract is a 502 that names no value', () => {
  const { text, doc } = planted(['Mail ', ['EMAIL_ADDRESS', 'ann@example.com'], ' or ', ['PHONE_NUMBER', '555-0100'], '.']);
  const [email, phone] = doc.pii as [object, object];
  const [emailItem, phoneItem] = doc.redacted.items as [object, object];
  const withPii = (spans: unknown) => ({ ...doc, pii: spans });
  const withRedacted = (redacted: unknown) => ({ ...doc, redacted });
  const withItems = (items: unknown) => withRedacted({ ...doc.redacted, items });

  it.each([
    ['no pii list', { redacted: doc.redacted }],
    ['an unknown type', withPii([{ ...email, type: 'PASSPORT' }])],
    ['a score above 1', withPii([{ ...email, score: 1.5 }])],
    ['no score', withPii([{ type: 'EMAIL_ADDRESS', start: 5, end: 20 }])],
    ['the detected value itself', withPii([{ ...email, text: 'ann@example.com' }])],
    ['spans out of order', withPii([phone, email])],
    ['the same span twice', withPii([email, email])],
    ['two overlapping spans of one type', withPii([email, { ...email, start: 6, end: 22 }])],
    ['an offset past the end', withPii([{ ...email, end: 999 }])],
    ['no redacted object', { pii: doc.pii }],
    [
      'redacted text that keeps a value the items do not account for',
      withRedacted({ ...doc.redacted, text: `${doc.redacted.text} ann@example.com` }),
    ],
    ['redacted text that differs before an item', withRedacted({ ...doc.redacted, text: doc.redacted.text.replace('Mail', 'Post') })],
    ['items out of order', withItems([phoneItem, emailItem])],
    ['overlapping items', withItems([emailItem, { ...phoneItem, start: 10 }])],
    ['a replacement past the end of the redacted text', withItems([emailItem, { ...phoneItem, redactedEnd: 999 }])],
    ['a replacement that ends before it starts', withItems([{ ...emailItem, redactedEnd: 2 }, phoneItem])],
    ['an unknown member of an item', withItems([{ ...emailItem, value: 'ann@example.com' }, phoneItem])],
    ['an unknown member of the redaction', withRedacted({ ...doc.redacted, original: text })],
  ])('%s', (_name, broken) => {
    // act
    let thrown: unknown;
    try {
      run([text], [broken], ['pii', 'redact']);
    } catch (error) {
      thrown = error;
    }
    // assess
    expect(thrown).toBeInstanceOf(ProblemError);
    const problem = thrown as ProblemError;
    expect({ status: problem.status, detail: problem.detail }).toEqual({
      status: 502,
      detail: 'The pii engine answered with output that does not match its documented format.',
    });
    expect(String(problem.cause)).not.toMatch(/ann@example\.com|555-0100/);
  });
});

/**
 * The personal-data engine's native document (Presidio; see containers/pii/README.md) to the public
 * result. The container gives code-point offsets and never a detected value: each `text` here is
 * sliced from the submitted text, and the redacted text is checked to be the submitted text with
 * exactly its items replaced, so no other part of it can differ. Native keys: pii, redacted.
 */
import { PII, type PiiSpan, type PiiType, type RedactedItem, type Redaction } from '../contract.js';
import { NativeOutputError, type JsonObject, readArray, readInteger, readNumber, readObject, readString, SpanReader } from '../native.js';
import type { TaskReaders } from './types.js';

/** Refuses a member the contract does not have (a container must never add, say, the detected value). */
function onlyKeys(item: JsonObject, keys: readonly string[], path: string): void {
  if (Object.keys(item).some((key) => !keys.includes(key))) throw new NativeOutputError(path, `only ${keys.join(', ')}`);
}

const isPiiType = (name: string): name is PiiType => (PII.types as readonly string[]).includes(name);

function piiType(value: unknown, path: string): PiiType {
  const type = readString(value, path);
  if (!isPiiType(type)) throw new NativeOutputError(path, "one of the contract's pii types");
  return type;
}

const PII_KEYS = ['type', 'start', 'end', 'score'];

/** Sorted by (start, end); a span may overlap another only if their types differ. */
function piiSpans(value: unknown, spans: SpanReader, path: string): PiiSpan[] {
  const furthestEnd = new Map<string, number>();
  let previous = { start: 0, end: 0 };
  return spans.spans(value, path).map(({ text, start, end, item }, i) => {
    const at = `${path}[${i}]`;
    onlyKeys(item, PII_KEYS, at);
    const type = piiType(item.type, `${at}.type`);
    const native = { start: item.start as number, end: item.end as number };
    if (native.start < previous.start || (native.start === previous.start && native.end < previous.end))
      throw new NativeOutputError(at, 'spans sorted by start, then end');
    if (native.start < (furthestEnd.get(type) ?? 0)) throw new NativeOutputError(at, 'no overlap with a span of the same type');
    furthestEnd.set(type, Math.max(native.end, furthestEnd.get(type) ?? 0));
    previous = native;
    return { type, text, start, end, score: readNumber(item.score, `${at}.score`, 0, 1) };
  });
}

const REDACTED_ITEM_KEYS = ['type', 'start', 'end', 'redactedStart', 'redactedEnd'];

/**
 * Items sorted and apart, both in the submitted text and in the redacted one; between and after
 * them the two texts are the same, so the redacted text holds nothing the items do not account for.
 */
function redacted(value: unknown, spans: SpanReader, path: string): Redaction {
  const native = readObject(value, path);
  onlyKeys(native, ['text', 'items'], path);
  const text = readString(native.text, `${path}.text`);
  const target = new SpanReader(text, spans.encoding);
  const source = spans.index;
  let from = 0;
  let redactedFrom = 0;
  const items = readArray(native.items, `${path}.items`).map((entry, i): RedactedItem => {
    const at = `${path}.items[${i}]`;
    const original = spans.span(entry, at);
    const { item } = original;
    onlyKeys(item, REDACTED_ITEM_KEYS, at);
    const redactedStart = readInteger(item.redactedStart, `${at}.redactedStart`, redactedFrom, target.index.length);
    const redactedEnd = readInteger(item.redactedEnd, `${at}.redactedEnd`, redactedStart, target.index.length);
    const [start, end] = [item.start as number, item.end as number];
    if (start < from) throw new NativeOutputError(at, 'items sorted by start and not overlapping');
    if (source.slice(from, start) !== target.index.slice(redactedFrom, redactedStart))
      throw new NativeOutputError(at, 'the redacted text equal to the submitted text before the item');
    [from, redactedFrom] = [end, redactedEnd];
    const replacement = target.span({ start: redactedStart, end: redactedEnd }, at);
    return {
      type: piiType(item.type, `${at}.type`),
      start: original.start,
      end: original.end,
      redactedStart: replacement.start,
      redactedEnd: replacement.end,
    };
  });
  if (source.slice(from, source.length) !== target.index.slice(redactedFrom, target.index.length))
    throw new NativeOutputError(`${path}.text`, 'the submitted text after the last item');
  return { text, items };
}

export const pii: TaskReaders = {
  pii: (doc, spans, path) => piiSpans(doc.pii, spans, `${path}.pii`),
  redact: (doc, spans, path) => redacted(doc.redacted, spans, `${path}.redacted`),
};

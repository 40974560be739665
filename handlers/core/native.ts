/**
 * Reading a container's native output. Containers are trusted to follow their documented shape,
 * but not blindly: anything else (wrong types, offsets outside the text, missing parts) is a 502,
 * with the exact place logged through the error's cause and never shown to the client.
 */
import { ProblemError } from './problems.js';
import { TextIndex } from './offsets.js';
import type { OffsetEncoding, Span } from './contract.js';

export class NativeOutputError extends Error {
  constructor(path: string, expected: string) {
    super(`${path}: expected ${expected}`);
    this.name = 'NativeOutputError';
  }
}

export type JsonObject = Record<string, unknown>;

export function readObject(value: unknown, path: string): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new NativeOutputError(path, 'an object');
  return value as JsonObject;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new NativeOutputError(path, 'an array');
  return value;
}

export function readString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new NativeOutputError(path, 'a string');
  return value;
}

export function readInteger(value: unknown, path: string, min: number, max: number): number {
  if (!Number.isInteger(value) || !((value as number) >= min && (value as number) <= max))
    throw new NativeOutputError(path, `an integer in ${min}..${max}`);
  return value as number;
}

export function readNumber(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) throw new NativeOutputError(path, `a number in ${min}..${max}`);
  return value;
}

/**
 * Reads the code-point spans of one submitted text and answers them in the requested encoding
 * (for `grapheme`, widened to whole clusters first, so `text` is still the exact slice).
 */
export class SpanReader {
  readonly index: TextIndex;
  readonly encoding: OffsetEncoding;

  constructor(text: string, encoding: OffsetEncoding) {
    this.index = new TextIndex(text);
    this.encoding = encoding;
  }

  span(value: unknown, path: string): Span & { item: JsonObject } {
    const item = readObject(value, path);
    const { start, end } = item;
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new NativeOutputError(path, 'integer start and end');
    const [from, to] = [start as number, end as number];
    if (from < 0 || from > to || to > this.index.length) {
      throw new NativeOutputError(path, `0 <= start <= end <= ${this.index.length}`);
    }
    const edges = this.encoding === 'grapheme' ? this.index.widen(from, to) : { start: from, end: to };
    return {
      text: this.index.slice(edges.start, edges.end),
      start: this.index.convert(edges.start, this.encoding),
      end: this.index.convert(edges.end, this.encoding),
      item,
    };
  }

  /** Every span of a list, in order. */
  spans(value: unknown, path: string): Array<Span & { item: JsonObject }> {
    return readArray(value, path).map((entry, i) => this.span(entry, `${path}[${i}]`));
  }
}

/** A 502 for the client; the precise defect travels as the cause, for the logs. */
export function badOutput(engine: string, cause: unknown): ProblemError {
  return new ProblemError('engine-failed', `The ${engine} engine answered with output that does not match its documented format.`, {
    cause,
  });
}

/** Log lines of the endpoint and of its containers, each prefixed with who wrote it. */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type Log = (message: string) => void;

export function logger(prefix: string, out: Writable = process.stdout): Log {
  return (message) => out.write(`[${prefix}] ${message}\n`);
}

/** Copies a child's output to `out` line by line, each line prefixed with the container hostname. */
export function prefixLines(source: Readable, prefix: string, out: Writable): void {
  createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => out.write(`[${prefix}] ${line}\n`));
}

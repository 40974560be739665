/**
 * Stack traces that point at the TypeScript sources, paid for only when an error is logged. The
 * deployed bundle ships its source map beside it (esbuild `sourcemap: linked`); instead of
 * `--enable-source-maps`, which reads and parses that map at every cold start, the first stack
 * that is logged loads the map once and rewrites each bundle frame to its source line.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** `at name (file:line:column)` or `at file:line:column`. */
const FRAME = /^(\s*at (?:.*? \()?)((?:file:\/\/)?\/[^():]+\.[cm]?js):(\d+):(\d+)(\)?)$/;

const maps = new Map<string, SourceMap | undefined>();

function mapFor(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    try {
      const path = file.startsWith('file:') ? fileURLToPath(file) : file;
      maps.set(file, new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))));
    } catch {
      maps.set(file, undefined);
    }
  }
  return maps.get(file);
}

/** The source a map names, from the repository root (esbuild writes it relative to the bundle). */
const sourcePath = (source: string) => source.replace(/^(?:\.\.\/|\.\/)+/, '').replace(/^file:\/\//, '');

function mapFrame(line: string): string {
  const match = FRAME.exec(line);
  if (!match) return line;
  const [, head, file, row, column, tail] = match as unknown as [string, string, string, string, string, string];
  const entry = mapFor(file)?.findEntry(Number(row) - 1, Number(column) - 1);
  if (!entry || !('originalSource' in entry)) return line;
  return `${head}${sourcePath(entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}${tail}`;
}

/** Rewrites the stack of `error` (and of its causes) to source lines where a map exists; returns `error`. */
export function withSourceStack<T>(error: T): T {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current.stack) current.stack = current.stack.split('\n').map(mapFrame).join('\n');
  }
  return error;
}

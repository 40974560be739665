/**
 * How a benchmark publishes its figures: into its own section of bench/README.md, between
 * `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` (appended if missing), leaving the rest of the file
 * alone. What a section's figures mean is written by hand in bench/README.md, above the section;
 * the section holds only what a run measured. `--no-write` on a benchmark's command line prints its
 * section without writing it (for a short trial run).
 *
 * bench/report.mjs, which the benchmarks in other languages call, imports this file with Node's own
 * type stripping where Node has it, so it uses only erasable TypeScript and node's modules.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bench = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = join(bench, 'README.md');
/** Where benchmarks keep what they build and log (git-ignored). */
export const out = join(bench, '.out');

/** One line naming the machine the figures came from. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${os.cpus().length} × ${cpu}, ${memory} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Replaces the section `name` of bench/README.md with `markdown`, stamped with the time and the machine. */
export function writeSection(name: string, markdown: string): void {
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n\n_Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine()}._\n${end}`;
  const current = readFileSync(readme, 'utf8');
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(readme, next);
}

/** Prints a section and, unless the command line says `--no-write`, writes it into bench/README.md. */
export function publish(name: string, markdown: string): void {
  console.log(`\n${markdown.trim()}\n`);
  if (process.argv.includes('--no-write')) console.log(`(--no-write: section ${name} of bench/README.md left as it was)`);
  else writeSection(name, markdown);
}

/** How a target reads in a section. */
export const verdict = (met: boolean): string => (met ? 'met' : '**not met**');

/**
 * A Markdown table. A heading that ends in `:` is right-aligned and one wrapped in `:` centred, as
 * Markdown's own separator row says it (`---:`, `:---:`); the colons are not shown.
 */
export function table(headings: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const align = headings.map((heading) => (heading.startsWith(':') ? ':---:' : heading.endsWith(':') ? '---:' : '---'));
  const names = headings.map((heading) => heading.replace(/^:|:$/g, ''));
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(names), line(align), ...rows.map(line)].join('\n');
}

// Writes one benchmark's figures into its own section of bench/README.md, leaving the others alone.
// A section sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`; it is appended if missing.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const readme = join(dirname(fileURLToPath(import.meta.url)), 'README.md');

/** One line naming the machine the figures came from. */
/** @returns {string} */
export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const memory = Math.round(os.totalmem() / 2 ** 30);
  return `${os.cpus().length} × ${cpu}, ${memory} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/**
 * @param {string} name the section's name
 * @param {string} markdown its figures
 */
export function writeSection(name, markdown) {
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

// `node bench/report.mjs NAME < section.md` lets benchmarks in other languages write their section.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) throw new Error('usage: node bench/report.mjs NAME < section.md');
  writeSection(name, readFileSync(0, 'utf8'));
}

// `node bench/report.mjs NAME < section.md`: how the benchmarks in other languages write their section
// of bench/README.md, through the same code as the TypeScript ones (bench/lib/report.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// A Python benchmark run on its own calls whatever `node` is first on the PATH; one without type
// stripping (before 22.18) reads the TypeScript module through tsx, as scripts/stack.mjs does.
if (!process.features.typescript) register();
const report = await import('./lib/report.ts');

// Also imported from here by the benchmarks written before bench/lib/ (bench/jobs.ts).
export const writeSection = report.writeSection;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) throw new Error('usage: node bench/report.mjs NAME < section.md');
  writeSection(name, readFileSync(0, 'utf8'));
}

#!/usr/bin/env node
// Runs every benchmark one after the other (they must not share the two cores with each other);
// each writes its own section of bench/README.md. Run one alone with its npm script.
import { spawnSync } from 'node:child_process';

const benches = [
  'bench:handler',
  'bench:retries',
  'bench:containers',
  'bench:pii',
  'bench:local-endpoint',
  'bench:startup',
  'bench:load',
  'bench:faults',
  'bench:jobs',
  'bench:images',
];
const failed = benches.filter((name) => {
  console.log(`\n=== npm run ${name} ===`);
  return spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' }).status !== 0;
});
console.log(
  failed.length ? `\nBenchmarks that failed or missed a target: ${failed.join(', ')}` : '\nAll benchmarks ran and met their targets.',
);
process.exit(failed.length ? 1 : 0);

#!/usr/bin/env node
// `npm run contract`: writes containers/serving/contract.json, the Python containers' copy of the
// public contract, from handlers/core/contract.ts (where it is written once), formatted as the
// linter wants it. test/unit/core/contract.test.ts fails while the two differ.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { CONTAINER_CONTRACT } = await import('../handlers/core/contract.ts');

const file = fileURLToPath(new URL('../containers/serving/contract.json', import.meta.url));
writeFileSync(file, `${JSON.stringify(CONTAINER_CONTRACT, null, 2)}\n`);
execFileSync(
  process.execPath,
  [fileURLToPath(new URL('../node_modules/@biomejs/biome/bin/biome', import.meta.url)), 'format', '--write', file],
  {
    stdio: 'inherit',
  },
);
console.log(`[contract] wrote ${file}`);

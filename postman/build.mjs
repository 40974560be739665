#!/usr/bin/env node
// Writes the Postman collection and environments from the API's own sources (postman/collection.ts).
// `--check` writes nothing and fails when a committed file differs from what the generator makes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { generatedFiles } = await import('./collection.ts');

const here = dirname(fileURLToPath(import.meta.url));
const examplesFile = join(here, 'examples.json');
const examples = existsSync(examplesFile) ? JSON.parse(readFileSync(examplesFile, 'utf8')) : {};
const check = process.argv.includes('--check');

let stale = 0;
for (const [name, content] of Object.entries(generatedFiles(examples))) {
  const file = join(here, name);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === content) continue;
  if (check) {
    console.error(`postman/${name} is out of date: run \`npm run postman:build\``);
    stale++;
  } else {
    writeFileSync(file, content);
    console.log(`wrote postman/${name}`);
  }
}
process.exit(stale ? 1 : 0);

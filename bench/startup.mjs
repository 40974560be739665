#!/usr/bin/env node
// The local stack's start-up time: from launching scripts/stack.mjs (everything installed) to the
// first answer of GET /nlp/engines, which the stack opens only once every container is healthy.
// The stack is started on free ports by the same helper the e2e tests use, so it can run beside
// another stack. Run: npm run bench:startup
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { writeSection } from './report.mjs';

register();
const { startLocalStack } = await import('../test/e2e/support/local-stack.ts');

const RUNS = 3;
const logFile = join(fileURLToPath(new URL('.', import.meta.url)), '.out', 'startup-stack.log');

async function once() {
  const started = performance.now();
  const stack = await startLocalStack({ logFile });
  const seconds = (performance.now() - started) / 1000;
  await stack.stop();
  return seconds;
}

const times = [];
for (let i = 0; i < RUNS; i++) times.push(await once());
times.sort((a, b) => a - b);
const markdown = `## Local stack start-up (\`npm run bench:startup\`)

From launching the stack (Node packages and the Python environment already installed, as after the first
\`npm start\`) to the first answer of \`GET /nlp/engines\`, which the stack opens only once every container passes
its ping (polled every 250 ms): median **${times[Math.floor(RUNS / 2)].toFixed(1)} s** over ${RUNS} runs (${times.map((t) => `${t.toFixed(1)} s`).join(', ')}).
A fresh clone's first \`npm start\` adds the installs (npm ci, then every engine's packages and the spaCy model into .venv): a few minutes, once.`;
writeSection('startup', markdown);
console.log(markdown);

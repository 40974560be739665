#!/usr/bin/env node
// The local stack's start-up time: from launching `npm run stack` (everything installed) to the
// first answer of GET /nlp/engines, which the stack opens only once every container is healthy.
// Runs on ports of its own so it can run beside another stack. Run: npm run bench:startup
import { spawn } from 'node:child_process';
import { writeSection } from './report.mjs';

const RUNS = 3;
const ports = { LOCAL_API_PORT: '3300', LOCAL_LAMBDA_PORT: '3302', LOCAL_SAGEMAKER_PORT: '8385' };
const key = 'local-dev-key';

async function once() {
  const started = performance.now();
  const stack = spawn(process.execPath, ['scripts/stack.mjs'], { env: { ...process.env, ...ports, NLP_API_KEY: key }, stdio: 'ignore' });
  const exited = new Promise((resolve) => stack.once('exit', resolve));
  try {
    for (;;) {
      if (stack.exitCode !== null) throw new Error('the stack exited before it was ready');
      const ok = await fetch(`http://127.0.0.1:${ports.LOCAL_API_PORT}/nlp/engines`, { headers: { 'x-api-key': key } }).then((r) => r.ok, () => false);
      if (ok) return (performance.now() - started) / 1000;
      if (performance.now() - started > 180_000) throw new Error('the stack was not ready within 180 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    stack.kill('SIGTERM');
    await exited;
  }
}

const times = [];
for (let i = 0; i < RUNS; i++) times.push(await once());
times.sort((a, b) => a - b);
const markdown = `## Local stack start-up (\`npm run bench:startup\`)

From launching the stack (Node packages and the Python environment already installed, as after the first
\`npm start\`) to the first answer of \`GET /nlp/engines\`, which the stack opens only once both containers pass
their ping: median **${times[Math.floor(RUNS / 2)].toFixed(1)} s** over ${RUNS} runs (${times.map((t) => `${t.toFixed(1)} s`).join(', ')}).
A fresh clone's first \`npm start\` adds the installs (npm ci, then spaCy, TextBlob and the model into .venv): a few minutes, once.`;
writeSection('startup', markdown);
console.log(markdown);

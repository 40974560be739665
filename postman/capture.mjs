#!/usr/bin/env node
// Captures a real example response for every request of the collection: starts the local stack on
// free ports (or uses the one at --base-url), runs the collection with newman, writes
// postman/examples.json and rebuilds the collection so that it carries them.
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { startLocalStack } = await import('../local/stack-process.ts');
const { repoRoot } = await import('../local/config.ts');
const { runCollection, failureLines } = await import('./run-collection.ts');

const here = dirname(fileURLToPath(import.meta.url));
const option = (name) =>
  process.argv
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.split('=')
    .slice(1)
    .join('=');
const baseUrl = option('base-url');
const apiKey = option('api-key') ?? process.env.NLP_API_KEY ?? 'local-dev-key';

console.log(baseUrl ? `[capture] using the stack at ${baseUrl}` : '[capture] starting the local stack on free ports…');
const stack = baseUrl
  ? { baseUrl, apiKey, stop: async () => {} }
  : await startLocalStack({ apiKey, logFile: `${repoRoot}/test-artifacts/postman/stack.log` });
try {
  const { summary, exchanges } = await runCollection(stack.baseUrl, stack.apiKey);
  const failures = failureLines(summary);
  if (failures.length) throw new Error(`the collection failed, so its responses are no examples:\n${failures.join('\n')}`);
  const examples = Object.fromEntries(exchanges.map(({ id, status, contentType, body }) => [id, { code: status, contentType, body }]));
  writeFileSync(join(here, 'examples.json'), `${JSON.stringify(examples, null, 2)}\n`);
  console.log(`[capture] wrote postman/examples.json (${exchanges.length} responses)`);
} finally {
  await stack.stop();
}
const build = spawnSync(process.execPath, [join(here, 'build.mjs')], { stdio: 'inherit' });
process.exit(build.status ?? 1);

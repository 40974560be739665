/**
 * Nothing personal leaks sideways: planted personal values sent through the whole local stack
 * (process mode) every way a caller can, served and refused, appear in no log line of the stack,
 * the local endpoint or any container. The stack runs on its own and is stopped before its log is
 * read, so every line it ever wrote is searched.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../local/config.js';
import { leaksIn, sendPlanted, type Sent } from './support/leaks.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';

const LOG_FILE = join(repoRoot, 'test-artifacts', 'e2e', 'pii-leaks.log');
/** Set while the stack runs: stopped once the traffic is sent, or after a failure. */
let running: LocalStack | undefined;
let sent: Sent[] = [];

beforeAll(async () => {
  running = await startLocalStack({ logFile: LOG_FILE });
  sent = await sendPlanted(running);
  const stopping = running;
  running = undefined;
  await stopping.stop();
}, 360_000);

afterAll(async () => {
  await running?.stop();
}, 60_000);

it('served the planted texts and refused the bad requests, so every path was taken', () => {
  const status = Object.fromEntries(sent.map(({ what, status }) => [what, status]));
  expect(status).toMatchObject({
    'pii and redact, every operator': 200,
    mask: 200,
    'remove, allow-listed name': 200,
    'auto, every task': 200,
    'gateway 422: allow-list value too long': 422,
    'gateway 422: options no task reads': 422,
    'gateway 400: a body that is not JSON': 400,
    'nlp-pii: a valid request': 200,
  });
  // The containers' own refusals reach the caller as SageMaker's ModelError (424).
  expect(sent.filter(({ what }) => what.includes(': an ') || what.includes(': a body')).map(({ status }) => status)).not.toContain(200);
});

it('wrote no planted value, nor a piece of one, in any log line', async () => {
  const log = await readFile(LOG_FILE, 'utf8');
  expect(log).toContain('[nlp-pii]');
  expect(leaksIn(log)).toEqual([]);
});

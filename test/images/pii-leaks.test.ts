/**
 * The leak test of test/e2e/pii-leaks.test.ts in image mode (`npm start -- --images`): every
 * container runs from its image, and its output reaches the stack's log through the container engine.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../local/config.js';
import { leaksIn, sendPlanted, type Sent } from '../e2e/support/leaks.js';
import { startLocalStack, type LocalStack } from '../e2e/support/local-stack.js';
import { BUILD_TIMEOUT_MS, builtImages } from './support.js';

const LOG_FILE = join(repoRoot, 'test-artifacts', 'images', 'pii-leaks.log');
/** Set while the stack runs: stopped once the traffic is sent, or after a failure. */
let running: LocalStack | undefined;
let sent: Sent[] = [];

beforeAll(async () => {
  await builtImages();
  running = await startLocalStack({ args: ['--images'], logFile: LOG_FILE });
  sent = await sendPlanted(running);
  const stopping = running;
  running = undefined;
  await stopping.stop();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await running?.stop();
}, 60_000);

it('wrote no planted value, nor a piece of one, in any log line of the images, the endpoint or the stack', async () => {
  expect(sent.find(({ what }) => what === 'pii and redact, every operator')?.status).toBe(200);
  const log = await readFile(LOG_FILE, 'utf8');
  expect(log).toContain('[nlp-pii]');
  expect(leaksIn(log)).toEqual([]);
});

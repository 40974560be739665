/**
 * The local stack's start-up time: from launching scripts/stack.mjs (everything installed) to the
 * first answer of GET /nlp/engines, which the stack opens only once every container is healthy. The
 * stack runs on free ports (local/stack-process.ts), so it can run beside another stack.
 *
 *   npm run bench:startup          (node --import tsx bench/startup.ts; --no-write only prints)
 */
import { join } from 'node:path';
import { startLocalStack } from '../local/stack-process.js';
import { median, out, publish } from './lib/index.js';

const RUNS = 3;
const logFile = join(out, 'startup-stack.log');

const times: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  const stack = await startLocalStack({ logFile });
  times.push((performance.now() - started) / 1000);
  await stack.stop();
}
const seconds = (value: number) => `${value.toFixed(1)} s`;
publish(
  'startup',
  `Median **${seconds(median(times))}** over ${RUNS} runs (${[...times]
    .sort((a, b) => a - b)
    .map(seconds)
    .join(', ')}).`,
);

/** The whole local stack in a child process on free ports (local/stack-process.ts), its output in test-artifacts/e2e by default. */
import { join } from 'node:path';
import { afterAll, beforeAll } from '@jest/globals';
import { repoRoot } from '../../../local/config.js';
import { type LocalStack, type StackOptions, startLocalStack as startStack } from '../../../local/stack-process.js';

export type { LocalStack };

export const startLocalStack = (options: Partial<StackOptions> = {}): Promise<LocalStack> =>
  startStack({ logFile: join(repoRoot, 'test-artifacts', 'e2e', 'stack.log'), ...options });

/**
 * One local stack for a test file: started before its tests (its output in `logFile`, whose folder is
 * created), stopped after them. Returns the running stack, or throws if it did not start.
 */
export function useLocalStack(logFile: string): () => LocalStack {
  let stack: LocalStack | undefined;
  beforeAll(async () => {
    stack = await startLocalStack({ logFile });
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
  }, 60_000);
  return () => {
    if (!stack) throw new Error('the local stack did not start');
    return stack;
  };
}

/**
 * `npm start -- --images`: the whole local stack with every container run from its image, answering
 * `POST /nlp/auto` (each task from the engine the registry prefers for it) through the real handlers.
 */
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { repoRoot } from '../../local/config.js';
import { startLocalStack, type LocalStack } from '../e2e/support/local-stack.js';
import { BUILD_TIMEOUT_MS, builtImages } from './support.js';

let stack: LocalStack;

beforeAll(async () => {
  await builtImages();
  stack = await startLocalStack({ args: ['--images'], logFile: join(repoRoot, 'test-artifacts', 'images', 'stack.log') });
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

it('answers POST /nlp/auto from the images, each task from its preferred engine', async () => {
  const response = await fetch(`${stack.baseUrl}/nlp/auto`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-api-key': stack.apiKey },
    body: JSON.stringify({
      text: 'Apple is looking at buying a U.K. startup for $1 billion. What a great day!',
      tasks: ['entities', 'sentiment', 'language'],
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    results: { entities: unknown[]; sentiment: { polarity: number }; language: { code: string } }[];
  };
  expect(body).toMatchObject({ engine: 'auto', engines: { entities: 'spacy', sentiment: 'textblob', language: 'langid' } });
  expect(body.results[0]?.language.code).toBe('en');
  expect(body.results[0]?.entities).toEqual(expect.arrayContaining([expect.objectContaining({ text: 'Apple', label: 'ORG' })]));
  expect(body.results[0]?.sentiment.polarity).toBeGreaterThan(0);
});

it('says in its log that the containers run from their images', async () => {
  const log = await readFile(stack.logFile, 'utf8');
  expect(log).toContain('image mode: running each container from its image');
  expect(log).toMatch(/\[nlp-spacy\] started pid \d+ on port \d+ .*: image localhost\/nlp-gateway\/spacy:c-/);
});

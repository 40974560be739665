/**
 * End to end: the whole local stack (serverless-offline, the handlers, the local SageMaker Runtime
 * endpoint, both real containers) driven by the Postman collection through newman, every response
 * checked against the OpenAPI document, and the playground driven in headless Chromium. One stack
 * start serves both.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from '../../handlers/core/openapi.js';
import { requestSpecs } from '../../postman/requests.js';
import { openBrowser } from './support/browser.js';
import { failureLines, runCollection, type CollectionRun } from './support/collection-run.js';
import { isLocalGatewayAnswer, mismatches } from './support/documented.js';
import { startLocalStack, type LocalStack } from './support/local-stack.js';

const artifacts = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-artifacts', 'e2e');
const SCREENSHOT = join(artifacts, 'playground.png');

let stack: LocalStack | undefined;

beforeAll(async () => {
  mkdirSync(artifacts, { recursive: true });
  stack = await startLocalStack({ logFile: join(artifacts, 'stack.log') });
}, 300_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

const running = (): LocalStack => {
  if (!stack) throw new Error('the local stack did not start');
  return stack;
};

describe('the Postman collection against the local stack (newman)', () => {
  let result: CollectionRun;

  beforeAll(async () => {
    result = await runCollection(running().baseUrl, running().apiKey);
    const brief = result.exchanges.map(({ body, ...exchange }) => ({ ...exchange, body: body.length > 2000 ? `${body.slice(0, 2000)}…` : body }));
    writeFileSync(join(artifacts, 'newman-exchanges.json'), `${JSON.stringify({ stats: result.summary.run.stats, exchanges: brief }, null, 2)}\n`);
  }, 240_000);

  it('runs every request of the collection and passes every assertion', () => {
    expect(failureLines(result.summary)).toEqual([]);
    expect(result.summary.run.stats.assertions.failed).toBe(0);
    expect(result.summary.run.stats.requests.total).toBe(requestSpecs().length);
    expect(result.exchanges).toHaveLength(requestSpecs().length);
  });

  it('gets only responses that the OpenAPI document describes (path, status, content type, schema)', () => {
    const problems = result.exchanges
      .filter((exchange) => !isLocalGatewayAnswer(exchange))
      .flatMap((exchange) => mismatches(exchange).map((problem) => `${exchange.method} ${exchange.path} → ${exchange.status} (${exchange.name}): ${problem}`));
    expect(problems).toEqual([]);
  });

  it("sees serverless-offline's plain answers for API Gateway only where the collection expects a gateway answer", () => {
    const plain = result.exchanges.filter(isLocalGatewayAnswer).map((exchange) => exchange.id).sort();
    expect(plain).toEqual(requestSpecs().filter((spec) => spec.answerer === 'gateway').map((spec) => spec.id).sort());
  });

  it('is served the OpenAPI document the code generates', () => {
    const served = result.exchanges.find((exchange) => exchange.path === '/openapi.json');
    expect(JSON.parse(served?.body ?? 'null')).toEqual(openApiDocument());
  });
});

describe('the playground in headless Chromium', () => {
  it('submits a text and marks its entities', async () => {
    const { baseUrl, apiKey } = running();
    const browser = await openBrowser();
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => void (message.type() === 'error' && pageErrors.push(message.text())));

      await page.goto(`${baseUrl}/playground`);
      await page.fill('#key', apiKey);
      await page.fill('#text', 'Apple is looking at buying U.K. startup for $1 billion. Tim Cook loved the idea in Paris!');
      await page.selectOption('#engine', 'auto');
      await page.check('input[name=task][value=entities]');
      await page.check('input[name=task][value=sentiment]');
      await page.click('button[type=submit]');
      await page.locator('#output mark').first().waitFor({ timeout: 30_000 });
      await page.locator('#output [role=meter]').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });

      const marks = await page.locator('#output mark').evaluateAll((nodes) => nodes.map((node) => ({ text: node.firstChild?.textContent, label: node.getAttribute('data-label') })));
      expect(marks).toEqual(expect.arrayContaining([{ text: 'Apple', label: 'ORG' }, { text: 'U.K.', label: 'GPE' }, { text: '$1 billion', label: 'MONEY' }, { text: 'Paris', label: 'GPE' }]));
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

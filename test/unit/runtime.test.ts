import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';

describe('the test run', () => {
  it('uses the same Node.js major version as the Lambda runtime in serverless.yml', () => {
    const service = load(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8')) as { provider: { runtime: string } };
    const runtimeMajor = service.provider.runtime.match(/^nodejs(\d+)\.x$/)?.[1];
    expect(process.versions.node.split('.')[0]).toBe(runtimeMajor);
  });
});

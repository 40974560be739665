/** The typed client's generated files are what its generator makes from the current OpenAPI document. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const generator = fileURLToPath(new URL('../../../clients/typescript/generate.mjs', import.meta.url));

describe('clients/typescript', () => {
  it('is up to date with the OpenAPI document (npm run client:generate)', () => {
    const { status, stderr } = spawnSync(process.execPath, [generator, '--check'], { encoding: 'utf8', timeout: 60_000 });
    expect(stderr.trim()).toBe('');
    expect(status).toBe(0);
  }, 90_000);
});

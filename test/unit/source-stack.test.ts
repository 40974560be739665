import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { withSourceStack } from '../../handlers/source-stack.js';

describe('withSourceStack', () => {
  it('maps the frames of a minified bundle to the TypeScript lines, through the map beside it', async () => {
    // prepare: a module bundled as serverless.yml bundles the handlers
    const dir = mkdtempSync(join(tmpdir(), 'source-stack-'));
    writeFileSync(
      join(dir, 'thrower.ts'),
      'export function explode(): never {\n  const reason: string = "no";\n  throw new TypeError(reason);\n}\n',
    );
    await build({
      entryPoints: [join(dir, 'thrower.ts')],
      outfile: join(dir, 'thrower.mjs'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      sourcemap: 'linked',
      sourcesContent: false,
      logLevel: 'error',
    });
    // act: in a plain Node process (jest maps stacks itself), as Lambda runs it: no --enable-source-maps
    const script = `
      const { withSourceStack } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../handlers/source-stack.ts')).href)});
      const { explode } = await import(${JSON.stringify(pathToFileURL(join(dir, 'thrower.mjs')).href)});
      try { explode(); } catch (error) { const raw = error.stack.split('\\n')[1]; console.log(JSON.stringify([raw, withSourceStack(error).stack.split('\\n')[1]])); }`;
    const [raw, mapped] = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as [
      string,
      string,
    ];
    // assess
    expect(raw).toMatch(/thrower\.mjs:\d+:\d+\)?$/);
    expect(mapped).toMatch(/thrower\.ts:3:\d+\)?$/);
  });

  it('leaves a stack without a map as it is', () => {
    const error = new Error('x');
    const stack = error.stack;
    expect(withSourceStack(error).stack).toBe(stack);
  });
});

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CONTRACT, REGISTRY } from '../../../handlers/core/registry.js';

const root = join(import.meta.dirname, '../../..');

/**
 * Bundles an entry that re-exports the registry with infra/esbuild-plugins.cjs, in a plain Node
 * process as serverless-esbuild does (it loads the plugin file with require), then imports the
 * bundle. `read` replaces the plugin's reader of the checked registry when given.
 */
function bundleRegistry(read?: string): { ok: true; exported: unknown; code: string } | { ok: false; message: string } {
  const script = `
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
    const { build } = require('esbuild');
    const plugins = require('./infra/esbuild-plugins.cjs');
    const used = ${read ? `[plugins.checkedRegistry({ read: ${read} })]` : 'plugins'};
    try {
      const result = await build({
        stdin: { contents: "export { CONTRACT, REGISTRY } from './handlers/core/registry.ts';", resolveDir: ${JSON.stringify(root)}, loader: 'ts' },
        bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent', plugins: used,
      });
      const code = result.outputFiles[0].text;
      const exported = await import('data:text/javascript,' + encodeURIComponent(code));
      console.log(JSON.stringify({ ok: true, exported: { CONTRACT: exported.CONTRACT, REGISTRY: exported.REGISTRY }, code }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, message: error.message }));
    }`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('the registry in the Lambda bundles (infra/esbuild-plugins.cjs)', () => {
  it('holds the checked registry and contract as data, without the schema that checked them', () => {
    // act
    const result = bundleRegistry();
    // assess
    if (!result.ok) throw new Error(result.message);
    expect(result.exported).toEqual({ CONTRACT, REGISTRY });
    expect(result.code).not.toContain('a SageMaker endpoint holds at most 15 containers');
    expect(result.code).not.toContain('zod');
  });

  it('fails the build, naming the file and the fault, when the registry is not valid', () => {
    // prepare: the plugin's reader checks a registry whose engine has no hostname
    const read = `() => {
      const { parseRegistry, CONTRACT } = require('./handlers/core/registry.ts');
      const broken = structuredClone(require('./handlers/core/engines.json'));
      delete broken.engines[0].hostname;
      return { CONTRACT, REGISTRY: parseRegistry(broken, 'handlers/core/engines.json') };
    }`;
    // act
    const result = bundleRegistry(read);
    // assess
    expect(result).toEqual({ ok: false, message: expect.stringContaining('handlers/core/engines.json is not valid: engines.0.hostname') });
  });
});

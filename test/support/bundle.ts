import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');

export type BundleResult = { ok: true; value: unknown; code: string } | { ok: false; message: string };

/**
 * Bundles `entry` (TypeScript source at the repository root) with infra/esbuild-plugins.cjs in a plain
 * Node process, as serverless-esbuild does (it loads the plugin file with require), imports the bundle
 * as `exported` and returns what the expression `report` makes of it. `plugins` is the plugin list, an
 * expression over the file's exports (`plugins`); by default all of them.
 */
export function bundleAndRun(entry: string, report: string, plugins = 'plugins'): BundleResult {
  const script = `
    const { createRequire } = await import('node:module');
    const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
    const { build } = require('esbuild');
    const plugins = require('./infra/esbuild-plugins.cjs');
    try {
      const result = await build({
        stdin: { contents: ${JSON.stringify(entry)}, resolveDir: ${JSON.stringify(root)}, loader: 'ts' },
        bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent', plugins: ${plugins},
      });
      const code = result.outputFiles[0].text;
      const exported = await import('data:text/javascript,' + encodeURIComponent(code));
      console.log(JSON.stringify({ ok: true, value: ${report}, code }));
    } catch (error) {
      console.log(JSON.stringify({ ok: false, message: error.message }));
    }`;
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }),
  );
}

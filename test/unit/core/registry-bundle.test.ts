import { REGISTRY } from '../../../handlers/core/registry.js';
import { bundleAndRun } from '../../support/bundle.js';

/** Bundles an entry that re-exports the registry; `read` replaces the plugin's reader of the checked registry when given. */
const bundleRegistry = (read?: string) =>
  bundleAndRun(
    "export { REGISTRY } from './handlers/core/registry.ts';",
    '({ REGISTRY: exported.REGISTRY })',
    read ? `[plugins.checkedRegistry({ read: ${read} })]` : 'plugins',
  );

describe('the registry in the Lambda bundles (infra/esbuild-plugins.cjs)', () => {
  it('holds the checked registry as data, without the schema that checked them', () => {
    // act
    const result = bundleRegistry();
    // assess
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toEqual({ REGISTRY });
    expect(result.code).not.toContain('a SageMaker endpoint holds at most 15 containers');
    expect(result.code).not.toContain('zod');
  });

  it('fails the build, naming the file and the fault, when the registry is not valid', () => {
    // prepare: the plugin's reader checks a registry whose engine has no hostname
    const read = `() => {
      const { parseRegistry } = require('./handlers/core/registry.ts');
      const broken = structuredClone(require('./handlers/core/engines.json'));
      delete broken.engines[0].hostname;
      return { REGISTRY: parseRegistry(broken, 'handlers/core/engines.json') };
    }`;
    // act
    const result = bundleRegistry(read);
    // assess
    expect(result).toEqual({ ok: false, message: expect.stringContaining('handlers/core/engines.json is not valid: engines.0.hostname') });
  });
});

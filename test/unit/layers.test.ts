import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { repoRoot } from '../../local/config.js';

/**
 * The layers of the tree (docs/ARCHITECTURE.md, "Layers"), highest first. A file may import its own
 * layer or one below it, never one above it nor another layer of its own height.
 */
const LAYERS: ReadonlyArray<{ name: string; height: number; holds: (path: string) => boolean }> = [
  { name: 'test', height: 6, holds: (path) => path.startsWith('test/') && !path.startsWith('test/fixtures/') },
  { name: 'bench', height: 5, holds: (path) => path.startsWith('bench/') },
  { name: 'scripts', height: 5, holds: (path) => path.startsWith('scripts/') },
  { name: 'postman', height: 5, holds: (path) => path.startsWith('postman/') },
  { name: 'clients', height: 5, holds: (path) => path.startsWith('clients/') },
  { name: 'local', height: 4, holds: (path) => path.startsWith('local/') },
  { name: 'infra', height: 4, holds: (path) => path.startsWith('infra/') },
  { name: 'handlers/adapters', height: 1, holds: (path) => path.startsWith('handlers/adapters/') },
  { name: 'handlers/core', height: 0, holds: (path) => path.startsWith('handlers/core/') },
  { name: 'handlers/middleware', height: 2, holds: (path) => path.startsWith('handlers/middleware/') },
  {
    name: 'handlers (shared by the chains: HTTP types, config, logging, the invocation)',
    height: 1.5,
    holds: (path) => ['http', 'source-stack', 'observability', 'config', 'invoke'].some((name) => path.startsWith(`handlers/${name}.`)),
  },
  { name: 'handlers (entry points and their chain)', height: 3, holds: (path) => path.startsWith('handlers/') },
  { name: 'containers (data the gateway reads)', height: -1, holds: (path) => path.startsWith('containers/') },
  { name: 'test/fixtures (recorded native outputs, data)', height: -1, holds: (path) => path.startsWith('test/fixtures/') },
];

const layerOf = (path: string) => {
  const layer = LAYERS.find((candidate) => candidate.holds(path));
  if (!layer) throw new Error(`${path} is in no layer: add its folder to LAYERS`);
  return layer;
};

const RELATIVE_IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\(\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every relative import of the repository's TypeScript and JavaScript, as [importer, imported]. */
function imports(): Array<[string, string]> {
  const files = execFileSync('git', ['ls-files', '*.ts', '*.mjs', '*.cjs'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return files.flatMap((file) =>
    [...readFileSync(join(repoRoot, file), 'utf8').matchAll(RELATIVE_IMPORT)].map(
      ([, specifier]) => [file, normalize(join(dirname(file), specifier ?? ''))] as [string, string],
    ),
  );
}

describe('the layers', () => {
  it('import only downwards: no file imports a layer above its own, nor a neighbour of the same height', () => {
    // act
    const upwards = imports().filter(([from, to]) => {
      const [source, target] = [layerOf(from), layerOf(to)];
      return source !== target && target.height >= source.height;
    });
    // assess
    expect(upwards.map(([from, to]) => `${from} -> ${to}`)).toEqual([]);
  });
});

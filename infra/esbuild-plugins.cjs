// esbuild plugins for the Lambda bundles: serverless.yml names this file in `custom.esbuild.plugins`
// (serverless-esbuild loads it with require), and bench/handler.mjs builds with the same list.
//
// checkedRegistry: the engine registry (handlers/core/engines.json) and the contract both languages
// share (containers/serving/contract.json) are data fixed when the bundle is built. So they are
// checked once per build, by their one reader (handlers/core/registry.ts, the module the tests use),
// and the bundle gets the checked values as plain data. A fault in either file fails `sls package`
// and `sls deploy` with the file and each fault named, instead of failing every cold start, and no
// cold start pays for the schema's code or its check.
'use strict';

const { join } = require('node:path');

const REGISTRY_MODULE = join(__dirname, '..', 'handlers', 'core', 'registry.ts');
const DATA_FILES = [
  join(__dirname, '..', 'handlers', 'core', 'engines.json'),
  join(__dirname, '..', 'containers', 'serving', 'contract.json'),
];

/** The checked registry and contract, as registry.ts exports them (it throws on a fault). */
const readChecked = () => require(REGISTRY_MODULE);

function checkedRegistry({ read = readChecked } = {}) {
  return {
    name: 'checked-registry',
    setup(build) {
      build.onLoad({ filter: /[\\/]handlers[\\/]core[\\/]registry\.ts$/ }, () => {
        const { CONTRACT, REGISTRY } = read();
        return {
          contents: [
            '// handlers/core/registry.ts, checked when this bundle was built (infra/esbuild-plugins.cjs).',
            `export const CONTRACT = ${JSON.stringify(CONTRACT)};`,
            `export const REGISTRY = ${JSON.stringify(REGISTRY)};`,
          ].join('\n'),
          loader: 'js',
          watchFiles: DATA_FILES,
        };
      });
    },
  };
}

module.exports = [checkedRegistry()];
module.exports.checkedRegistry = checkedRegistry;

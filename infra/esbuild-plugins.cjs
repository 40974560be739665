// esbuild plugins for the Lambda bundles: serverless.yml names this file in `custom.esbuild.plugins`
// (serverless-esbuild loads it with require), and bench/handler.mjs builds with the same list.
//
// checkedRegistry: the engine registry (handlers/core/engines.json) is data fixed when the bundle is
// built. So it is checked once per build, by its one reader (handlers/core/registry.ts, the module
// the tests use), and the bundle gets the checked registry as plain data. A fault fails
// `sls package` and `sls deploy` with the file and each fault named, instead of failing every cold
// start, and no cold start pays for the schema's code or its check.
//
// precompiledRequestValidator: the request body's validator (handlers/core/request-validator.ts,
// which compiles the request schema of handlers/core/contract.ts with ajv when it loads) becomes
// ajv's standalone code for the same schema and options, generated here. The bundle then holds
// plain functions: neither ajv's compiler nor the schema's compilation at each cold start.
'use strict';

const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const REGISTRY_MODULE = join(ROOT, 'handlers', 'core', 'registry.ts');
const CONTRACT_MODULE = join(ROOT, 'handlers', 'core', 'contract.ts');
const DATA_FILES = [join(ROOT, 'handlers', 'core', 'engines.json'), CONTRACT_MODULE];

const REGISTRY_FILTER = /[\\/]handlers[\\/]core[\\/]registry\.ts$/;
const VALIDATOR_FILTER = /[\\/]handlers[\\/]core[\\/]request-validator\.ts$/;

/** The checked registry, as registry.ts exports it (it throws on a fault). */
const readChecked = () => require(REGISTRY_MODULE);

function checkedRegistry({ read = readChecked } = {}) {
  return {
    name: 'checked-registry',
    setup(build) {
      build.onLoad({ filter: REGISTRY_FILTER }, () => {
        const { REGISTRY } = read();
        return {
          contents: [
            '// handlers/core/registry.ts, checked when this bundle was built (infra/esbuild-plugins.cjs).',
            `export const REGISTRY = ${JSON.stringify(REGISTRY)};`,
          ].join('\n'),
          loader: 'js',
          watchFiles: DATA_FILES,
        };
      });
    },
  };
}

function precompiledRequestValidator() {
  return {
    name: 'precompiled-request-validator',
    setup(build) {
      build.onLoad({ filter: VALIDATOR_FILTER }, () => {
        const { Ajv2020 } = require('ajv/dist/2020');
        const standaloneCode = require('ajv/dist/standalone').default;
        // contract.ts imports nothing at run time, so Node loads it as it is (type stripping).
        const { REQUEST_SCHEMA, REQUEST_VALIDATOR_OPTIONS } = require(CONTRACT_MODULE);
        const ajv = new Ajv2020({ ...REQUEST_VALIDATOR_OPTIONS, code: { source: true, esm: true } });
        return {
          contents: [
            '// handlers/core/request-validator.ts, compiled by ajv when this bundle was built (infra/esbuild-plugins.cjs).',
            standaloneCode(ajv, ajv.compile(REQUEST_SCHEMA)),
            'export { validate as validateRequestBody };',
          ].join('\n'),
          loader: 'js',
          resolveDir: ROOT,
          watchFiles: [CONTRACT_MODULE],
        };
      });
    },
  };
}

module.exports = Object.assign([checkedRegistry(), precompiledRequestValidator()], { checkedRegistry });

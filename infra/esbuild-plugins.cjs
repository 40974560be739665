// esbuild plugins for the Lambda bundles: serverless.yml names this file in `custom.esbuild.plugins`
// (serverless-esbuild loads it with require), and bench/handler.mjs builds with the same list.
//
// checkedRegistry: the engine registry (handlers/core/engines.json) and the contract both languages
// share (containers/serving/contract.json) are data fixed when the bundle is built. So they are
// checked once per build, by their one reader (handlers/core/registry.ts, the module the tests use),
// and the bundle gets the checked values as plain data. A fault in either file fails `sls package`
// and `sls deploy` with the file and each fault named, instead of failing every cold start, and no
// cold start pays for the schema's code or its check.
//
// precompiledRequestValidator: the request body's validator (handlers/core/request-validator.ts,
// which compiles handlers/core/request-schema.ts with ajv when it loads) becomes ajv's standalone
// code for the same schema and options, generated here. The bundle then holds plain functions:
// neither ajv's compiler nor the schema's compilation at each cold start.
'use strict';

const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const REGISTRY_MODULE = join(ROOT, 'handlers', 'core', 'registry.ts');
const DATA_FILES = [join(ROOT, 'handlers', 'core', 'engines.json'), join(ROOT, 'containers', 'serving', 'contract.json')];
const SCHEMA_MODULE = join(ROOT, 'handlers', 'core', 'request-schema.ts');

const REGISTRY_FILTER = /[\\/]handlers[\\/]core[\\/]registry\.ts$/;
const VALIDATOR_FILTER = /[\\/]handlers[\\/]core[\\/]request-validator\.ts$/;

/** The checked registry and contract, as registry.ts exports them (it throws on a fault). */
const readChecked = () => require(REGISTRY_MODULE);

function checkedRegistry({ read = readChecked } = {}) {
  return {
    name: 'checked-registry',
    setup(build) {
      build.onLoad({ filter: REGISTRY_FILTER }, () => {
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

/** request-schema.ts's exports, bundled on their own (with the checked registry) and imported. */
async function loadRequestSchema(esbuild) {
  const result = await esbuild.build({
    entryPoints: [SCHEMA_MODULE],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    plugins: [checkedRegistry()],
    metafile: true,
  });
  const module = await import(`data:text/javascript,${encodeURIComponent(result.outputFiles[0].text)}`);
  return { module, inputs: Object.keys(result.metafile.inputs).map((input) => join(ROOT, input)) };
}

function precompiledRequestValidator() {
  return {
    name: 'precompiled-request-validator',
    setup(build) {
      build.onLoad({ filter: VALIDATOR_FILTER }, async () => {
        const { Ajv2020 } = require('ajv/dist/2020');
        const standaloneCode = require('ajv/dist/standalone').default;
        const { module, inputs } = await loadRequestSchema(build.esbuild);
        const ajv = new Ajv2020({ ...module.VALIDATOR_OPTIONS, code: { source: true, esm: true } });
        return {
          contents: [
            '// handlers/core/request-validator.ts, compiled by ajv when this bundle was built (infra/esbuild-plugins.cjs).',
            standaloneCode(ajv, ajv.compile(module.requestJsonSchema)),
            'export { validate as validateRequestBody };',
          ].join('\n'),
          loader: 'js',
          resolveDir: ROOT,
          watchFiles: [...inputs, ...DATA_FILES],
        };
      });
    },
  };
}

module.exports = Object.assign([checkedRegistry(), precompiledRequestValidator()], { checkedRegistry });

// What the deployed stack derives from the engine registry (handlers/core/engines.json): the
// Model's containers, the ECR repositories they come from, and the image digests that the
// build-and-push step recorded for a stage. serverless.yml reads the exports below through
// `${file(infra/engine-containers.cjs):<name>}` (CommonJS, because Serverless v3 loads JS files with require);
// scripts/deploy.mjs and scripts/remove.mjs import the same helpers, so names agree everywhere.
// The registry itself comes from handlers/core/registry.ts, its one checked reader: Node 24 loads
// that ES module with require() and strips its types.
'use strict';

const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { REGISTRY: registry } = require('../handlers/core/registry.ts');

const root = join(__dirname, '..');

/**
 * Offline packaging (CI, `serverless package`, the local stage) has no pushed images, so it uses this
 * documented placeholder. A real deploy always writes `.deploy/<stage>/images.json` first.
 */
const PLACEHOLDER_DIGEST = `sha256:${'0'.repeat(64)}`;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

const repositoryName = (stage, engine) => `${registry.service}-${stage}/${engine.name}`;
const imagesFile = (stage) => join(root, '.deploy', stage, 'images.json');

/** `{ <engine>: "sha256:…" }` for a stage: the recorded digests, or placeholders when none were pushed. */
function digestsFor(stage) {
  const file = imagesFile(stage);
  if (!existsSync(file)) return Object.fromEntries(registry.engines.map((engine) => [engine.name, PLACEHOLDER_DIGEST]));
  const recorded = JSON.parse(readFileSync(file, 'utf8'));
  return Object.fromEntries(
    registry.engines.map((engine) => {
      const digest = recorded[engine.name]?.digest;
      if (!DIGEST.test(digest ?? '')) {
        throw new Error(`${file} has no valid digest for engine "${engine.name}"; run \`npm run deploy -- --stage ${stage}\``);
      }
      return [engine.name, digest];
    }),
  );
}

const stageOf = ({ resolveVariable }) => resolveVariable('sls:stage');

/** ECR image URI by digest, in the stack's own account and region. */
const imageUri = (stage, engine, digest) => ({
  'Fn::Sub': `\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/${repositoryName(stage, engine)}@${digest}`,
});

const repositoryArn = (stage, engine) => ({
  'Fn::Sub': `arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/${repositoryName(stage, engine)}`,
});

module.exports = {
  registry,
  PLACEHOLDER_DIGEST,
  repositoryName,
  imagesFile,
  digestsFor,

  /**
   * The Model's container definitions, one per engine, in registry order. Every container shares the
   * instance, so each is told how many there are (SERVING_CONTAINERS): a container runs its share of
   * the instance's vCPUs as model workers unless the registry's environment sets SERVING_WORKERS
   * (containers/README.md, "Workers sized to the instance").
   */
  async containers(context) {
    const stage = await stageOf(context);
    const digests = digestsFor(stage);
    return registry.engines.map((engine) => ({
      ContainerHostname: engine.hostname,
      Image: imageUri(stage, engine, digests[engine.name]),
      Environment: { SERVING_CONTAINERS: String(registry.engines.length), ...engine.environment },
    }));
  },

  /** The repositories the SageMaker execution role may pull from: this stage's, nothing else. */
  async repositoryArns(context) {
    const stage = await stageOf(context);
    return registry.engines.map((engine) => repositoryArn(stage, engine));
  },
};

// Deploy's images: the build-push-resolve steps that end in `.deploy/<stage>/images.json`, with the
// tags and platforms local/image-tags.ts gives (the same ones `npm run images` builds locally).
import { createRequire } from 'node:module';
import { relative } from 'node:path';
import { register } from 'tsx/esm/api';
import { root } from './cli.mjs';

register();
const { BUILD_CONTEXT, contentTag, platformFor } = await import('../../local/image-tags.ts');

const require = createRequire(import.meta.url);
export const { registry, repositoryName, imagesFile } = require('../../infra/engine-containers.cjs');

/**
 * For each engine: skip the build when its content tag is already in ECR, else build for the
 * instance's platform through the container engine and push; then read the pushed digest.
 * Deploy builds the Dockerfiles exactly (pinned base, official model): no stand-in ever ships.
 */
export function buildAndPush(run, { stage, region, registryHost, instanceType, engine: containers }) {
  const images = {};
  const platform = platformFor(instanceType);
  for (const engine of registry.engines) {
    const repository = repositoryName(stage, engine);
    const tag = contentTag(engine, platform);
    const uri = `${registryHost}/${repository}`;
    run.say(`${engine.name}: ${engine.container}/Dockerfile → ${uri}:${tag} (${platform})`);
    const imageId = ['--repository-name', repository, '--image-ids', `imageTag=${tag}`, '--region', region];
    const existing = run.query('aws', ['ecr', 'describe-images', ...imageId, '--output', 'json'], { allowFailure: true, placeholder: '' });
    if (existing.ok && existing.stdout) {
      run.say(`${engine.name}: ${tag} is already in ECR; not built again`);
    } else {
      if (run.dryRun) run.say('(when the tag is not in ECR yet:)');
      run.step(
        containers.command,
        containers.buildArgs({ dockerfile: `${engine.container}/Dockerfile`, context: BUILD_CONTEXT, tag: `${uri}:${tag}`, platform }),
      );
      run.step(containers.command, ['push', `${uri}:${tag}`]);
    }
    const digest = run.query('aws', ['ecr', 'describe-images', ...imageId, '--query', 'imageDetails[0].imageDigest', '--output', 'text'], {
      placeholder: `sha256:<digest of ${engine.name}:${tag}>`,
    }).stdout;
    images[engine.name] = { repository, tag, digest };
  }
  return images;
}

export const imagesPath = (stage) => relative(root, imagesFile(stage));

// Container images: the tag each engine's image gets from its content, the platform the stage's
// instance type needs, and the build-push-resolve steps that end in `.deploy/<stage>/images.json`.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { root } from './cli.mjs';

const require = createRequire(import.meta.url);
export const { registry, repositoryName, imagesFile } = require('../../infra/registry.cjs');

/** The Docker build context every Dockerfile is built in (the shared serving code lives there). */
export const BUILD_CONTEXT = 'containers';
const IGNORED = new Set(['__pycache__', '.pytest_cache', 'tests']);

function filesUnder(folder) {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !IGNORED.has(entry.name) && !entry.name.endsWith('.pyc'))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)]))
    .sort();
}

/**
 * The tag of an engine's image: a hash of everything its build can see except the other engines'
 * folders and the tests, so an unchanged engine keeps its tag (and its image is not pushed again),
 * followed by the platform it is built for, so an arm64 image never takes an amd64 image's tag.
 */
export function contentTag(engine, platform, engines = registry.engines) {
  const others = engines.filter((other) => other.name !== engine.name).map((other) => join(root, other.container) + sep);
  const hash = createHash('sha256');
  for (const file of filesUnder(join(root, BUILD_CONTEXT))) {
    if (others.some((folder) => file.startsWith(folder))) continue;
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file));
    hash.update(statSync(file).mode & 0o111 ? 'x' : '-');
  }
  return `c-${hash.digest('hex').slice(0, 24)}-${platform.split('/')[1]}`;
}

/** Graviton instance families (ml.c7g, ml.m6g, …) run arm64 images; every other family x86-64. */
export const platformFor = (instanceType) => (/^ml\.[a-z]+\d+g[a-z]*\./.test(instanceType) ? 'linux/arm64' : 'linux/amd64');

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

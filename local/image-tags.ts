/**
 * What names an engine's image, for deploy and for this machine alike: the build context, the tag
 * from the image's content and platform, and the platform an instance type needs.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { REGISTRY, type RegistryEngine } from '../handlers/core/registry.js';
import { repoRoot } from './config.js';

/** The Docker build context every Dockerfile is built in (the shared serving code lives there). */
export const BUILD_CONTEXT = 'containers';
const IGNORED = new Set(['__pycache__', '.pytest_cache', 'tests']);

/** Only what the tag needs of an engine, so a bring-your-own entry or a test fixture fits too. */
type TaggedEngine = Pick<RegistryEngine, 'name' | 'container'>;

function filesUnder(folder: string): string[] {
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
export function contentTag(engine: TaggedEngine, platform: string, engines: readonly TaggedEngine[] = REGISTRY.engines): string {
  const others = engines.filter((other) => other.name !== engine.name).map((other) => join(repoRoot, other.container) + sep);
  const hash = createHash('sha256');
  for (const file of filesUnder(join(repoRoot, BUILD_CONTEXT))) {
    if (others.some((folder) => file.startsWith(folder))) continue;
    hash.update(relative(repoRoot, file).split(sep).join('/')).update('\0').update(readFileSync(file));
    hash.update(statSync(file).mode & 0o111 ? 'x' : '-');
  }
  return `c-${hash.digest('hex').slice(0, 24)}-${platform.split('/')[1]}`;
}

/** Graviton instance families (ml.c7g, ml.m6g, …) run arm64 images; every other family x86-64. */
export const platformFor = (instanceType: string): string => (/^ml\.[a-z]+\d+g[a-z]*\./.test(instanceType) ? 'linux/arm64' : 'linux/amd64');

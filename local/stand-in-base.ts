/**
 * The stand-in for the pinned `python:3.11-slim-bookworm` base on machines that cannot reach Docker
 * Hub (containers/README.md, "Images"): Debian bookworm's own Python 3.11 from Debian's mirrors
 * (debootstrap minbase), a virtual environment at /usr/local so `python` and `pip` sit where the
 * official image has them, the documentation and locales dropped as Debian's slim images drop them,
 * imported as an image once and reused while this recipe is unchanged. Its pip is Debian's 23.0.1,
 * which the Dockerfiles use only to install their pinned pip. It builds images for trying and
 * testing; it never ships.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ContainerEngine, ContainerEngineError } from './container-engine.js';

const SUITE = 'bookworm';
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
// python3-distutils must be named, or python3.11-venv is left unconfigured.
const PACKAGES = ['python3.11', 'python3.11-venv', 'python3-distutils', 'ca-certificates'];
const TRIMMED = ['usr/share/doc', 'usr/share/man', 'usr/share/info', 'usr/share/locale', 'var/cache/apt', 'var/lib/apt/lists'];
const CONFIG = ['ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin', 'ENV LANG=C.UTF-8', 'CMD ["python3"]'];

const recipe = JSON.stringify({ SUITE, PACKAGES, TRIMMED, CONFIG });
export const STAND_IN_BASE = `localhost/nlp-gateway/stand-in-base:${SUITE}-py3.11-${createHash('sha256').update(recipe).digest('hex').slice(0, 12)}`;
export const STAND_IN_LABEL = 'org.nlp-gateway.stand-in-base';

function sh(command: string, args: string[], what: string) {
  const result = spawnSync(command, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const detail = result.error ? result.error.message : (result.stderr || result.stdout).trim().split('\n').slice(-5).join('\n');
    throw new ContainerEngineError(`stand-in base: ${what} failed: ${detail}`);
  }
  return result;
}

/** The stand-in base image, built now if this engine does not have it yet. Needs root (debootstrap). */
export function ensureStandInBase(engine: ContainerEngine, log: (message: string) => void): string {
  if (engine.imageExists(STAND_IN_BASE)) return STAND_IN_BASE;
  if (process.getuid?.() !== 0)
    throw new ContainerEngineError(
      `building the stand-in base needs root (debootstrap); run \`npm run images\` as root once, or make the pinned base reachable`,
    );
  if (spawnSync('debootstrap', ['--version']).error)
    throw new ContainerEngineError('building the stand-in base needs debootstrap: apt-get install -y debootstrap');
  const work = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'nlp-gateway-base-'));
  const rootfs = join(work, 'rootfs');
  const started = Date.now();
  try {
    log(`building the stand-in base ${STAND_IN_BASE} from ${MIRROR} (debootstrap, about two minutes, once)`);
    sh('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, SUITE, rootfs, MIRROR], 'debootstrap');
    sh('chroot', [rootfs, '/usr/bin/python3.11', '-m', 'venv', '/usr/local'], 'the virtual environment at /usr/local');
    for (const path of TRIMMED) rmSync(join(rootfs, path), { recursive: true, force: true });
    const archive = join(work, 'rootfs.tar');
    sh('tar', ['-C', rootfs, '-cf', archive, '.'], 'tar');
    const changes = [...CONFIG, `LABEL ${STAND_IN_LABEL}=true`].flatMap((change) => ['--change', change]);
    engine.run(['import', ...changes, archive, STAND_IN_BASE]);
    log(`stand-in base ready in ${((Date.now() - started) / 1000).toFixed(0)}s`);
    return STAND_IN_BASE;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

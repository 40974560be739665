#!/usr/bin/env node
// Installs whatever a fresh clone is missing, so that `npm start` and `npm test` work by themselves.
// Runs on whatever Node is on the PATH (the machine's, before node_modules exists), so it uses
// nothing but Node's standard library. Each step is skipped when its inputs have not changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const python = process.env.PYTHON ?? 'python3';
const venv = join(root, '.venv');
const pythonRequirements = join(root, 'containers', 'requirements-local.txt');
// The infrastructure checks (cfn-lint, checkov) live in their own environment: checkov pins
// dependencies that may clash with the engines'.
const checksVenv = join(root, '.venv-checks');
const checksRequirements = join(root, 'infra', 'requirements-checks.txt');

const log = (message) => console.log(`[setup] ${message}`);

function fingerprint(files) {
  const hash = createHash('sha256');
  for (const file of files) hash.update(existsSync(file) ? readFileSync(file) : '');
  return hash.digest('hex');
}

function run(command, args, what, env = process.env) {
  log(`${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`[setup] ${what} failed (exit ${result.status ?? result.signal}); see the output above.`);
    process.exit(result.status || 1);
  }
}

/** Runs `install` unless the stamp file holds the current fingerprint of `inputs`. */
function ensure({ name, inputs, stamp, install }) {
  const current = fingerprint(inputs);
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === current) {
    log(`${name}: up to date`);
    return;
  }
  install();
  writeFileSync(stamp, current);
}

// The project runs on the Node its lock pins (the `node` package), and some packages require it
// (Middy 7 needs Node 22 or newer). So that `npm ci` on a machine whose Node is older neither warns
// EBADENGINE nor installs for the wrong Node, the pinned Node is installed first into .tools/ and
// npm runs under it.
const pinnedNode = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages['node_modules/node'].version;
const toolsNode = join(root, '.tools', `node-${pinnedNode}`);
const npmEnvironment = { ...process.env };
if (process.versions.node !== pinnedNode) {
  ensure({
    name: `Node ${pinnedNode} for npm`,
    inputs: [],
    stamp: join(toolsNode, '.setup-stamp'),
    install: () => {
      // npm runs the package's install script (it fetches the platform's binary) only where allowed.
      mkdirSync(toolsNode, { recursive: true });
      writeFileSync(join(toolsNode, 'package.json'), `${JSON.stringify({ private: true, allowScripts: { node: true } })}\n`);
      run(
        'npm',
        ['install', '--prefix', toolsNode, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node@${pinnedNode}`],
        `Node ${process.versions.node} is not the project's ${pinnedNode}: installing Node ${pinnedNode} from the npm registry to run npm with`,
      );
    },
  });
  npmEnvironment.PATH = `${join(toolsNode, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`;
}

ensure({
  name: 'Node packages',
  inputs: [join(root, 'package-lock.json')],
  stamp: join(root, 'node_modules', '.setup-stamp'),
  install: () => run('npm', ['ci', '--no-audit', '--no-fund'], 'Installing Node packages (npm ci)', npmEnvironment),
});

// The typed client is its own package: openapi-typescript needs TypeScript 5's compiler API.
ensure({
  name: 'TypeScript client packages',
  inputs: [join(root, 'clients', 'typescript', 'package-lock.json')],
  stamp: join(root, 'clients', 'typescript', 'node_modules', '.setup-stamp'),
  install: () =>
    run(
      'npm',
      ['ci', '--prefix', 'clients/typescript', '--no-audit', '--no-fund'],
      "Installing the typed client's packages (npm ci in clients/typescript)",
      npmEnvironment,
    ),
});

const pipRequirements = join(root, 'containers', 'requirements-pip.txt');
// Every lock is installed the same way: the pinned pip first (whatever pip the machine has installs
// only that one file), then the whole lock with --no-deps, so pip never asks the index which
// versions exist (a lock that installs today installs next year), then `pip check` to prove the
// lock is complete. containers/requirements-pip.txt says why.
const HERMETIC = ['--disable-pip-version-check', '--require-hashes', '--no-deps', '--only-binary=:all:'];

/** A Python virtual environment installed from a complete lock, reinstalled when it (or an include, or the pip pin) changes. */
function ensurePythonEnvironment({ name, directory, requirements, what }) {
  ensure({
    name,
    inputs: [pipRequirements, requirements, ...pythonRequirementIncludes(requirements)],
    stamp: join(directory, '.setup-stamp'),
    install: () => {
      if (!existsSync(join(directory, 'bin', 'python'))) {
        run(python, ['-m', 'venv', directory], `Creating the virtual environment ${directory}`);
      }
      const venvPython = join(directory, 'bin', 'python');
      run(
        venvPython,
        ['-m', 'pip', 'install', '--quiet', ...HERMETIC, '-r', pipRequirements],
        `Installing the pinned pip into ${directory}`,
      );
      run(venvPython, ['-m', 'pip', 'install', '--progress-bar', 'on', ...HERMETIC, '-r', requirements], what);
      run(venvPython, ['-m', 'pip', 'check'], `Checking that ${directory} has every dependency its packages need`);
    },
  });
}

ensurePythonEnvironment({
  name: 'Python environment',
  directory: venv,
  requirements: pythonRequirements,
  what: 'Installing every engine, the spaCy model and the Python test tools into .venv (a few minutes the first time)',
});

// The local stack's S3 (bulk jobs) is moto's server, in its own environment: moto pins what it needs.
ensurePythonEnvironment({
  name: 'Local S3 (moto)',
  directory: join(root, '.venv-moto'),
  requirements: join(root, 'local', 'moto', 'requirements.txt'),
  what: "Installing moto's S3 server into .venv-moto (under a minute the first time)",
});

// `npm start` passes --skip-checks: running the local stack needs no linters.
if (!process.argv.includes('--skip-checks')) {
  ensurePythonEnvironment({
    name: 'Infrastructure check tools',
    directory: checksVenv,
    requirements: checksRequirements,
    what: 'Installing cfn-lint and checkov into .venv-checks (about a minute the first time)',
  });
}

// Tools `npm test` needs from the machine's packages: Debian's Chromium for the playground's browser
// test (playwright-core brings no browser), and a container engine for the image tests (Podman with
// runc, and debootstrap for the stand-in base where Docker Hub is out of reach). Without root, say
// how to install them and let the tests that need them fail with that reason.
if (!process.argv.includes('--skip-checks')) {
  ensureAptPackages({
    what: "Chromium for the playground's browser test",
    needs: [[process.env.CHROMIUM_PATH || '/usr/bin/chromium', 'chromium']],
  });
  ensureAptPackages({
    what: 'a container engine for the image tests (Podman)',
    needs: [
      ['podman', 'podman'],
      ['runc', 'runc'],
      ['debootstrap', 'debootstrap'],
      ['newuidmap', 'uidmap'],
      ['slirp4netns', 'slirp4netns'],
      // Image mode's network: Debian's podman brings the CNI backend, which gives the host no address on
      // an internal network; netavark does (local/podman/containers.conf selects it).
      ['/usr/lib/podman/netavark', 'netavark'],
      ['/usr/lib/podman/aardvark-dns', 'aardvark-dns'],
      // netavark sets up each network's bridge and rules with iptables; a machine without it fails
      // every container start with "netavark: No such file or directory (os error 2)".
      ['iptables', 'iptables'],
    ],
    present: dockerAnswers,
  });
}

// The e2e tests fuzz the local stack from its OpenAPI document with schemathesis, in its own environment.
if (!process.argv.includes('--skip-checks')) {
  ensurePythonEnvironment({
    name: 'API fuzzer',
    directory: join(root, '.venv-fuzz'),
    requirements: join(root, 'test', 'e2e', 'fuzz', 'requirements.txt'),
    what: 'Installing schemathesis into .venv-fuzz (under a minute the first time)',
  });
}

/** A command on the PATH, or an absolute path, that exists. */
function installed(command) {
  if (command.startsWith('/')) return existsSync(command);
  return (process.env.PATH ?? '').split(':').some((folder) => folder && existsSync(join(folder, command)));
}

/** A Docker daemon that answers makes Podman unnecessary. */
function dockerAnswers() {
  return installed('docker') && spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 }).status === 0;
}

/** Installs with apt-get, as root, the packages whose command is missing; without root, prints the command. */
function ensureAptPackages({ what, needs, present = () => false }) {
  const missing = needs.filter(
    ([command]) => !installed(command) && !['/usr/sbin', '/sbin'].some((folder) => existsSync(join(folder, command))),
  );
  if (missing.length === 0 || present()) {
    log(`${what}: installed`);
    return;
  }
  const packages = missing.map(([, name]) => name);
  if (process.getuid?.() !== 0) {
    console.warn(
      `[setup] ${what}: ${packages.join(', ')} missing; the tests that need it will fail until it is installed:\n` +
        `[setup]   sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`,
    );
    return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`Installing ${what} (apt-get install ${packages.join(' ')}; about a minute the first time)`);
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    log(`apt-get ${args.join(' ')}`);
    const { status } = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (status !== 0) {
      console.warn(`[setup] apt-get ${args[0]} failed (exit ${status}); the tests that need ${what} will fail until it is installed.`);
      return;
    }
  }
}

/** Files pulled in by `-r other.txt` lines, so that a change to any of them triggers a reinstall. */
function pythonRequirementIncludes(file, seen = new Set()) {
  if (!existsSync(file) || seen.has(file)) return [];
  seen.add(file);
  const includes = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim().match(/^(?:-r|--requirement|-c|--constraint)\s+(\S+)/))
    .filter(Boolean)
    .map((match) => join(dirname(file), match[1]));
  return includes.flatMap((include) => [include, ...pythonRequirementIncludes(include, seen)]);
}

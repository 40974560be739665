#!/usr/bin/env node
// The quick start on a machine with nothing installed: a clean Debian bookworm root (debootstrap)
// with Python 3.11 and the pip Debian ships with it, and this machine's Node 20 with its npm; the
// repository's committed HEAD cloned into it; then `npm start` there, which must install everything
// itself and answer one request in process mode. CI machines were set up before, so a missing
// install step only shows here. Needs root (debootstrap, chroot); about five minutes.
//
//   npm run test:fresh              # keeps nothing: the root is built and deleted each run
//   FRESH_KEEP=1 npm run test:fresh # leaves the root in .cache/fresh-machine to look around
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const machine = join(root, '.cache', 'fresh-machine');
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
// What the project's machines have before anything of the project is installed: Python 3.11 with
// Debian's pip, git, and the CA bundle (copied from this host, whose outbound HTTPS may be re-signed).
const PACKAGES = ['python3', 'python3-venv', 'python3-pip', 'python3-distutils', 'ca-certificates', 'git', 'procps'];
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const API_PORT = 3900;
const API_KEY = 'local-dev-key';

const log = (message) => console.log(`[fresh] ${message}`);
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

function sh(command, args, what) {
  log(`${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal})`);
}

function mounts() {
  return ['proc', 'sys', 'dev'].map((name) => join(machine, name));
}

function unmountAll() {
  for (const target of mounts().reverse()) spawnSync('umount', ['-R', '-l', target], { stdio: 'ignore' });
}

/** Deletes the machine, but never while anything is still mounted inside it (the host's /dev is bound there). */
function removeMachine() {
  const inside = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[1]?.startsWith(`${machine}/`));
  if (inside.length > 0) throw new Error(`still mounted, not deleting ${machine}:\n${inside.join('\n')}`);
  rmSync(machine, { recursive: true, force: true });
}

/** The machine's own Node (npm scripts put the project's Node 24 first on the PATH). */
function machineNode() {
  const folders = (process.env.PATH ?? '')
    .split(':')
    .filter((folder) => folder && !folder.startsWith(root) && !folder.includes('node_modules'));
  const found = folders.map((folder) => join(folder, 'node')).find((file) => existsSync(file));
  if (!found) throw new Error('no Node.js on the PATH outside the project');
  return realpathSync(found);
}

/** The clean machine: Debian bookworm, its Python and pip, this host's Node 20 and npm. */
function buildMachine() {
  unmountAll();
  removeMachine();
  mkdirSync(dirname(machine), { recursive: true });
  sh('debootstrap', ['--variant=minbase', `--include=${PACKAGES.join(',')}`, 'bookworm', machine, MIRROR], 'debootstrap');
  const node = machineNode();
  const npm = join(dirname(node), '..', 'lib', 'node_modules', 'npm');
  copyFileSync(node, join(machine, 'usr', 'bin', 'node'));
  cpSync(npm, join(machine, 'usr', 'lib', 'node_modules', 'npm'), { recursive: true });
  symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', join(machine, 'usr', 'bin', 'npm'));
  symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', join(machine, 'usr', 'bin', 'npx'));
  if (existsSync(CA_BUNDLE)) copyFileSync(CA_BUNDLE, join(machine, CA_BUNDLE));
  for (const file of ['/etc/resolv.conf', '/etc/hosts']) writeFileSync(join(machine, file), readFileSync(file));
  for (const [name, type] of [
    ['proc', 'proc'],
    ['sys', 'sysfs'],
  ])
    sh('mount', ['-t', type, name, join(machine, name)], `mount ${name}`);
  sh('mount', ['--rbind', '/dev', join(machine, 'dev')], 'mount dev');
  sh('git', ['clone', '--quiet', root, join(machine, 'work', 'project')], "clone this repository's HEAD");
}

/** `npm start` inside the machine, as a new user would run it, with nothing else set but the CA bundle. */
function startStack() {
  const env = {
    HOME: '/root',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    NODE_EXTRA_CA_CERTS: CA_BUNDLE,
    PIP_CERT: CA_BUNDLE,
    LOCAL_API_PORT: String(API_PORT),
    LOCAL_LAMBDA_PORT: String(API_PORT + 1),
    LOCAL_SAGEMAKER_PORT: String(API_PORT + 2),
  };
  const versions = spawnSync('chroot', [machine, 'sh', '-c', 'node --version; python3 --version; python3 -m pip --version'], {
    env,
    encoding: 'utf8',
  });
  log(`the machine has: ${versions.stdout.trim().split('\n').join(', ')}`);
  log('npm start (installs everything, then runs the local stack)');
  return spawn('chroot', [machine, 'sh', '-c', 'cd /work/project && exec npm start'], { env, stdio: 'inherit', detached: true });
}

/**
 * @param {string} path
 * @param {unknown} [body]
 * @returns {Promise<{ status: number, json: any }>}
 */
async function answer(path, body) {
  const response = await fetch(`http://127.0.0.1:${API_PORT}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    body: body && JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function waitUntilReady(stack, deadline) {
  while (Date.now() < deadline) {
    if (stack.exitCode !== null) throw new Error(`npm start exited (${stack.exitCode}) before the stack was ready`);
    const ready = await answer('/nlp/engines').catch(() => undefined);
    if (ready?.status === 200) return ready.json;
    await new Promise((resolve) => setTimeout(resolve, 2000, undefined));
  }
  throw new Error('the stack was not ready within 20 minutes');
}

function stop(stack) {
  if (stack.exitCode === null) process.kill(-stack.pid, 'SIGINT');
  return new Promise((/** @type {(value?: unknown) => void} */ resolve) => {
    const timer = setTimeout(() => {
      if (stack.exitCode === null) process.kill(-stack.pid, 'SIGKILL');
      resolve();
    }, 30_000);
    stack.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

if (process.getuid?.() !== 0) {
  console.error('[fresh] needs root (debootstrap and chroot)');
  process.exit(2);
}
let failure;
let stack;
try {
  buildMachine();
  log(`machine ready after ${elapsed()}`);
  stack = startStack();
  const engines = await waitUntilReady(stack, Date.now() + 20 * 60_000);
  log(`ready after ${elapsed()}: ${engines.engines.map((engine) => engine.name).join(', ')}`);
  const { status, json } = await answer('/nlp/auto', { text: 'Apple opened an office in Paris. What a great day!' });
  const tasks = Object.keys(json.engines ?? {});
  log(`POST /nlp/auto: ${status}, tasks ${tasks.join(', ')}`);
  if (status !== 200 || tasks.length === 0) throw new Error(`unexpected answer: ${JSON.stringify(json).slice(0, 500)}`);
} catch (error) {
  failure = error;
} finally {
  if (stack) await stop(stack);
  unmountAll();
  if (!process.env.FRESH_KEEP) removeMachine();
}
if (failure) {
  console.error(`[fresh] FAILED after ${elapsed()}: ${failure.message}`);
  process.exit(1);
}
log(`passed in ${elapsed()}`);

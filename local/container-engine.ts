/**
 * The one container-engine layer: everything that builds or runs images (`npm run images`, deploy,
 * the local endpoint's image mode, the tests and the benchmark) goes through it. Docker or Podman:
 * CONTAINER_ENGINE chooses; otherwise a Docker daemon that answers, else Podman. Podman gets the
 * project's own settings (local/podman/containers.conf) through CONTAINERS_CONF.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PODMAN_CONF = join(dirname(fileURLToPath(import.meta.url)), 'podman', 'containers.conf');
export const PODMAN_PACKAGES = ['podman', 'runc', 'debootstrap', 'uidmap', 'slirp4netns', 'netavark', 'aardvark-dns'];
export const INSTALL_HINT = `apt-get install -y ${PODMAN_PACKAGES.join(' ')} (as root; \`npm run setup\` does it), or start a Docker daemon`;
const NETAVARK_HINT =
  'podman uses its CNI network backend, on which the host cannot reach a container on an internal network. ' +
  'Install netavark (as root: apt-get install -y netavark aardvark-dns; `npm run setup` does it); ' +
  `the project's containers.conf (${PODMAN_CONF}) then selects it`;
type EngineName = 'docker' | 'podman';
const ENGINES: readonly EngineName[] = ['docker', 'podman'];
const probeTimeoutMs = 20_000;

export class ContainerEngineError extends Error {
  override name = 'ContainerEngineError';
}

export interface EngineResult {
  ok: boolean;
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  inherit?: boolean;
  allowFailure?: boolean;
  timeout?: number;
  cwd?: string;
}

export interface BuildOptions {
  dockerfile: string;
  context: string;
  tag: string;
  platform?: string;
  from?: string;
  buildArgs?: Record<string, string>;
  volumes?: string[];
  labels?: Record<string, string>;
  /** Every step run again (a cold build), not taken from the layer cache. */
  noCache?: boolean;
}

export interface LabelledContainer {
  name: string;
  labels: Record<string, string>;
}

export type ContainerEngine = ReturnType<typeof containerEngine>;

/** The environment an engine's commands run with: Podman's settings unless the caller names their own. */
function engineEnvironment(name: EngineName, env: NodeJS.ProcessEnv): Record<string, string> {
  return name === 'podman' && !env.CONTAINERS_CONF ? { CONTAINERS_CONF: PODMAN_CONF } : {};
}

/** Why `name` cannot build or run images here, or undefined when its daemon (or Podman itself) answers. */
function unavailableReason(name: EngineName, env: NodeJS.ProcessEnv): string | undefined {
  const format = name === 'podman' ? '{{.Host.OCIRuntime.Name}}' : '{{.ServerVersion}}';
  const result = spawnSync(name, ['info', '--format', format], {
    encoding: 'utf8',
    timeout: probeTimeoutMs,
    env: { ...env, ...engineEnvironment(name, env) },
  });
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return `${name} is not installed`;
  if (result.error) return `\`${name} info\` did not answer (${code})`;
  if (result.status !== 0) return `\`${name} info\` failed: ${(result.stderr || result.stdout).trim().split('\n').pop()}`;
  return undefined;
}

/**
 * The engine to use: `{ name, command, env }`, where `env` holds the variables its commands need on
 * top of the caller's. Throws a ContainerEngineError that says what was tried and how to get one.
 */
export function detectContainerEngine(env: NodeJS.ProcessEnv = process.env): ContainerEngine {
  const wanted = env.CONTAINER_ENGINE as EngineName | undefined;
  if (wanted && !ENGINES.includes(wanted)) throw new ContainerEngineError(`CONTAINER_ENGINE must be docker or podman, got "${wanted}"`);
  const reasons: string[] = [];
  for (const name of wanted ? [wanted] : ENGINES) {
    const reason = unavailableReason(name, env);
    if (!reason) return containerEngine(name, env);
    reasons.push(reason);
  }
  throw new ContainerEngineError(`No container engine can build or run images here (${reasons.join('; ')}). Install one: ${INSTALL_HINT}.`);
}

/** The engine's commands; `env` is the caller's environment they run in. */
export function containerEngine(name: EngineName, env: NodeJS.ProcessEnv = process.env) {
  const extra = engineEnvironment(name, env);
  const runEnv = { ...env, ...extra };
  const isPodman = name === 'podman';

  /** Runs the engine; captures its output unless `inherit`. Throws on failure unless `allowFailure`. */
  function run(args: string[], { inherit = false, allowFailure = false, timeout, cwd }: RunOptions = {}): EngineResult {
    const result = spawnSync(name, args, {
      encoding: 'utf8',
      env: runEnv,
      timeout,
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', inherit ? 'inherit' : 'pipe', inherit ? 'inherit' : 'pipe'],
    });
    const outcome: EngineResult = {
      ok: result.status === 0,
      status: result.status,
      stdout: (result.stdout ?? '').trim(),
      stderr: (result.stderr ?? '').trim(),
    };
    if (!outcome.ok && !allowFailure) {
      const detail = result.error ? result.error.message : outcome.stderr.split('\n').slice(-5).join('\n');
      throw new ContainerEngineError(`\`${name} ${args.join(' ')}\` failed (${result.status ?? result.signal}): ${detail}`);
    }
    return outcome;
  }

  return {
    name,
    command: name,
    /** Variables to add to the caller's environment for this engine's commands. */
    env: extra,
    run,
    imageExists: (image: string): boolean => run(['image', 'inspect', '--format', '{{.Id}}', image], { allowFailure: true }).ok,
    /** Bytes an image takes, as the engine reports it. */
    imageSize: (image: string): number => Number(run(['image', 'inspect', '--format', '{{.Size}}', image]).stdout),
    /** Pulls an image; returns why it could not be fetched, or undefined once it is here. */
    pull(image: string, timeout = 300_000): string | undefined {
      const result = run(['pull', image], { allowFailure: true, timeout });
      return result.ok ? undefined : (result.stderr.split('\n').filter(Boolean).pop() ?? `exit ${result.status}`);
    },
    /**
     * The arguments of one image build. `volumes` (host:container:ro) are mounted for the RUN steps
     * only (Podman; Docker's builder has no volumes). `from` overrides the Dockerfile's FROM (Podman).
     */
    buildArgs({
      dockerfile,
      context,
      tag,
      platform,
      from,
      buildArgs = {},
      volumes = [],
      labels = {},
      noCache = false,
    }: BuildOptions): string[] {
      if (!isPodman && (from || volumes.length > 0))
        throw new ContainerEngineError('docker builds take no --from and no build volumes; use podman');
      // Podman's RUN steps use the host's network: on netavark's default network the build cannot
      // resolve names where the host's resolver is not reachable from a container (this machine's is not).
      const args = isPodman ? ['build', '--network', 'host'] : ['buildx', 'build', '--provenance=false', '--load'];
      if (noCache) args.push('--no-cache');
      if (platform) args.push('--platform', platform);
      if (from) args.push('--from', from);
      for (const [key, value] of Object.entries(buildArgs)) args.push('--build-arg', `${key}=${value}`);
      for (const [key, value] of Object.entries(labels)) args.push('--label', `${key}=${value}`);
      for (const volume of volumes) args.push('-v', volume);
      args.push('-f', dockerfile, '-t', tag, context);
      return args;
    },
    canMountBuildVolumes: isPodman,
    canOverrideFrom: isPodman,
    /** An internal network: containers on it have no route out, and the host reaches them by address. */
    ensureInternalNetwork(network: string): void {
      if (isPodman && run(['info', '--format', '{{.Host.NetworkBackend}}']).stdout !== 'netavark')
        throw new ContainerEngineError(NETAVARK_HINT);
      if (run(['network', 'inspect', network], { allowFailure: true }).ok) return;
      const created = run(['network', 'create', '--internal', network], { allowFailure: true });
      // Two endpoints starting together may both create it: the loser finds it there.
      if (!created.ok && !run(['network', 'inspect', network], { allowFailure: true }).ok) throw new ContainerEngineError(created.stderr);
    },
    /** The container's address on its (only) network. */
    containerAddress(container: string): string | undefined {
      return (
        run(['container', 'inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', container], {
          allowFailure: true,
        }).stdout || undefined
      );
    },
    /** Names and labels of the containers (running or not) that carry the label `key`. */
    containersLabelled(key: string): LabelledContainer[] {
      const listed = run(['ps', '-a', '--filter', `label=${key}`, '--format', '{{json .}}'], { allowFailure: true }).stdout;
      return parseContainerList(listed).map((entry) => ({ name: [entry.Names].flat()[0] ?? '', labels: entry.Labels ?? {} }));
    },
    removeContainer: (container: string): EngineResult => run(['rm', '--force', '--time', '0', container], { allowFailure: true }),
  };
}

/** `ps --format '{{json .}}'`: Podman prints one JSON array, Docker one object a line. */
interface ListedContainer {
  Names: string | string[];
  Labels?: Record<string, string>;
}

function parseContainerList(text: string): ListedContainer[] {
  if (!text) return [];
  if (text.startsWith('[')) return JSON.parse(text) as ListedContainer[];
  return text.split('\n').map((line) => {
    const entry = JSON.parse(line) as { Names: string; Labels?: string };
    const labels = Object.fromEntries(
      String(entry.Labels ?? '')
        .split(',')
        .filter(Boolean)
        .map((pair) => pair.split('=') as [string, string]),
    );
    return { ...entry, Labels: labels };
  });
}

/** The platform images run on here: linux/amd64 or linux/arm64. */
export const hostPlatform = (): string => `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`;

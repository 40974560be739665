/**
 * A handler as serverless.yml deploys it: bundled with the template's esbuild settings and the
 * plugins it names, imported with the environment the template gives the function in a deployed
 * stage. Both come from `serverless print`, which resolves the template's variables (`${self:…}`,
 * `${param:…}`, `${sls:stage}`) offline and needs no AWS credentials, so what is measured follows
 * the template as it is.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { repoRoot } from '../../local/config.js';
import { out } from './report.js';

/** The deployed stage the figures stand for. */
export const STAGE = 'bench';

type Environment = Record<string, string>;

interface Service {
  service: string;
  provider: { region: string; environment?: Environment };
  custom: { esbuild: BuildOptions & { plugins?: string } };
  functions: Record<string, { environment?: Environment }>;
}

let service: Service | undefined;

/** serverless.yml as the framework resolves it for the stage. */
function resolvedService(): Service {
  if (service) return service;
  const print = spawnSync(join(repoRoot, 'node_modules', '.bin', 'serverless'), ['print', '--stage', STAGE, '--format', 'json'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (print.status !== 0) throw new Error(`serverless print --stage ${STAGE} failed:\n${print.stderr}${print.stdout}`);
  service = JSON.parse(print.stdout) as Service;
  return service;
}

/** The esbuild options serverless-esbuild builds with (its own keys, such as `exclude`, left out), with the plugins the template names. */
function buildOptions(): BuildOptions {
  const { bundle, minify, sourcemap, sourcesContent, target, platform, format, mainFields, banner, plugins } =
    resolvedService().custom.esbuild;
  const require = createRequire(import.meta.url);
  return {
    bundle,
    minify,
    sourcemap,
    sourcesContent,
    target,
    platform,
    format,
    mainFields,
    banner,
    plugins: plugins ? require(join(repoRoot, plugins)) : [],
  };
}

/** Bundles `entry` (a path from the repository root) as the template bundles a function, into bench/.out/<name>.mjs. */
export async function bundleAsDeployed(entry: string, name: string): Promise<string> {
  mkdirSync(out, { recursive: true });
  const outfile = join(out, `${name}.mjs`);
  await build({ ...buildOptions(), entryPoints: [join(repoRoot, entry)], outfile, logLevel: 'error' });
  return outfile;
}

/** The environment a function gets in the stage: the provider's, then the function's own, then what Lambda itself sets. */
export function functionEnvironment(name: string): Environment {
  const { service: serviceName, provider, functions } = resolvedService();
  return {
    AWS_REGION: provider.region,
    AWS_LAMBDA_FUNCTION_NAME: `${serviceName}-${STAGE}-${name}`,
    ...provider.environment,
    ...functions[name]?.environment,
  };
}

/** This process's environment without the NODE_OPTIONS of the machine, which must not leak into a measurement. */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _, ...rest } = process.env;
  return rest;
}

/**
 * Milliseconds to import a bundle in a fresh Node process with the given environment: wall time,
 * and the CPU time the process spent meanwhile (less sensitive to other work on a shared machine).
 */
export function initTime(file: string, environment: NodeJS.ProcessEnv): [wall: number, cpu: number] {
  const script = `const t = performance.now(); const c = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)}); const { user, system } = process.cpuUsage(c); console.log(JSON.stringify([performance.now() - t, (user + system) / 1000]));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim());
}

/**
 * Calls `exported(...args)` of a bundle in a fresh Node process and returns what it resolves to
 * (written on stderr after the call, so that whatever the call prints does not mix with it).
 */
export function callInFreshProcess<T>(file: string, exported: string, args: unknown[], environment: NodeJS.ProcessEnv): T {
  const script = `const write = process.stderr.write.bind(process.stderr); const bundle = await import(${JSON.stringify(pathToFileURL(file).href)}); const result = await bundle[${JSON.stringify(exported)}](...${JSON.stringify(args)}); write('\\n' + JSON.stringify(result) + '\\n');`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stderr.trim().split('\n').at(-1) ?? 'null') as T;
}

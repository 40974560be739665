// What deploy and remove share: their command line, the stage's parameters from serverless.yml, and
// a runner that either runs a command or, in a dry run, only prints it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { load as loadYaml } from 'js-yaml';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export class UsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'UsageError';
  }
}

/** @type {import('node:util').ParseArgsOptionsConfig} */
const OPTIONS = {
  stage: { type: 'string' },
  region: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  confirm: { type: 'string' },
  param: { type: 'string', multiple: true, default: [] },
  help: { type: 'boolean', default: false },
};

/**
 * @typedef {{ stage: string, region: string | undefined, dryRun: boolean, confirm: string | undefined, overrides: Record<string, string> }} StageCommand
 */

/**
 * `--stage` is required and is never the local stage, which has nothing to deploy.
 * @param {string[]} argv
 * @param {string} usage
 * @returns {{ help: string } | StageCommand}
 */
export function parseCommandLine(argv, usage) {
  /** @type {Record<string, any>} */
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true }));
  } catch (error) {
    throw new UsageError(`${error.message}\n${usage}`);
  }
  if (values.help) return { help: usage };
  if (!values.stage) throw new UsageError(`--stage is required.\n${usage}`);
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(values.stage)) {
    throw new UsageError(
      `--stage must be lowercase letters, digits and dashes, starting with a letter (it names AWS resources): "${values.stage}"`,
    );
  }
  if (values.stage === 'local')
    throw new UsageError('The local stage runs on this machine (`npm start`); it has nothing to deploy or remove.');
  const overrides = Object.fromEntries(
    values.param.map((/** @type {string} */ pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new UsageError(`--param takes key=value: "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
  return { stage: values.stage, region: values.region, dryRun: values['dry-run'], confirm: values.confirm, overrides };
}

/** serverless.yml as data: the service name, the default region and the stage's merged params. */
export function loadService(stage, overrides = {}) {
  const config = /** @type {any} */ (loadYaml(readFileSync(join(root, 'serverless.yml'), 'utf8')));
  const defaultRegion = String(config.provider.region).match(/'([a-z0-9-]+)'\}$/)?.[1] ?? 'us-east-1';
  const params = { ...config.params.default, ...config.params[stage], ...overrides };
  return { service: config.service, defaultRegion, params };
}

const shellQuote = (word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
export const commandLine = (command, args) => [command, ...args].map(shellQuote).join(' ');

/**
 * Runs commands, or in a dry run prints them and touches nothing. `query` captures what a command
 * prints (a dry run answers with a placeholder naming the command); `step` lets its output through.
 */
export function createRunner({ dryRun, out = console.log }) {
  const say = (message) => out(message);
  /**
   * @param {string} command
   * @param {string[]} args
   * @param {{ capture?: boolean, input?: string, allowFailure?: boolean }} [options]
   */
  function exec(command, args, { capture, input, allowFailure } = {}) {
    const result = spawnSync(command, args, {
      cwd: root,
      encoding: 'utf8',
      input,
      stdio: [input === undefined ? 'inherit' : 'pipe', capture ? 'pipe' : 'inherit', capture ? 'pipe' : 'inherit'],
    });
    if (result.error)
      throw new Error(
        `${command} could not be started (${/** @type {NodeJS.ErrnoException} */ (result.error).code}): is it installed and on the PATH?`,
      );
    if (result.status !== 0 && !allowFailure) {
      const detail = capture ? `\n${result.stderr.trim()}` : '';
      throw new Error(`\`${commandLine(command, args)}\` failed with exit ${result.status}${detail}`);
    }
    return { ok: result.status === 0, stdout: (result.stdout ?? '').trim(), stderr: (result.stderr ?? '').trim() };
  }
  return {
    dryRun,
    say,
    heading: (message) => say(`\n== ${message}`),
    /**
     * @param {string} command
     * @param {string[]} args
     * @param {{ shown?: string, capture?: boolean, input?: string, allowFailure?: boolean }} [options]
     */
    step(command, args, options = {}) {
      say(`$ ${options.shown ?? commandLine(command, args)}`);
      if (dryRun) return { ok: true, stdout: '', stderr: '' };
      return exec(command, args, options);
    },
    /**
     * @param {string} command
     * @param {string[]} args
     * @param {{ placeholder?: string, allowFailure?: boolean }} [options]
     */
    query(command, args, { placeholder, allowFailure } = {}) {
      say(`$ ${commandLine(command, args)}`);
      if (dryRun) return { ok: true, stdout: placeholder ?? `<output of ${command} ${args[0] ?? ''}>`, stderr: '' };
      return exec(command, args, { capture: true, allowFailure });
    },
  };
}

/** Runs `main`, turning a usage error into its message and exit 2, anything else into exit 1. */
export async function runMain(name, main) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(`[${name}] ${error.message}`);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
}

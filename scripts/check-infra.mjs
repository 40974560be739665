#!/usr/bin/env node
// `npm run test:infra` — the offline checks of what a deploy would put up, with no AWS credentials:
//  1. `serverless package` for every deployed stage (dev, prod) into test-artifacts/infra/<stage>;
//  2. cfn-lint on each generated template and on infra/ecr-repository.yml: zero errors, zero warnings;
//  3. checkov on the templates and on every engine's Dockerfile: zero failed checks (each skip
//     carries its reason where it is made; they are listed below the counts);
//  4. the jest `infra` project: assertions on the generated templates and the deploy/remove dry runs.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REGISTRY as registry } from '../handlers/core/registry.ts';
import { root } from './ops/cli.mjs';

// Deployed stages are linted and scanned; the local stage is packaged too, for the test that it has
// no AWS resources of its own.
const STAGES = ['dev', 'prod'];
const PACKAGED = [...STAGES, 'local'];
const artifacts = join(root, 'test-artifacts', 'infra');
const checksBin = join(root, '.venv-checks', 'bin');
const templateOf = (stage) => join('test-artifacts', 'infra', stage, 'cloudformation-template-update-stack.json');
const templates = [...STAGES.map(templateOf), 'infra/ecr-repository.yml'];
const dockerfiles = registry.engines.map((engine) => `${engine.container}/Dockerfile`);

const failures = [];
const log = (message) => console.log(`[infra] ${message}`);

function run(command, args, { capture = false } = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`${command} could not be started: ${result.error.message} (run \`npm run setup\`)`);
  return result;
}

function packageStages() {
  for (const stage of PACKAGED) {
    rmSync(join(artifacts, stage), { recursive: true, force: true });
    log(`serverless package --stage ${stage}`);
    const { status, stdout, stderr } = run('npx', ['serverless', 'package', '--stage', stage, '--package', join(artifacts, stage)], {
      capture: true,
    });
    if (status !== 0 || !existsSync(join(root, templateOf(stage)))) {
      console.error(stdout, stderr);
      failures.push(`serverless package --stage ${stage}`);
    }
  }
}

function cfnLint() {
  const { status, stdout } = run(join(checksBin, 'cfn-lint'), ['--format', 'parseable', '--', ...templates], { capture: true });
  const findings = stdout.split('\n').filter(Boolean);
  const count = (level) => findings.filter((line) => line.split(':')[3]?.startsWith(level)).length;
  log(`cfn-lint: ${templates.length} templates, ${count('E')} errors, ${count('W')} warnings`);
  for (const line of findings) console.log(`  ${line}`);
  if (status !== 0 || findings.length) failures.push('cfn-lint');
}

function checkov(framework, files) {
  const args = ['--framework', framework, '--output', 'json', '--skip-download', ...files.flatMap((file) => ['-f', file])];
  const { stdout } = run(join(checksBin, 'checkov'), args, { capture: true });
  const reports = [JSON.parse(stdout)].flat();
  const all = (kind) => reports.flatMap((report) => report.results?.[kind] ?? []);
  const [passed, failed, skipped] = ['passed_checks', 'failed_checks', 'skipped_checks'].map(all);
  const resources = reports.reduce((sum, report) => sum + (report.summary?.resource_count ?? 0), 0);
  log(
    `checkov ${framework}: ${files.length} files, ${resources} resources, ${passed.length} passed, ${failed.length} failed, ${skipped.length} skipped`,
  );
  for (const check of failed) console.log(`  FAILED ${check.check_id} ${check.resource} (${check.file_path}): ${check.check_name}`);
  const skips = new Set(
    skipped.map(
      (check) => `  skipped ${check.check_id} on ${check.resource}: ${check.check_result?.suppress_comment ?? '(no reason given)'}`,
    ),
  );
  for (const line of skips) console.log(line);
  const parsingErrors = reports.flatMap((report) => report.results?.parsing_errors ?? []);
  for (const file of parsingErrors) console.log(`  could not parse ${file}`);
  if (failed.length || parsingErrors.length || skipped.some((check) => !check.check_result?.suppress_comment))
    failures.push(`checkov ${framework}`);
}

function jest() {
  log('jest --selectProjects infra');
  const { status } = run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '--selectProjects', 'infra']);
  if (status !== 0) failures.push('jest infra');
}

packageStages();
if (!failures.length) {
  cfnLint();
  checkov('cloudformation', templates);
  checkov('dockerfile', dockerfiles);
  jest();
}
log(failures.length ? `FAILED: ${failures.join(', ')}` : 'all infrastructure checks passed');
process.exit(failures.length ? 1 : 0);

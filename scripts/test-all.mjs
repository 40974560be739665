#!/usr/bin/env node
// Every test suite of the project, in order of cost; all of them run even when one fails, and the
// exit code is non-zero if any did. Suites that need servers start and stop them themselves.
import { spawnSync } from 'node:child_process';

const suites = [
  ['type check', 'npm', ['run', '--silent', 'typecheck']],
  ['unit tests (jest)', 'npm', ['run', '--silent', 'test:unit']],
  ['container tests (pytest)', 'npm', ['run', '--silent', 'test:python']],
  ['infrastructure checks (serverless package, cfn-lint, checkov, jest infra)', 'npm', ['run', '--silent', 'test:infra']],
  ['integration tests (jest, local endpoint + real containers)', 'npm', ['run', '--silent', 'test:integration']],
  ['end-to-end tests (jest: local stack + Postman collection via newman + playground in headless Chromium)', 'npm', ['run', '--silent', 'test:e2e']],
];

const failed = [];
for (const [name, command, args] of suites) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status, signal } = spawnSync(command, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${name}: ${status === 0 ? 'passed' : `FAILED (${status ?? signal})`} in ${seconds}s ===`);
  if (status !== 0) failed.push(name);
}
console.log(failed.length ? `\nFailed suites: ${failed.join(', ')}` : '\nAll suites passed.');
process.exit(failed.length ? 1 : 0);

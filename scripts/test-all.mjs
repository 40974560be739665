#!/usr/bin/env node
// Every test suite of the project, in order of cost; all of them run even when one fails, and the
// exit code is non-zero if any did. Suites that need servers start and stop them themselves.
// The last line sums the tests each runner reported, as `tests: N passed, N failed`.
import { spawn } from 'node:child_process';

const suites = [
  ['type check', 'npm', ['run', '--silent', 'typecheck']],
  ['lint and format check (Biome, ruff)', 'npm', ['run', '--silent', 'lint']],
  ['unit tests (jest)', 'npm', ['run', '--silent', 'test:unit']],
  ['container tests (pytest)', 'npm', ['run', '--silent', 'test:python']],
  [
    'hermetic installs (pytest: every Python lock from its own files, bootstrapped by the oldest supported pip)',
    'npm',
    ['run', '--silent', 'test:locks'],
  ],
  ['infrastructure checks (serverless package, cfn-lint, checkov, jest infra)', 'npm', ['run', '--silent', 'test:infra']],
  ['integration tests (jest, local endpoint + real containers)', 'npm', ['run', '--silent', 'test:integration']],
  [
    'image tests (jest: build every image, run it as SageMaker does, the local endpoint and stack in image mode)',
    'npm',
    ['run', '--silent', 'test:images'],
  ],
  [
    'end-to-end tests (jest: local stack + Postman collection via newman + playground in headless Chromium)',
    'npm',
    ['run', '--silent', 'test:e2e'],
  ],
];

/** Test counts from a runner's own summary lines: jest's `Tests: 3 failed, 40 passed, 43 total`, pytest's `2 failed, 130 passed in 14s`. */
function counts(output) {
  const summaries = output.split('\n').filter((line) => /^Tests:\s/.test(line) || /^=*\s*\d+ (passed|failed)\b.* in [\d.]+s/.test(line));
  const sum = (word) => summaries.reduce((total, line) => total + Number(line.match(new RegExp(`(\\d+) ${word}`))?.[1] ?? 0), 0);
  return { passed: sum('passed'), failed: sum('failed') };
}

/** Runs one suite, echoing its output as it comes, and resolves with its status and output. */
function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    child.on('close', (status, signal) => resolve({ status, signal, output }));
  });
}

const failedSuites = [];
const total = { passed: 0, failed: 0 };
for (const [name, command, args] of suites) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const { status, signal, output } = await run(command, args);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`=== ${name}: ${status === 0 ? 'passed' : `FAILED (${status ?? signal})`} in ${seconds}s ===`);
  const { passed, failed } = counts(output);
  total.passed += passed;
  total.failed += failed;
  if (status !== 0) failedSuites.push(name);
}
// A suite that failed without reporting a failed test (a crash, a type error) still counts as one failure.
const failed = Math.max(total.failed, failedSuites.length);
console.log(failedSuites.length ? `\nFailed suites: ${failedSuites.join(', ')}` : '\nAll suites passed.');
console.log(`tests: ${total.passed} passed, ${failed} failed`);
process.exit(failedSuites.length ? 1 : 0);

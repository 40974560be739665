import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { CONTAINER_CONTRACT, LIMITS, TASKS } from '../../../handlers/core/contract.js';

const root = new URL('../../../', import.meta.url).pathname;
const python = `${root}.venv/bin/python`;

/** What containers/serving/limits.py holds, read by the container's own Python. */
function containerLimits(): Record<string, unknown> {
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`npm run setup\``);
  const script =
    'import json; from serving import limits as l; print(json.dumps({"tasks": l.TASKS, "maxTexts": l.MAX_TEXTS, "maxTextCharacters": l.MAX_TEXT_CHARS, "maxTotalCharacters": l.MAX_TOTAL_CHARS, "maxResponseBytes": l.MAX_RESULT_BYTES}))';
  return JSON.parse(execFileSync(python, ['-c', script], { cwd: `${root}containers`, encoding: 'utf8' }));
}

describe('the contract (handlers/core/contract.ts) and its copy for the containers (containers/serving/contract.json)', () => {
  it('is written to the containers as it is: run `npm run contract` after editing contract.ts', () => {
    // act
    const written = JSON.parse(readFileSync(`${root}containers/serving/contract.json`, 'utf8'));
    // assess
    expect(written).toEqual(JSON.parse(JSON.stringify(CONTAINER_CONTRACT)));
  });

  it('gives the container and the gateway the same task names, text limits and one result cap', () => {
    // act
    const container = containerLimits();
    // assess
    expect(container).toEqual({
      tasks: [...TASKS],
      maxTexts: LIMITS.maxTexts,
      maxTextCharacters: LIMITS.maxTextCharacters,
      maxTotalCharacters: LIMITS.maxTotalCharacters,
      maxResponseBytes: LIMITS.maxResponseBytes,
    });
  });

  it('names every task of the public API (README.md, "The API")', () => {
    expect([...TASKS].sort()).toEqual([
      'entities',
      'language',
      'nounPhrases',
      'pii',
      'redact',
      'sentences',
      'sentiment',
      'syntax',
      'tokens',
    ]);
  });
});

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { TASKS } from '../../../handlers/core/engines.js';
import { LIMITS } from '../../../handlers/core/limits.js';

const root = new URL('../../../', import.meta.url).pathname;
const python = `${root}.venv/bin/python`;

/** What containers/serving/limits.py holds, read by the container's own Python. */
function containerLimits(): Record<string, unknown> {
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`npm run setup\``);
  const script =
    'import json; from serving import limits as l; print(json.dumps({"tasks": l.TASKS, "maxTexts": l.MAX_TEXTS, "maxTextCharacters": l.MAX_TEXT_CHARS, "maxTotalCharacters": l.MAX_TOTAL_CHARS, "maxResponseBytes": l.MAX_RESULT_BYTES}))';
  return JSON.parse(execFileSync(python, ['-c', script], { cwd: `${root}containers`, encoding: 'utf8' }));
}

describe('the contract both languages read (containers/serving/contract.json)', () => {
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

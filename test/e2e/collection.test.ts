/**
 * The committed Postman files are exactly what their generator makes, and the collection covers what
 * the issue asks of it: every route, engine, task, offset encoding and client-caused error status.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINES } from '../../handlers/core/engines.js';
import { OFFSET_ENCODINGS, TASKS } from '../../handlers/core/contract.js';
import { openApiDocument } from '../../handlers/core/openapi.js';
import { PROBLEM_TYPES } from '../../handlers/core/problems.js';
import { generatedFiles, type Examples } from '../../postman/collection.js';
import { requestSpecs } from '../../postman/requests.js';
import { documentedPath } from './support/documented.js';

const postman = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'postman');
const read = (name: string) => readFileSync(join(postman, name), 'utf8');
const examples = JSON.parse(read('examples.json')) as Examples;
const specs = requestSpecs();
const bodyOf = (spec: (typeof specs)[number]) => (spec.body ?? {}) as { tasks?: string[]; texts?: string[]; offsetEncoding?: string };

describe('postman/', () => {
  it.each(Object.entries(generatedFiles(examples)))('%s is up to date with postman/build.mjs', (name, content) => {
    expect(read(name)).toBe(content);
  });

  it('has a captured example response for every request', () => {
    expect(specs.filter((spec) => !examples[spec.id]).map((spec) => spec.id)).toEqual([]);
    expect(specs.filter((spec) => examples[spec.id] && examples[spec.id]?.code !== spec.expect.status).map((spec) => spec.id)).toEqual([]);
  });

  it('never commits a key for a deployed stage', () => {
    const deployed = JSON.parse(read('deployed.postman_environment.json')) as { values: { key: string; value: string }[] };
    expect(deployed.values.find((variable) => variable.key === 'apiKey')?.value).toBe('');
  });
});

describe('the collection covers', () => {
  it('every route and method of the OpenAPI document', () => {
    const covered = new Set(specs.map((spec) => `${spec.method.toLowerCase()} ${documentedPath(spec.path)}`));
    const documented = Object.entries(openApiDocument().paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.filter((operation) => !covered.has(operation))).toEqual([]);
  });

  it.each(ENGINES.flatMap((engine) => engine.tasks.map((task) => [engine.name, task])))('%s with the task %s', (engine, task) => {
    expect(specs.some((spec) => spec.path === `/nlp/${engine}` && spec.expect.status === 200 && bodyOf(spec).tasks?.includes(task))).toBe(
      true,
    );
  });

  it.each(TASKS.map((task) => [task]))('auto with the task %s', (task) => {
    expect(specs.some((spec) => spec.path === '/nlp/auto' && spec.expect.status === 200 && bodyOf(spec).tasks?.includes(task))).toBe(true);
  });

  it.each(OFFSET_ENCODINGS.map((encoding) => [encoding]))('the offset encoding %s', (encoding) => {
    expect(specs.some((spec) => spec.expect.status === 200 && bodyOf(spec).offsetEncoding === encoding)).toBe(true);
  });

  it('a batch', () => {
    expect(specs.some((spec) => spec.expect.status === 200 && (bodyOf(spec).texts?.length ?? 0) > 1)).toBe(true);
  });

  it('every problem type a client can cause', () => {
    // 429 and 5xx cannot be caused on demand; `client-error` is API Gateway's catch-all for what it refuses otherwise.
    const notOnDemand = new Set([
      'throttled',
      'quota-exceeded',
      'internal-error',
      'engine-failed',
      'gateway-error',
      'engine-unavailable',
      'engine-timeout',
      'client-error',
      // Bulk jobs: these need an upload made first (the collection's requests do not chain) or a key's
      // limits reached; test/e2e/jobs.test.ts causes the first two.
      'idempotency-conflict',
      'document-too-large',
      'too-many-documents',
      'too-many-jobs',
    ]);
    const covered = new Set<string>(specs.flatMap((spec) => spec.expect.problem ?? []));
    expect(Object.keys(PROBLEM_TYPES).filter((slug) => !notOnDemand.has(slug) && !covered.has(slug))).toEqual([]);
  });
});

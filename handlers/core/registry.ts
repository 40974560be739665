/**
 * The one reader of the engine registry (engines.json), checked against its schema once, when this
 * module loads: the local endpoint, infra/engine-containers.cjs (which loads this file with require()) and
 * the tests all read the result. The Lambda bundles are built with the checked registry as plain
 * data (infra/esbuild-plugins.cjs), so a fault fails the build and no cold start carries the schema
 * or repeats the check.
 *
 * Node runs this file as it is (type stripping), so it uses only erasable TypeScript and imports
 * nothing but packages, JSON and the contract (by its .ts name, which Node resolves).
 */
import * as z from 'zod/mini';
import { TASKS, type Task } from './contract.ts';
import enginesFile from './engines.json' with { type: 'json' };

const text = z.string().check(z.minLength(1));
const matching = (pattern: RegExp, message: string) => z.string().check(z.refine((value) => pattern.test(value), message));
const isStringMap = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
const stringMap = z.custom<Record<string, string>>(isStringMap, 'must map names to strings');

/** A public engine name, or the service's. */
const NAME = /^[a-z][a-z0-9-]*$/;
/** A SageMaker ContainerHostname. */
const HOSTNAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** Names the routes already use; an engine with one of them could never be reached. */
const RESERVED_NAMES = ['auto', 'engines'];

function engineSchema(tasks: readonly Task[]) {
  const task = z.enum(tasks, { error: `must be one of ${tasks.join(', ')}` });
  return z
    .strictObject({
      /** The public name: `POST /nlp/<name>`. */
      name: matching(NAME, 'must be lower-case letters, digits and hyphens').check(
        z.refine((name) => !RESERVED_NAMES.includes(name), `must not be ${RESERVED_NAMES.join(' or ')}`),
      ),
      hostname: matching(HOSTNAME, 'must be a SageMaker container hostname (letters, digits, hyphens; at most 63)'),
      /** The container's folder, from the repository root. */
      container: text,
      /** A local image to run instead of building `container` (a bring-your-own container, local/README.md). */
      image: z.optional(text),
      /** The container's environment, as CloudFormation and the local endpoint set it. */
      environment: stringMap,
      model: z.strictObject({ name: text, version: text }),
      tasks: z.array(task).check(z.minLength(1)),
      defaultTasks: z.array(task).check(z.minLength(1)),
    })
    .check(
      z.refine((engine) => engine.defaultTasks.every((name) => engine.tasks.includes(name)), {
        message: 'defaultTasks must all be in tasks',
        path: ['defaultTasks'],
      }),
    );
}

const unique = (values: readonly string[]) => new Set(values).size === values.length;

function registrySchema(tasks: readonly Task[]) {
  return z
    .strictObject({
      service: matching(NAME, 'must be lower-case letters, digits and hyphens'),
      autoOrder: z.array(text).check(z.minLength(1)),
      engines: z.array(engineSchema(tasks)).check(z.minLength(1), z.maxLength(15, 'a SageMaker endpoint holds at most 15 containers')),
    })
    .check(
      z.refine((registry) => unique(registry.engines.map((engine) => engine.name)), {
        message: 'engine names must be unique',
        path: ['engines'],
      }),
      z.refine((registry) => unique(registry.engines.map((engine) => engine.hostname)), {
        message: 'container hostnames must be unique',
        path: ['engines'],
      }),
      z.refine((registry) => registry.autoOrder.every((name) => registry.engines.some((engine) => engine.name === name)), {
        message: 'must name only engines of the registry',
        path: ['autoOrder'],
      }),
    );
}

export type Registry = z.infer<ReturnType<typeof registrySchema>>;
export type RegistryEngine = Registry['engines'][number];

function parse<T>(schema: z.ZodMiniType<T>, data: unknown, source: string): T {
  // Parsed once per process: compiling zod's fast path for these objects would cost more than it saves.
  const parsed = z.safeParse(schema, data, { jitless: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${where}: ${issue.code === 'unrecognized_keys' ? `unknown ${issue.keys.join(', ')}` : issue.message}`;
  });
  throw new Error(`${source} is not valid: ${problems.join('; ')}`);
}

/** Checks any registry (the real one, or a test fixture) against the schema; the error names the file and each fault. */
export function parseRegistry(data: unknown, source: string): Registry {
  return parse(registrySchema(TASKS), data, source);
}

/** handlers/core/engines.json, checked. */
export const REGISTRY: Registry = parseRegistry(enginesFile, 'handlers/core/engines.json');

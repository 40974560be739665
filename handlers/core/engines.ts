/**
 * The engine registry (engines.json, read and checked by registry.ts) as the handlers use it:
 * typed engines, `/nlp/auto`'s preference order, and the task names of the contract.
 */
import { CONTRACT, REGISTRY, type RegistryEngine } from './registry.js';
import type { TaskOutputs } from './results.js';

/** A task, named after the result field it fills (`redact` fills `redacted`). */
export type Task = keyof TaskOutputs;

/**
 * Every task name the public API knows, from the contract the containers read too. The compiler
 * cannot read task names from JSON, so this is where the contract's names meet the result types:
 * a name in the contract without a result field yet (a task no engine supports) is refused per
 * engine with a 422 unsupported-task, never computed.
 */
export const TASKS = CONTRACT.tasks as readonly Task[];

export interface ModelInfo {
  name: string;
  version: string;
}

export interface Engine {
  name: string;
  hostname: string;
  model: ModelInfo;
  tasks: readonly Task[];
  defaultTasks: readonly Task[];
}

const toEngine = ({ name, hostname, model, tasks, defaultTasks }: RegistryEngine): Engine => ({
  name,
  hostname,
  model,
  tasks: tasks as Task[],
  defaultTasks: defaultTasks as Task[],
});

export const ENGINES: readonly Engine[] = REGISTRY.engines.map(toEngine);
export const ENGINE_NAMES: readonly string[] = ENGINES.map((engine) => engine.name);

/** The engines in the order `/nlp/auto` prefers them (the registry's schema checks that each exists). */
export const AUTO_ORDER: readonly Engine[] = REGISTRY.autoOrder.flatMap((name) => ENGINES.filter((engine) => engine.name === name));

export function findEngine(name: string): Engine | undefined {
  return ENGINES.find((engine) => engine.name === name);
}

/** The tasks a request's `pii` options are for. */
export const PII_TASKS: readonly Task[] = ['pii', 'redact'];

export const readsPiiOptions = (tasks: readonly Task[]) => tasks.some((task) => PII_TASKS.includes(task));

/**
 * The engine registry (engines.json, read and checked by registry.ts) as the handlers use it:
 * typed engines and `/nlp/auto`'s preference order.
 */
import type { ModelInfo, Task } from './contract.js';
import { REGISTRY } from './registry.js';

export interface Engine {
  name: string;
  hostname: string;
  model: ModelInfo;
  tasks: readonly Task[];
  defaultTasks: readonly Task[];
}

export const ENGINES: readonly Engine[] = REGISTRY.engines.map(({ name, hostname, model, tasks, defaultTasks }) => ({
  name,
  hostname,
  model,
  tasks,
  defaultTasks,
}));
export const ENGINE_NAMES: readonly string[] = ENGINES.map((engine) => engine.name);

/** The engines in the order `/nlp/auto` prefers them (the registry's schema checks that each exists). */
export const AUTO_ORDER: readonly Engine[] = REGISTRY.autoOrder.flatMap((name) => ENGINES.filter((engine) => engine.name === name));

export function findEngine(name: string): Engine | undefined {
  return ENGINES.find((engine) => engine.name === name);
}

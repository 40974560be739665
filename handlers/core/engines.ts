/**
 * The engine registry: the single source of truth (engines.json) seen as typed data. serverless.yml,
 * the local endpoint and the Postman collection read the same file.
 */
import registry from './engines.json' with { type: 'json' };

export const TASKS = ['tokens', 'sentences', 'entities', 'nounPhrases', 'sentiment', 'syntax'] as const;
export type Task = (typeof TASKS)[number];

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

const isTask = (value: string): value is Task => (TASKS as readonly string[]).includes(value);

function toEngine(entry: (typeof registry.engines)[number]): Engine {
  const tasks = entry.tasks.filter(isTask);
  const defaultTasks = entry.defaultTasks.filter(isTask);
  if (tasks.length !== entry.tasks.length || defaultTasks.length !== entry.defaultTasks.length) {
    throw new Error(`engines.json: engine "${entry.name}" names a task that is not one of ${TASKS.join(', ')}`);
  }
  return { name: entry.name, hostname: entry.hostname, model: entry.model, tasks, defaultTasks };
}

export const ENGINES: readonly Engine[] = registry.engines.map(toEngine);
export const ENGINE_NAMES: readonly string[] = ENGINES.map((engine) => engine.name);
export const SERVICE_NAME: string = registry.service;

/** The engines in the order `/nlp/auto` prefers them. */
export const AUTO_ORDER: readonly Engine[] = registry.autoOrder.map((name) => {
  const engine = ENGINES.find((candidate) => candidate.name === name);
  if (!engine) throw new Error(`engines.json: autoOrder names "${name}", which is not an engine`);
  return engine;
});

export function findEngine(name: string): Engine | undefined {
  return ENGINES.find((engine) => engine.name === name);
}

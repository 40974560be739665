import type { JsonObject, SpanReader } from '../native.js';
import type { Task, TaskOutputs } from '../contract.js';

/** How one engine's native document yields each task it supports (`tasks`: every task of the request). */
export type TaskReaders = {
  [T in Task]?: (doc: JsonObject, spans: SpanReader, path: string, tasks: readonly Task[]) => TaskOutputs[T];
};

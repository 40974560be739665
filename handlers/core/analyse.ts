/**
 * The one use case behind `POST /nlp/{engine}`: validate, pick the engine, invoke its container
 * (through whatever `invoke` the caller hands in), normalise, and cap the response size.
 */
import type { Engine, Task } from './engines.js';
import { LIMITS } from './limits.js';
import { normalise } from './normalisers/index.js';
import { ProblemError } from './problems.js';
import { parseRequest, resolveEngine } from './request.js';
import type { NlpResponse } from './results.js';

/** What a container receives: its native request. */
export interface ContainerRequest {
  texts: string[];
  tasks: Task[];
}

export type InvokeEngine = (engine: Engine, payload: ContainerRequest) => Promise<unknown>;

export async function analyse(engineName: string, body: unknown, invoke: InvokeEngine): Promise<NlpResponse> {
  const request = parseRequest(body);
  const { engine, tasks } = resolveEngine(engineName, request);
  const native = await invoke(engine, { texts: request.texts, tasks });
  const { model, results } = normalise(engine, native, request.texts, tasks, request.offsetEncoding);
  return { engine: engine.name, model, tasks, offsetEncoding: request.offsetEncoding, results };
}

/** The response as JSON, refused with a 413 when it is over the cap Lambda's payload limit dictates. */
export function serialise(response: object): string {
  const json = JSON.stringify(response);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > LIMITS.maxResponseBytes) {
    throw new ProblemError(
      'result-too-large',
      `The result would be ${bytes} bytes; responses are capped at ${LIMITS.maxResponseBytes} bytes. Send fewer or shorter texts, or fewer tasks.`,
      { extensions: { limit: LIMITS.maxResponseBytes } },
    );
  }
  return json;
}

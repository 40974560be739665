/**
 * The one use case behind `POST /nlp/{engine}`: validate, pick the engine, invoke its container
 * (through whatever `invoke` the caller hands in), normalise, and cap the response size.
 */
import type { Engine } from './engines.js';
import { LIMITS, type NlpResponse, type PiiOptions, readsPiiOptions, type Task } from './contract.js';
import { normalise } from './normalisers/index.js';
import { ProblemError } from './problems.js';
import { checkPiiOptions, type NlpRequest, parseRequest, resolveEngine } from './request.js';

/** What a container receives: its native request. */
export interface ContainerRequest {
  texts: string[];
  tasks: Task[];
  /** The client's options for the pii and redact tasks, as sent; only to an engine that runs one of them. */
  pii?: PiiOptions;
}

/** The container request for `tasks` of `request`: the `pii` options go only where a task reads them. */
export function containerRequest(request: NlpRequest, tasks: Task[]): ContainerRequest {
  return { texts: request.texts, tasks, ...(request.pii && readsPiiOptions(tasks) ? { pii: request.pii } : {}) };
}

export type InvokeEngine = (engine: Engine, payload: ContainerRequest) => Promise<unknown>;

export async function analyse(engineName: string, body: unknown, invoke: InvokeEngine): Promise<NlpResponse> {
  const request = parseRequest(body);
  const { engine, tasks } = resolveEngine(engineName, request);
  checkPiiOptions(request, tasks);
  const native = await invoke(engine, containerRequest(request, tasks));
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

/**
 * `POST /nlp/{engine}`: one text or a batch through one engine, answered in the public schema;
 * `POST /nlp/auto` spreads the tasks over the engines that do them best.
 */
import { createRuntimeClient, type RuntimeClient } from './adapters/sagemaker.js';
import { invokeWithinDeadline } from './invoke.js';
import { analyse, serialise, type InvokeEngine } from './core/analyse.js';
import { analyseAuto } from './core/auto.js';
import { codePointLength } from './core/offsets.js';
import { loadConfig, type GatewayConfig } from './config.js';
import type { Context } from 'aws-lambda';
import { jsonResponse, requestState, type JsonEvent } from './http.js';
import { jsonBody } from './middleware/json-body.js';
import { apiRoute } from './route.js';

export interface NlpDependencies {
  client: RuntimeClient;
  config: GatewayConfig;
}

/** Invokes the engine's container within the deadline, adding its time to the request's model time. */
const invokeFor =
  ({ client, config }: NlpDependencies, context: Context): InvokeEngine =>
  async (engine, payload) => {
    const state = requestState(context);
    // Auto invokes several engines with the same texts: the log names every task once, and the texts are counted once.
    const tasks = [...(state.work?.tasks ?? []), ...payload.tasks];
    const characters = state.work?.characters ?? payload.texts.reduce((sum, text) => sum + codePointLength(text), 0);
    state.work = { tasks, texts: payload.texts.length, characters };
    const started = performance.now();
    try {
      return await invokeWithinDeadline(client, config, {
        engine,
        payload,
        inferenceId: state.requestId,
        remainingMs: context.getRemainingTimeInMillis(),
      });
    } finally {
      state.modelMs += performance.now() - started;
    }
  };

export const createNlpHandler = (dependencies: NlpDependencies) =>
  apiRoute()
    .use(jsonBody())
    .handler(async (event, context) => {
      const { pathParameters, body } = event as unknown as JsonEvent;
      const engine = pathParameters?.engine ?? '';
      const invoke = invokeFor(dependencies, context);
      const response = engine === 'auto' ? await analyseAuto(body, invoke) : await analyse(engine, body, invoke);
      return jsonResponse(200, serialise(response));
    });

export const handler = createNlpHandler({ client: createRuntimeClient(), config: loadConfig() });

/**
 * `GET /nlp/engines`: the engines, their tasks and models (and the personal-data types and option
 * limits of the pii engine), auto's preference order and the request limits — from the registry.
 */
import { AUTO_ORDER, ENGINES } from './core/engines.js';
import { LIMITS, PII, readsPiiOptions } from './core/contract.js';
import { jsonResponse } from './http.js';
import { apiRoute } from './route.js';

/** What an engine of the pii or redact task finds and which `pii` options it takes. */
const { types: piiTypes, ...piiOptions } = PII;

const body = JSON.stringify({
  engines: ENGINES.map(({ name, tasks, defaultTasks, model }) => ({
    name,
    tasks,
    defaultTasks,
    model,
    ...(readsPiiOptions(tasks) ? { piiTypes, piiOptions } : {}),
  })),
  autoOrder: AUTO_ORDER.map((engine) => engine.name),
  limits: LIMITS,
});

export const handler = apiRoute().handler(async () => jsonResponse(200, body));

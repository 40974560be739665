/** `GET /nlp/engines`: the engines, their tasks and models, auto's preference order and the request limits — from the registry. */
import { AUTO_ORDER, ENGINES } from './core/engines.js';
import { LIMITS } from './core/limits.js';
import { jsonResponse } from './http.js';
import { apiRoute } from './route.js';

const body = JSON.stringify({
  engines: ENGINES.map(({ name, tasks, defaultTasks, model }) => ({ name, tasks, defaultTasks, model })),
  autoOrder: AUTO_ORDER.map((engine) => engine.name),
  limits: LIMITS,
});

export const handler = apiRoute().handler(async () => jsonResponse(200, body));

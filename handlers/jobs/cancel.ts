/** `POST /nlp/jobs/{id}/cancel`: stops a running job (202); a finished one is left as it is. */
import { cancelJob } from '../core/jobs/jobs-service.js';
import type { JobsDependencies } from '../core/jobs/services.js';
import { jsonResponse } from '../http.js';
import { apiRoute } from '../route.js';
import { callerOf, jobsDependencies } from './dependencies.js';

export const createCancelHandler = (dependencies: JobsDependencies) =>
  apiRoute().handler(async (event) =>
    jsonResponse(202, JSON.stringify(await cancelJob(callerOf(event), event.pathParameters?.id ?? '', dependencies))),
  );

export const handler = createCancelHandler(jobsDependencies());

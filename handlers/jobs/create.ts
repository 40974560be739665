/** `POST /nlp/jobs`: starts a job (202, Location, Retry-After); the same Idempotency-Key and request give the same job. */
import { createJob } from '../core/jobs/jobs-service.js';
import type { JobsDependencies } from '../core/jobs/services.js';
import type { JsonEvent } from '../http.js';
import { jsonResponse } from '../http.js';
import { jsonBody } from '../middleware/json-body.js';
import { apiRoute } from '../route.js';
import { callerOf, header, jobsDependencies } from './dependencies.js';

export const createJobsHandler = (dependencies: JobsDependencies) =>
  apiRoute()
    .use(jsonBody())
    .handler(async (event) => {
      const { body } = event as unknown as JsonEvent;
      const job = await createJob(callerOf(event), header(event, 'idempotency-key'), body, dependencies);
      const response = jsonResponse(202, JSON.stringify(job));
      return { ...response, headers: { ...response.headers, Location: `/nlp/jobs/${job.id}`, 'Retry-After': '10' } };
    });

export const handler = createJobsHandler(jobsDependencies());

/** `GET /nlp/jobs/{id}`: a job's status, counts and (when done) presigned URLs to its results. */
import { getJob } from '../core/jobs/jobs-service.js';
import type { JobsDependencies } from '../core/jobs/services.js';
import { jsonResponse } from '../http.js';
import { apiRoute } from '../route.js';
import { callerOf, jobsDependencies } from './dependencies.js';

export const createStatusHandler = (dependencies: JobsDependencies) =>
  apiRoute().handler(async (event) => {
    const job = await getJob(callerOf(event), event.pathParameters?.id ?? '', dependencies);
    const response = jsonResponse(200, JSON.stringify(job));
    const done = job.status !== 'queued' && job.status !== 'running';
    return done ? response : { ...response, headers: { ...response.headers, 'Retry-After': '10' } };
  });

export const handler = createStatusHandler(jobsDependencies());

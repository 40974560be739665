/** `POST /nlp/uploads`: a presigned PUT URL (15 minutes) for a job's input. */
import { createUpload } from '../core/jobs/jobs-service.js';
import type { JobsDependencies } from '../core/jobs/services.js';
import { jsonResponse } from '../http.js';
import { apiRoute } from '../route.js';
import { callerOf, jobsDependencies } from './dependencies.js';

export const createUploadsHandler = (dependencies: Pick<JobsDependencies, 'presigner'>) =>
  apiRoute().handler(async (event) => jsonResponse(201, JSON.stringify(await createUpload(callerOf(event), dependencies))));

export const handler = createUploadsHandler(jobsDependencies());

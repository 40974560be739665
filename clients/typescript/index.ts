/**
 * The typed client: openapi-fetch over the types openapi-typescript generated from the API's
 * OpenAPI document (schema.d.ts). Each engine's route takes only that engine's tasks, and each
 * response says which result fields those tasks bring.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

export type { components, paths };
export { cancelJob, isFinished, JobApiError, results, startJob, upload, waitForJob, type Job, type JobRequest } from './jobs.js';
export type NlpClient = Client<paths>;

export interface ClientOptions {
  /** The API's base URL: `http://localhost:3000` locally, the stage's invoke URL when deployed. */
  baseUrl: string;
  /** Sent as `x-api-key` on every call. */
  apiKey: string;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof globalThis.fetch;
}

export function createNlpClient({ baseUrl, apiKey, fetch }: ClientOptions): NlpClient {
  return createClient<paths>({ baseUrl, headers: { 'x-api-key': apiKey }, ...(fetch ? { fetch } : {}) });
}

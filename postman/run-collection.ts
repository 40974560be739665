/**
 * Runs the Postman collection with newman, programmatically, and keeps every exchange it makes so
 * that the tests can check each response against the OpenAPI document themselves.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, type RunSummary } from 'newman';

const postman = dirname(fileURLToPath(import.meta.url));
const readJson = (name: string): unknown => JSON.parse(readFileSync(join(postman, name), 'utf8'));

export interface Exchange {
  /** The collection's request name. */
  name: string;
  /** The collection's stable request id (postman/requests.ts). */
  id: string;
  method: string;
  path: string;
  status: number;
  contentType: string;
  body: string;
}

export interface CollectionRun {
  summary: RunSummary;
  exchanges: Exchange[];
}

interface RequestEvent {
  item: { id: string; name: string };
  request: { method: string; url: { getPath(): string } };
  response?: { code: number; stream?: Buffer; headers: { get(name: string): string | undefined } };
}

/** Runs the collection with the local environment, pointed at `baseUrl` with `apiKey`. */
export function runCollection(baseUrl: string, apiKey: string): Promise<CollectionRun> {
  const exchanges: Exchange[] = [];
  return new Promise((resolve, reject) => {
    run(
      {
        collection: readJson('nlp-gateway.postman_collection.json'),
        environment: readJson('local.postman_environment.json'),
        envVar: [
          { key: 'baseUrl', value: baseUrl },
          { key: 'apiKey', value: apiKey },
        ],
        reporters: [],
        timeoutRequest: 60_000,
      },
      (error, summary) => (error ? reject(error) : resolve({ summary, exchanges })),
    ).on('request', (error: Error | null, { item, request, response }: RequestEvent) => {
      if (error || !response) {
        exchanges.push({
          name: item.name,
          id: item.id,
          method: request.method,
          path: request.url.getPath(),
          status: 0,
          contentType: '',
          body: String(error),
        });
        return;
      }
      exchanges.push({
        name: item.name,
        id: item.id,
        method: request.method,
        path: request.url.getPath(),
        status: response.code,
        contentType: response.headers.get('Content-Type') ?? '',
        body: response.stream?.toString('utf8') ?? '',
      });
    });
  });
}

/** newman's failures, one readable line each. */
export const failureLines = ({ run: { failures } }: RunSummary) =>
  failures.map(({ error, source }) => `${source?.name ?? '?'}: ${error.test ?? error.name}: ${error.message}`);

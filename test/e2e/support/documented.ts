/**
 * Is a response one the OpenAPI document describes? Path, method, status, content type and body
 * schema are all checked against the document the API serves (through test/support/openapi.ts).
 */
import { isDeepStrictEqual } from 'node:util';
import { openApiDocument } from '../../../handlers/core/openapi.js';
import { responseSchemaName, schemaErrors } from '../../support/openapi.js';
import type { Exchange } from '../../../postman/run-collection.js';

interface DocumentedResponse {
  content?: Record<string, { schema: { $ref?: string; type?: string } }>;
}
type Operations = Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>;

const paths = openApiDocument().paths as Operations;
// Literal paths first, so that a literal path is never taken for a template.
const templates = Object.keys(paths)
  .sort((a, b) => Number(a.includes('{')) - Number(b.includes('{')))
  .map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }));

const mediaType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? '';

function parseJson(body: string): { value?: unknown; error?: string } {
  try {
    return { value: JSON.parse(body) };
  } catch (error) {
    return { error: `the body is not JSON (${(error as Error).message})` };
  }
}

/**
 * API Gateway's own answers as serverless-offline gives them: not problem+json, because the local
 * stack cannot have gateway responses (the README names this difference).
 */
export function isLocalGatewayAnswer({ status, contentType, body }: Exchange): boolean {
  if (mediaType(contentType) !== 'application/json') return false;
  const { value } = parseJson(body);
  if (status === 403) return isDeepStrictEqual(value, { message: 'Forbidden' });
  if (status === 404)
    return typeof value === 'object' && value !== null && String((value as { error?: unknown }).error).includes('route not found');
  return false;
}

/** The template path of the document that `path` matches. */
export const documentedPath = (path: string) => templates.find(({ pattern }) => pattern.test(path))?.template;

/** How the response differs from the document; empty when it matches. */
export function mismatches(exchange: Exchange): string[] {
  const { method, path, status, contentType, body } = exchange;
  if (status === 0) return [`no response: ${body}`];
  const template = documentedPath(path);
  const operation = template ? paths[template]?.[method.toLowerCase()] : undefined;
  if (!template && status === 404 && mediaType(contentType) === 'application/problem+json') return undocumentedPathErrors(body);
  if (!template || !operation) return [`${method} ${path} is not in the document`];
  const documented = operation.responses[String(status)];
  if (!documented) return [`status ${status} is not documented for ${method} ${template}`];
  const types = Object.keys(documented.content ?? {});
  if (!types.includes(mediaType(contentType)))
    return [`Content-Type "${contentType}" is not the documented ${types.join(' or ') || '(none)'}`];
  const schema = documented.content?.[mediaType(contentType)]?.schema;
  if (!schema?.$ref) return schema?.type === 'object' ? objectErrors(body) : [];
  const parsed = parseJson(body);
  if (parsed.error) return [parsed.error];
  const name = responseSchemaName(template, method.toLowerCase(), status);
  return schemaErrors(name, parsed.value).map((error) => `${name}: ${error}`);
}

/** A path the document does not have (an engine that does not exist) answers a documented 404 problem. */
function undocumentedPathErrors(body: string): string[] {
  const parsed = parseJson(body);
  return parsed.error ? [parsed.error] : schemaErrors('Problem', parsed.value).map((error) => `Problem: ${error}`);
}

function objectErrors(body: string): string[] {
  const { value, error } = parseJson(body);
  if (error) return [error];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? [] : ['the body is not a JSON object'];
}

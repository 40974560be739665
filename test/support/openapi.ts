/** Checks bodies against the schemas of the API's own OpenAPI document (ajv, JSON Schema 2020-12). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { openApiDocument } from '../../handlers/core/openapi.js';

const ID = 'https://nlp-gateway.local/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
formats.default(ajv); // CommonJS: the plugin is the module's `default`. The document's `date-time` (a job's createdAt, a result link's expiresAt) is checked, not ignored
ajv.addSchema({ $id: ID, ...openApiDocument() });

/** The validation errors of `body` against `components.schemas[name]`, as readable lines (none when valid). */
export function schemaErrors(name: string, body: unknown): string[] {
  const validate = ajv.getSchema(`${ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`No schema ${name} in the OpenAPI document`);
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`);
}

/** The schema a documented response of `path`/`method`/`status` uses. */
export function responseSchemaName(path: string, method: string, status: number): string {
  const paths = openApiDocument().paths as Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>
  >;
  const content = paths[path]?.[method]?.responses[String(status)]?.content ?? {};
  const ref = Object.values(content)[0]?.schema.$ref;
  if (!ref) throw new Error(`${method.toUpperCase()} ${path} does not document a ${status} response with a schema`);
  return ref.split('/').at(-1) as string;
}

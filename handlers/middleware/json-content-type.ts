/**
 * Refuses a body that is not declared as UTF-8 JSON (415), first of the body checks. Stricter than
 * the body parser's own check: any header case, and no charset but UTF-8.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ProblemError } from '../core/problems.js';
import type { ApiMiddleware } from '../http.js';

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;
/** A content type is quoted in the detail up to this length. */
const QUOTED = 100;

function contentTypeOf(event: APIGatewayProxyEvent): string {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === 'content-type');
  return entry?.[1] ?? '';
}

const quote = (value: string) => (value.length > QUOTED ? `"${value.slice(0, QUOTED)}…"` : `"${value}"`);

export function jsonContentType(): ApiMiddleware {
  return {
    before: (request) => {
      const contentType = contentTypeOf(request.event);
      if (!JSON_TYPE.test(contentType.trim())) {
        throw new ProblemError(
          'unsupported-media-type',
          `Send the body as "Content-Type: application/json" (UTF-8); this request has ${contentType ? quote(contentType) : 'no content type'}.`,
        );
      }
    },
  };
}

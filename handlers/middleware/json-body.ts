/**
 * Parses a JSON request body, checking in the documented order: content type (415), size (413),
 * syntax (400). Schema checks come later, in the core.
 */
import type middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { LIMITS } from '../core/limits.js';
import { ProblemError } from '../core/problems.js';

interface Options {
  maxBytes: number;
}

const defaults: Options = { maxBytes: LIMITS.maxBodyBytes };

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function header(event: APIGatewayProxyEvent, name: string): string | undefined {
  const entry = Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  return entry?.[1];
}

export function jsonBody(options: Partial<Options> = {}): middy.MiddlewareObj<APIGatewayProxyEvent> {
  const { maxBytes } = { ...defaults, ...options };
  return {
    before: (request) => {
      const contentType = header(request.event, 'content-type') ?? '';
      if (!JSON_TYPE.test(contentType.trim())) {
        throw new ProblemError('unsupported-media-type', `Send the body as "Content-Type: application/json" (UTF-8); this request has ${contentType ? `"${contentType}"` : 'no content type'}.`);
      }
      const raw = request.event.body ?? '';
      const bytes = request.event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.length > maxBytes) {
        throw new ProblemError('body-too-large', `The body has ${bytes.length} bytes; the limit is ${maxBytes} bytes (1 MiB).`, {
          extensions: { limit: maxBytes },
        });
      }
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      try {
        Object.assign(request.event, { body: JSON.parse(text.decode(bytes)) });
      } catch (cause) {
        const reason = cause instanceof SyntaxError ? cause.message : 'it is not valid UTF-8';
        throw new ProblemError('invalid-json', `The body is not valid JSON: ${reason}.`, { cause });
      }
    },
  };
}

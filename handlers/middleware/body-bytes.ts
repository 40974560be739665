/**
 * Hands the body parser the body as text, after the checks it cannot make: at most `maxBytes`
 * bytes as received (413, before anything parses it) and well-formed UTF-8 (400). A base64 body is
 * decoded here and a leading byte-order mark dropped, so the parser sees plain JSON text.
 */
import { LIMITS } from '../core/contract.js';
import { ProblemError } from '../core/problems.js';
import { rawBody, type ApiMiddleware } from '../http.js';

interface Options {
  maxBytes: number;
}

const defaults: Options = { maxBytes: LIMITS.maxBodyBytes };

const size = (bytes: number) =>
  bytes % 1024 === 0 ? `${bytes} bytes (${bytes / 1024 >= 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`})` : `${bytes} bytes`;

export function bodyBytes(options: Partial<Options> = {}): ApiMiddleware {
  const { maxBytes } = { ...defaults, ...options };
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  return {
    before: (request) => {
      const { event } = request;
      const raw = rawBody(event.body);
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.length > maxBytes) {
        throw new ProblemError('body-too-large', `The body has ${bytes.length} bytes; the limit is ${size(maxBytes)}.`, {
          extensions: { limit: maxBytes },
        });
      }
      try {
        Object.assign(event, { body: utf8.decode(bytes), isBase64Encoded: false });
      } catch (cause) {
        throw new ProblemError('invalid-json', 'The body is not valid JSON: it is not valid UTF-8.', { cause });
      }
    },
  };
}

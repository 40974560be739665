/**
 * The JSON body of a route, checked in the documented order: content type (415), size (413), then
 * `@middy/http-json-body-parser` (400). The parser's own answers differ from the API's (a syntax
 * error is its 422, a `__proto__` key its 422 too), so they are mapped here, case by case, onto the
 * documented problems. Schema checks come later, in the core.
 */
import httpJsonBodyParser from '@middy/http-json-body-parser';
import { ProblemError } from '../core/problems.js';
import type { ApiMiddleware } from '../http.js';
import { bodyBytes } from './body-bytes.js';
import { jsonContentType } from './json-content-type.js';

const PARSER = '@middy/http-json-body-parser';

interface ParserError {
  statusCode: number;
  message: string;
  cause: { package: string; data?: unknown; message?: string };
}

const isParserError = (error: unknown): error is ParserError =>
  typeof (error as ParserError | undefined)?.statusCode === 'number' && (error as ParserError).cause?.package === PARSER;

/**
 * The parser revives every value to look for `__proto__`, recursively: valid JSON nested some
 * thousands deep overflows the stack there, and the parser reports that as malformed JSON. It is
 * well-formed, and no request nests that deep, so it is a schema violation, as it was before.
 */
const TOO_DEEP = /Maximum call stack size exceeded/;

const tooDeep = (error: ParserError) =>
  new ProblemError('validation-failed', 'The request body is invalid: it is nested too deeply to be a request.', {
    errors: [{ path: '/', message: 'is nested too deeply to be a request' }],
    cause: error,
  });

/** The parser's errors, by its message, as the API documents them. */
const PARSER_PROBLEMS: Record<string, (error: ParserError) => ProblemError> = {
  'Invalid or malformed JSON was provided': (error) =>
    TOO_DEEP.test(error.cause.message ?? '')
      ? tooDeep(error)
      : new ProblemError('invalid-json', `The body is not valid JSON: ${error.cause.message ?? 'it is empty'}.`, { cause: error }),
  'Forbidden key in JSON body': (error) =>
    new ProblemError(
      'validation-failed',
      `The request body is invalid: it holds a "${String(error.cause.data)}" property, which no request may have.`,
      {
        errors: [{ path: '/', message: `holds a "${String(error.cause.data)}" property, which no request may have` }],
        cause: error,
      },
    ),
  'Unsupported Media Type': (error) =>
    new ProblemError('unsupported-media-type', 'Send the body as "Content-Type: application/json" (UTF-8).', { cause: error }),
};

/** The documented problem for one of the body parser's errors; anything else is left as it is. */
export function parserProblem(error: unknown): unknown {
  if (!isParserError(error)) return error;
  const toProblem = PARSER_PROBLEMS[error.message];
  return toProblem ? toProblem(error) : new ProblemError('invalid-json', 'The body is not valid JSON.', { cause: error });
}

const parserErrors = (): ApiMiddleware => ({
  onError: (request) => {
    request.error = parserProblem(request.error) as Error;
  },
});

export const jsonBody = (options: { maxBytes?: number } = {}): ApiMiddleware[] => [
  jsonContentType(),
  bodyBytes(options),
  // The content type is already checked, in any header case (the parser looks at two spellings only).
  httpJsonBodyParser({ disableContentTypeCheck: true }) as ApiMiddleware,
  parserErrors(),
];

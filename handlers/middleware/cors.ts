/**
 * CORS headers on every answer, errors included. API Gateway answers the preflights itself
 * (serverless.yml `custom.cors`); this echoes the same allowed origin on the actual responses.
 */
import { addHeaders, type ApiMiddleware, type ApiRequest } from '../http.js';

interface Options {
  /** Value of Access-Control-Allow-Origin (the routes pass config.ts's `corsAllowOrigin()`). */
  allowOrigin: string;
  /** Response headers a browser script may read. */
  exposeHeaders: string;
}

const defaults: Options = {
  allowOrigin: '*',
  exposeHeaders: 'x-request-id, Server-Timing, Retry-After',
};

export function cors(options: Partial<Options> = {}): ApiMiddleware {
  const { allowOrigin, exposeHeaders } = { ...defaults, ...options };
  const respond = (request: ApiRequest) =>
    addHeaders(request, { 'Access-Control-Allow-Origin': allowOrigin, 'Access-Control-Expose-Headers': exposeHeaders });
  return { after: respond, onError: respond };
}

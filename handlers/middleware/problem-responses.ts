/**
 * Turns anything thrown into an `application/problem+json` response (RFC 9457), with the status of
 * its problem type and a `Retry-After` where the problem gives one. Details below 500 and the
 * gateway's own 502/503/504 details (which name the engine and never an underlying message) are
 * shown; a 500 is a defect and gets the generic detail only (core/problems.ts).
 */
import { problemBody, ProblemError } from '../core/problems.js';
import { jsonResponse, requestState, type ApiMiddleware } from '../http.js';

export function problemResponses(): ApiMiddleware {
  return {
    onError: (request) => {
      const { error } = request;
      const problem = problemBody(error, request.event.path ?? '/', requestState(request.context).requestId);
      const response = jsonResponse(problem.status, JSON.stringify(problem), 'application/problem+json');
      if (error instanceof ProblemError && error.options.retryAfter !== undefined) {
        response.headers = { ...response.headers, 'Retry-After': String(error.options.retryAfter) };
      }
      request.response = response;
    },
  };
}

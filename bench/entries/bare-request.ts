/** The baseline plus the public request's validation (ajv's precompiled validator) and the core modules it needs: what validation alone adds to a cold start. */
export { handler } from './bare.js';
export { parseRequest } from '../../handlers/core/request.js';

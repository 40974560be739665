/** The baseline plus the public request's schema (zod/mini) and the core modules it needs: what validation alone adds to a cold start. */
export { handler } from './bare.js';
export { requestSchema } from '../../handlers/core/request.js';

/** `GET /openapi.json`: the API's OpenAPI 3.1 document. Public: no API key needed. */
import { openApiDocument } from './core/openapi.js';
import { jsonResponse } from './http.js';
import { apiRoute } from './route.js';

const document = JSON.stringify(openApiDocument());

export const handler = apiRoute().handler(async () => jsonResponse(200, document));

/** `GET /playground`: a page to try the API in a browser. Public; it asks for the API key itself. */
import { PAGE_HEADERS, PAGE_HTML } from './playground/page.js';
import { apiRoute } from './route.js';

export const handler = apiRoute().handler(async () => ({ statusCode: 200, headers: PAGE_HEADERS, body: PAGE_HTML }));

import { createHash } from 'node:crypto';
import { ENGINE_NAMES } from '../../../handlers/core/engines.js';
import { TASKS } from '../../../handlers/core/contract.js';
import { apiEvent, lambdaContext } from '../helpers.js';

const { handler } = await import('../../../handlers/playground.js');

const inline = (html: string, tag: string) => html.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`))?.[1] ?? '';
const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('GET /playground', () => {
  it('serves the page with a CSP that allows exactly its inline script and style', async () => {
    const response = await handler(apiEvent({ method: 'GET', path: '/playground', rawBody: null, headers: {} }), lambdaContext());
    expect(response.statusCode).toBe(200);
    expect(response.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    const csp = String(response.headers?.['Content-Security-Policy']);
    expect(csp).toContain(`script-src ${hashOf(inline(response.body, 'script'))}`);
    expect(csp).toContain(`style-src ${hashOf(inline(response.body, 'style'))}`);
    expect(csp).toContain("connect-src 'self'");
  });

  it('offers auto and every registry engine, and every task', async () => {
    const { body } = await handler(apiEvent({ method: 'GET', path: '/playground', rawBody: null, headers: {} }), lambdaContext());
    for (const engine of ['auto', ...ENGINE_NAMES]) expect(body).toContain(`<option value="${engine}">`);
    for (const task of TASKS) expect(body).toContain(`value="${task}"`);
    expect(body).toContain("sessionStorage.getItem('nlp-api-key')");
    expect(body).not.toMatch(/innerHTML/);
  });
});

/**
 * The playground: one static page, no framework. Engines and tasks come from the registry when
 * the page is built; the Content-Security-Policy allows exactly this page's inline script and style.
 */
import { createHash } from 'node:crypto';
import { ENGINES } from '../core/engines.js';
import { OFFSET_ENCODINGS, PII, TASKS } from '../core/contract.js';
import { SCRIPT } from './script.js';
import { STYLE } from './style.js';

const EXAMPLE = 'Apple is looking at buying U.K. startup for $1 billion. I love this idea! 👩‍👩‍👧 cafe\u0301';
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const engineOptions = ['auto', ...ENGINES.map((engine) => engine.name)]
  .map((name) => `<option value="${escapeHtml(name)}">${escapeHtml(name)}</option>`)
  .join('');
const encodingOptions = OFFSET_ENCODINGS.map((encoding) => `<option value="${encoding}">${encoding}</option>`).join('');
const operatorOptions = [
  '<option value="">default</option>',
  ...PII.operators.map((operator) => `<option value="${operator}">${operator}</option>`),
].join('');
const taskBoxes = TASKS.map((task) => `<label><input type="checkbox" name="task" value="${task}"> ${task}</label>`).join(' ');

export const PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NLP gateway playground</title>
<style>${STYLE}</style>
</head>
<body>
<h1>NLP gateway playground</h1>
<form>
  <label>API key <input id="key" type="password" autocomplete="off" placeholder="x-api-key (kept in this browser tab only)"></label>
  <textarea id="text" aria-label="Text">${escapeHtml(EXAMPLE)}</textarea>
  <fieldset><label>Engine <select id="engine">${engineOptions}</select></label> ${taskBoxes} <label>Offsets in <select id="encoding">${encodingOptions}</select></label> <label>Redact by <select id="operator">${operatorOptions}</select></label></fieldset>
  <small>No task ticked: the engine's default tasks. The spaCy and TextBlob models are English; <code>language</code> tells which language a text is in. <code>pii</code> marks personal data; <code>redact</code> shows the text with it replaced (a redaction operator applies only to those two tasks).</small>
  <button type="submit">Analyse</button>
</form>
<div id="output"></div>
<script>${SCRIPT}</script>
</body>
</html>`;

export const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

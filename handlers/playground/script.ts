/**
 * The playground's browser script (plain JavaScript, served inline). It renders every piece of
 * user text with textContent, never as HTML, and keeps the API key in sessionStorage only.
 */
export const SCRIPT = `
const $ = (selector) => document.querySelector(selector);
const el = (tag, text, className) => { const node = document.createElement(tag); if (text !== undefined) node.textContent = text; if (className) node.className = className; return node; };
const key = $('#key');
key.value = sessionStorage.getItem('nlp-api-key') || '';
key.addEventListener('change', () => sessionStorage.setItem('nlp-api-key', key.value));

function section(title) {
  const node = el('section'); node.append(el('h2', title)); $('#output').append(node); return node;
}

/** A stable pastel colour per entity label, so ORG, GPE and PERSON tell apart at a glance. */
function colour(label) {
  let hue = 0;
  for (const c of label) hue = (hue * 31 + c.charCodeAt(0)) % 360;
  return 'hsl(' + hue + ' 85% 82%)';
}

function highlight(text, entities) {
  const box = el('div', undefined, 'text');
  let at = 0;
  for (const entity of [...entities].sort((a, b) => a.start - b.start)) {
    if (entity.start < at) continue;
    box.append(text.slice(at, entity.start));
    const mark = el('mark', entity.text); mark.dataset.label = entity.label; mark.style.background = colour(entity.label); mark.append(el('span', entity.label, 'label'));
    box.append(mark); at = entity.end;
  }
  box.append(text.slice(at));
  return box;
}

function table(headers, rows) {
  const node = el('table'); const head = el('tr');
  headers.forEach((h) => head.append(el('th', h))); node.append(head);
  rows.forEach((row) => { const tr = el('tr'); row.forEach((cell) => tr.append(el('td', cell ?? ''))); node.append(tr); });
  return node;
}

function gauge({ polarity, subjectivity }) {
  const box = el('div'); const bar = el('div', undefined, 'gauge'); const needle = el('div', undefined, 'needle');
  needle.style.left = 'calc(' + ((polarity + 1) * 50) + '% - .125rem)'; bar.append(needle); bar.setAttribute('role', 'meter');
  bar.setAttribute('aria-valuemin', '-1'); bar.setAttribute('aria-valuemax', '1'); bar.setAttribute('aria-valuenow', String(polarity));
  box.append(bar, el('p', 'polarity ' + polarity.toFixed(2) + ', subjectivity ' + subjectivity.toFixed(2)));
  return box;
}

function render(text, body) {
  const result = body.results[0] || {};
  if (result.entities) section('Entities').append(highlight(text, result.entities));
  if (result.sentiment) section('Sentiment').append(gauge(result.sentiment));
  if (result.tokens) section('Tokens').append(table(['token', 'POS', 'tag', 'lemma'], result.tokens.map((t) => [t.text, t.pos, t.tag, t.lemma])));
  if (result.sentences) section('Sentences').append(table(['#', 'sentence'], result.sentences.map((s, i) => [String(i + 1), s.text])));
  if (result.nounPhrases) section('Noun phrases').append(table(['phrase'], result.nounPhrases.map((p) => [p.text])));
}

$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('#text').value;
  const engine = $('#engine').value;
  const tasks = [...document.querySelectorAll('input[name=task]:checked')].map((box) => box.value);
  const request = { text, ...(tasks.length ? { tasks } : {}) };
  const url = new URL('nlp/' + engine, location.href.replace(/playground\\/?$/, '')).href;
  $('#output').replaceChildren();
  section('Request as curl').append(el('pre', "curl -s '" + url + "' -H 'x-api-key: <your key>' -H 'content-type: application/json' -d '" + JSON.stringify(request).replace(/'/g, "'\\\\''") + "'", 'wrap'));
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key.value }, body: JSON.stringify(request) });
    const body = await response.json();
    if (response.ok) render(text, body);
    else section('Error ' + response.status).append(el('p', body.detail || body.message || response.statusText, 'error'));
    section('Response JSON').append(el('pre', JSON.stringify(body, null, 2)));
  } catch (error) {
    section('Error').append(el('p', 'The API could not be reached: ' + error.message, 'error'));
  }
});
`;

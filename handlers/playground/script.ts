/**
 * The playground's browser script (plain JavaScript, served inline). It renders every piece of
 * user text with textContent, never as HTML, and keeps the API key in sessionStorage only.
 */
export const SCRIPT = `
const UNITS = { utf16: 'UTF-16 code units (JavaScript string indices)', codepoint: 'Unicode code points (Python string indices)', utf8: 'UTF-8 bytes', grapheme: 'grapheme clusters (characters as a reader sees them)' };
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

/** Offsets come in the unit the request chose; the page slices JavaScript strings (UTF-16), so it converts. */
function utf16Offsets(text, encoding) {
  if (encoding === 'utf16') return (offset) => offset;
  const units = encoding === 'grapheme' ? Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment) : Array.from(text);
  const widths = encoding === 'utf8' ? units.map((unit) => new TextEncoder().encode(unit).length) : units.map(() => 1);
  const table = new Map([[0, 0]]);
  let at = 0; let utf16 = 0;
  units.forEach((unit, i) => { at += widths[i]; utf16 += unit.length; table.set(at, utf16); });
  return (offset) => table.get(offset) ?? text.length;
}

/** Marks each span of the text with its label (an entity's label, a personal-data type); a span over an earlier one is skipped. */
function highlight(text, spans, toUtf16, labelOf = (span) => span.label) {
  const box = el('div', undefined, 'text');
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const [start, end] = [toUtf16(span.start), toUtf16(span.end)];
    if (start < at) continue;
    box.append(text.slice(at, start));
    const label = labelOf(span);
    const mark = el('mark', text.slice(start, end)); mark.dataset.label = label; mark.style.background = colour(label); mark.append(el('span', label, 'label'));
    box.append(mark); at = end;
  }
  box.append(text.slice(at));
  return box;
}

const SVG = 'http://www.w3.org/2000/svg';
const svg = (tag, attributes, text) => { const node = document.createElementNS(SVG, tag); Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, String(value))); if (text !== undefined) node.textContent = text; return node; };

/** Dependency arcs, displaCy-style: words on a line, an arc from each head to its dependent, labelled, arrow at the dependent. */
function arcs(tokens) {
  const shown = tokens.slice(0, 60);
  const spacing = 96; const levels = [...new Set(shown.map((t, i) => Math.abs(t.head - i)).filter((d) => d > 0))].sort((a, b) => a - b);
  const lift = (distance) => 28 + 30 * levels.indexOf(distance);
  const base = (levels.length ? lift(levels.at(-1)) : 0) + 24;
  const x = (i) => 40 + i * spacing;
  const picture = svg('svg', { width: x(shown.length - 1) + 60, height: base + 48, class: 'arcs', role: 'img', 'aria-label': 'dependency parse' });
  shown.forEach((token, i) => {
    picture.append(svg('text', { x: x(i), y: base + 20, 'text-anchor': 'middle', class: 'word' }, token.text));
    picture.append(svg('text', { x: x(i), y: base + 38, 'text-anchor': 'middle', class: 'tag' }, token.pos));
    if (token.head === i || token.head >= shown.length) return;
    const [from, to] = [x(token.head), x(i)]; const top = base - lift(Math.abs(token.head - i));
    const arc = svg('path', { d: 'M' + from + ',' + base + ' C' + from + ',' + top + ' ' + to + ',' + top + ' ' + to + ',' + base, fill: 'none', stroke: '#44546a', 'stroke-width': 1.5, class: 'arc' });
    arc.dataset.dep = token.dep; arc.dataset.head = String(token.head); arc.dataset.child = String(i);
    picture.append(arc, svg('path', { d: 'M' + to + ',' + (base + 2) + ' l-4,-8 h8 z', fill: '#44546a' }));
    picture.append(svg('text', { x: (from + to) / 2, y: top + 0.25 * (base - top) - 3, 'text-anchor': 'middle', class: 'dep' }, token.dep));
  });
  const box = el('div', undefined, 'scroll'); box.append(picture);
  if (tokens.length > shown.length) box.append(el('p', 'The first ' + shown.length + ' of ' + tokens.length + ' tokens; all of them are in the table and the JSON below.'));
  return box;
}

function scrolling(node) { const box = el('div', undefined, 'scroll'); box.append(node); return box; }

/** A small coloured mark for a sentence's polarity: red below 0, grey at 0, green above. */
function sentimentMark(sentiment) {
  if (!sentiment) return '';
  const mark = el('span', (sentiment.polarity > 0 ? '+' : '') + sentiment.polarity.toFixed(2), 'polarity');
  mark.style.background = 'hsl(' + Math.round((sentiment.polarity + 1) * 60) + ' 70% 80%)';
  mark.title = 'polarity ' + sentiment.polarity + ', subjectivity ' + sentiment.subjectivity; mark.setAttribute('role', 'meter');
  mark.setAttribute('aria-valuemin', '-1'); mark.setAttribute('aria-valuemax', '1'); mark.setAttribute('aria-valuenow', String(sentiment.polarity));
  return mark;
}

function table(headers, rows) {
  const node = el('table'); const head = el('tr');
  headers.forEach((h) => head.append(el('th', h))); node.append(head);
  rows.forEach((row) => { const tr = el('tr'); row.forEach((cell) => { const td = el('td'); td.append(cell ?? ''); tr.append(td); }); node.append(tr); });
  return node;
}

function gauge({ polarity, subjectivity }) {
  const box = el('div'); const bar = el('div', undefined, 'gauge'); const needle = el('div', undefined, 'needle');
  needle.style.left = 'calc(' + ((polarity + 1) * 50) + '% - .125rem)'; bar.append(needle); bar.setAttribute('role', 'meter');
  bar.setAttribute('aria-valuemin', '-1'); bar.setAttribute('aria-valuemax', '1'); bar.setAttribute('aria-valuenow', String(polarity));
  box.append(bar, el('p', 'polarity ' + polarity.toFixed(2) + ', subjectivity ' + subjectivity.toFixed(2)));
  return box;
}

/** The dominant language and its alternatives, each with its confidence as a bar; \`und\` says why there is no guess. */
function languages({ code, confidence, alternatives }) {
  if (code === 'und') return el('p', 'Undetermined (und, confidence 0): the text has no letters, or none the model recognises.', 'language');
  const names = new Intl.DisplayNames(['en'], { type: 'language' });
  const bar = (value) => { const mark = el('span', (value * 100).toFixed(1) + '%', 'confidence'); mark.style.background = 'linear-gradient(90deg, #b9d7f5 ' + value * 100 + '%, transparent 0)';
    mark.setAttribute('role', 'meter'); mark.setAttribute('aria-valuemin', '0'); mark.setAttribute('aria-valuemax', '1'); mark.setAttribute('aria-valuenow', String(value)); return mark; };
  return table(['language', 'code', 'confidence'], [{ code, confidence }, ...alternatives].map((entry) => [names.of(entry.code) || entry.code, entry.code, bar(entry.confidence)]));
}

function render(text, body) {
  const result = body.results[0] || {};
  const toUtf16 = utf16Offsets(text, body.offsetEncoding);
  const where = (span) => span.start === undefined ? '' : span.start + '–' + span.end;
  section('Offsets').append(el('p', 'Every start and end counts ' + UNITS[body.offsetEncoding] + ' (offsetEncoding: ' + body.offsetEncoding + ').', 'unit'));
  if (result.entities) section('Entities').append(highlight(text, result.entities, toUtf16));
  if (result.pii) section('Personal data').append(highlight(text, result.pii, toUtf16, (span) => span.type), table(['type', 'text', 'offsets', 'score'], result.pii.map((p) => [p.type, p.text, where(p), p.score.toFixed(2)])));
  if (result.redacted) {
    const { text: redacted, items } = result.redacted;
    const replacements = items.map((item) => ({ start: item.redactedStart, end: item.redactedEnd, label: item.type }));
    section('Redacted').append(highlight(redacted, replacements, utf16Offsets(redacted, body.offsetEncoding)));
  }
  if (result.language) section('Language').append(languages(result.language));
  if (result.sentiment) section('Sentiment').append(gauge(result.sentiment));
  if (result.syntax) section('Syntax').append(arcs(result.syntax), scrolling(table(['#', 'token', 'offsets', 'lemma', 'POS', 'tag', 'morph', 'dep', 'head'], result.syntax.map((t, i) => [String(i), t.text, where(t), t.lemma, t.pos, t.tag, t.morph, t.dep, String(t.head)]))));
  if (result.tokens) section('Tokens').append(table(['token', 'offsets', 'POS', 'tag', 'lemma'], result.tokens.map((t) => [t.text, where(t), t.pos, t.tag, t.lemma])));
  if (result.sentences) section('Sentences').append(table(['#', 'sentence', 'offsets', 'sentiment'], result.sentences.map((s, i) => [String(i + 1), s.text, where(s), sentimentMark(s.sentiment)])));
  if (result.nounPhrases) section('Noun phrases').append(table(['phrase', 'offsets'], result.nounPhrases.map((p) => [p.text, where(p)])));
}

$('form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = $('#text').value;
  const engine = $('#engine').value;
  const tasks = [...document.querySelectorAll('input[name=task]:checked')].map((box) => box.value);
  const offsetEncoding = $('#encoding').value;
  const operator = $('#operator').value;
  const request = { text, ...(tasks.length ? { tasks } : {}), offsetEncoding, ...(operator ? { pii: { operator } } : {}) };
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

/**
 * Every request of the Postman collection, derived from the same sources as the API: the engine
 * registry, the task list, the offset encodings, the limits and the problem catalogue. A new engine
 * or task shows up here without an edit.
 */
import { AUTO_ORDER, ENGINES, type Engine } from '../handlers/core/engines.js';
import { LIMITS, OFFSET_ENCODINGS, PII, resultField, type Task, TASKS } from '../handlers/core/contract.js';
import { schemaPrefix } from '../handlers/core/openapi-schemas.js';
import type { ProblemSlug } from '../handlers/core/problems.js';

export const SAMPLE = 'Apple is looking at buying U.K. startup for $1 billion. I love this idea!';
export const UNICODE_SAMPLE = 'Zoë 👋 flew from Paris to Berlin with Apple’s CEO in 2024. Great trip! 🎉';
export const NO_LETTERS = ['   ', '+49 (0)30 1234-5678', '😀🎉 👍🏽'];
/** Planted personal values: an email address and a Luhn-valid test card number, with an emoji and an accent before them. */
export const PII_EMAIL = 'zoë.ng@example.com';
export const PII_CARD = '4111 1111 1111 1111';
export const PII_SAMPLE = `Hi 👋🏽 please write to ${PII_EMAIL} and charge card ${PII_CARD} today.`;
export const BATCH = [
  'Apple is looking at buying U.K. startup for $1 billion.',
  'Berlin is lovely in the spring.',
  'The service was slow and the food was terrible.',
];

/** Who answers: the handlers, or API Gateway itself (serverless-offline locally, which answers differently). */
export type Answerer = 'handler' | 'gateway';

export interface Expectation {
  status: number;
  /** Components schema the body must match (handler answers, and gateway answers in deployed stages). */
  schema?: string;
  contentType: string;
  problem?: ProblemSlug;
  /** Extra `pm.test` lines for this request. */
  checks?: string[];
}

export interface RequestSpec {
  id: string;
  folder: string;
  name: string;
  description: string;
  method: 'GET' | 'POST';
  path: string;
  auth: 'key' | 'none' | 'wrong-key';
  contentType?: string;
  /** A JSON body, or raw text. */
  body?: unknown;
  /** A pre-request script expression whose value becomes the raw body (for bodies too large to store). */
  generatedBody?: string;
  answerer: Answerer;
  expect: Expectation;
}

const json = (body: unknown) => JSON.stringify(body);
/** The response schema of an engine's own route. */
const responseOf = (engine: Engine) => `${schemaPrefix(engine.name)}Response`;
const ok = (schema: string | undefined, checks: string[] = []): Expectation => ({
  status: 200,
  ...(schema ? { schema } : {}),
  contentType: 'application/json',
  checks,
});
/** The engine most examples use: the first in the registry. */
const first = ENGINES[0] as Engine;
const firstPath = `/nlp/${first.name}`;
const problem = (slug: ProblemSlug, status: number, checks: string[] = []): Expectation => ({
  status,
  schema: status === 422 ? 'ValidationProblem' : 'Problem',
  contentType: 'application/problem+json',
  problem: slug,
  checks,
});
const post = (
  id: string,
  folder: string,
  name: string,
  path: string,
  body: unknown,
  expect: Expectation,
  description: string,
): RequestSpec => ({
  id,
  folder,
  name,
  description,
  method: 'POST',
  path,
  auth: 'key',
  contentType: 'application/json',
  body,
  answerer: 'handler',
  expect,
});

const analysed = (tasks: readonly string[], extra: string[] = []) => [
  `pm.test('tasks are ${tasks.join(', ')}', () => pm.expect(pm.response.json().tasks).to.eql(${json(tasks)}));`,
  `pm.test('each result holds exactly the computed tasks', () => pm.response.json().results.forEach((result) => pm.expect(Object.keys(result).sort()).to.eql(${json(tasks.map((task) => resultField(task as Task)).sort())})));`,
  ...extra,
];
const autoEngines = (tasks: readonly string[]) =>
  Object.fromEntries(tasks.map((task) => [task, AUTO_ORDER.find((engine) => engine.tasks.includes(task as never))?.name]));
const autoChecks = (tasks: readonly string[]) => [
  `pm.test('each task went to the first engine of the auto order that does it', () => pm.expect(pm.response.json().engines).to.eql(${json(autoEngines(tasks))}));`,
];

function discovery(): RequestSpec[] {
  const names = ENGINES.map((engine) => engine.name);
  return [
    {
      id: 'engines',
      folder: 'Discovery',
      name: 'GET /nlp/engines',
      method: 'GET',
      path: '/nlp/engines',
      auth: 'key',
      answerer: 'handler',
      description: 'The engines, their tasks, default tasks and models, the auto order, and the limits.',
      expect: ok('Engines', [
        `pm.test('lists the engines ${names.join(', ')}', () => pm.expect(pm.response.json().engines.map((engine) => engine.name)).to.eql(${json(names)}));`,
        `pm.test('publishes the limits', () => pm.expect(pm.response.json().limits).to.eql(${json(LIMITS)}));`,
      ]),
    },
    {
      id: 'openapi',
      folder: 'Discovery',
      name: 'GET /openapi.json (public)',
      method: 'GET',
      path: '/openapi.json',
      auth: 'none',
      answerer: 'handler',
      description: 'The OpenAPI 3.1 document of this API. No key needed.',
      expect: ok(undefined, [`pm.test('is an OpenAPI 3.1 document', () => pm.expect(pm.response.json().openapi).to.equal('3.1.0'));`]),
    },
    {
      id: 'playground',
      folder: 'Discovery',
      name: 'GET /playground (public)',
      method: 'GET',
      path: '/playground',
      auth: 'none',
      answerer: 'handler',
      description: 'A page to try the API in a browser. No key needed (the page asks for it).',
      expect: {
        status: 200,
        contentType: 'text/html',
        checks: [
          `pm.test('is the playground page', () => pm.expect(pm.response.text()).to.include('<title>NLP gateway playground</title>'));`,
        ],
      },
    },
  ];
}

function engineRequests(): RequestSpec[] {
  const defaults = ENGINES.map((engine) =>
    post(
      `${engine.name}-default`,
      'Engines (default tasks)',
      `${engine.name}: default tasks`,
      `/nlp/${engine.name}`,
      { text: SAMPLE },
      ok(responseOf(engine), analysed(engine.defaultTasks)),
      `No \`tasks\`: the ${engine.name} engine's defaults (${engine.defaultTasks.join(', ')}).`,
    ),
  );
  const autoDefaults = [...new Set(AUTO_ORDER.flatMap((engine) => engine.defaultTasks))];
  return [
    ...defaults,
    post(
      'auto-default',
      'Engines (default tasks)',
      'auto: default tasks',
      '/nlp/auto',
      { text: SAMPLE },
      ok('AutoResponse', [...analysed(autoDefaults), ...autoChecks(autoDefaults)]),
      "No `tasks`: every engine's default tasks, each on its engine, in parallel.",
    ),
  ];
}

/** What a user checks first in a task's result, beyond the schema. */
const TASK_CHECKS: Partial<Record<string, string[]>> = {
  syntax: [
    "pm.test('each head indexes the same token list, and some token is a root', () => pm.response.json().results.forEach(({ syntax }) => {",
    '  syntax.forEach((token) => pm.expect(token.head).to.be.within(0, syntax.length - 1));',
    '  pm.expect(syntax.some((token, i) => token.head === i)).to.equal(true);',
    '}));',
  ],
  language: [
    `pm.test('identifies the English sample as en', () => pm.response.json().results.forEach(({ language }) => pm.expect(language.code).to.equal('en')));`,
  ],
};

/** Engines that compute sentences and sentiment give each sentence its own sentiment. */
function sentenceSentiment(): RequestSpec[] {
  return ENGINES.filter((engine) => engine.tasks.includes('sentences') && engine.tasks.includes('sentiment')).map((engine) =>
    post(
      `${engine.name}-sentence-sentiment`,
      'Tasks',
      `${engine.name}: sentiment per sentence`,
      `/nlp/${engine.name}`,
      { text: SAMPLE, tasks: ['sentences', 'sentiment'] },
      ok(
        responseOf(engine),
        analysed(
          ['sentences', 'sentiment'],
          [
            "pm.test('each sentence carries its own sentiment', () => pm.response.json().results[0].sentences.forEach((sentence) => pm.expect(sentence.sentiment).to.have.keys('polarity', 'subjectivity')));",
          ],
        ),
      ),
      'With both sentences and sentiment, each sentence has its own sentiment; the document keeps its own.',
    ),
  );
}

/** Engines that identify the language answer `und` with confidence 0, not a guess, for text with nothing to tell it by. */
function undetermined(): RequestSpec[] {
  return ENGINES.filter((engine) => engine.tasks.includes('language')).map((engine) =>
    post(
      `${engine.name}-language-undetermined`,
      'Tasks',
      `${engine.name}: language of text with no letters`,
      `/nlp/${engine.name}`,
      { texts: NO_LETTERS, tasks: ['language'] },
      ok(
        responseOf(engine),
        analysed(
          ['language'],
          [
            `pm.test('each text is und with confidence 0 and no alternatives', () => pm.response.json().results.forEach(({ language }) => pm.expect(language).to.eql({ code: 'und', confidence: 0, alternatives: [] })));`,
          ],
        ),
      ),
      'Whitespace, digits, punctuation or emoji only: `und` (undetermined) with confidence 0, rather than a guess.',
    ),
  );
}

function taskRequests(): RequestSpec[] {
  const single = ENGINES.flatMap((engine: Engine) =>
    engine.tasks.map((task) =>
      post(
        `${engine.name}-${task}`,
        'Tasks',
        `${engine.name}: ${task}`,
        `/nlp/${engine.name}`,
        { text: SAMPLE, tasks: [task] },
        ok(responseOf(engine), analysed([task], TASK_CHECKS[task])),
        `The ${task} task on ${engine.name}.`,
      ),
    ),
  );
  return [
    ...single,
    ...sentenceSentiment(),
    ...undetermined(),
    post(
      'auto-all-tasks',
      'Tasks',
      'auto: every task',
      '/nlp/auto',
      { text: SAMPLE, tasks: TASKS },
      ok('AutoResponse', [...analysed(TASKS), ...autoChecks(TASKS)]),
      'Every task; each goes to the first engine in the auto order that supports it.',
    ),
  ];
}

/** The engine of the pii and redact tasks, when the registry has one: detection, each operator, the allow-list, the options' 422s. */
function personalDataRequests(): RequestSpec[] {
  const engine = ENGINES.find((candidate) => candidate.tasks.includes('pii') && candidate.tasks.includes('redact'));
  if (!engine) return [];
  const path = `/nlp/${engine.name}`;
  const folder = 'Personal data';
  const both = ['pii', 'redact'];
  const found = (type: string, value: string) =>
    `pm.test('finds the ${type} ${value}', () => pm.expect(pm.response.json().results[0].pii.filter((span) => span.type === '${type}').map((span) => span.text)).to.include(${json(value)}));`;
  const hidden = (value: string) =>
    `pm.test('the redacted text no longer holds ${value}', () => pm.expect(pm.response.json().results[0].redacted.text).to.not.include(${json(value)}));`;
  const replacements = (check: string, what: string) =>
    `pm.test('${what}', () => { const { text, items } = pm.response.json().results[0].redacted; pm.expect(items.length).to.be.above(0); items.forEach((item) => pm.expect(${check}).to.equal(true)); });`;
  const invalid = (id: string, name: string, body: unknown, pointer: string, description: string, route = path) =>
    post(
      id,
      folder,
      name,
      route,
      body,
      problem('validation-failed', 422, [
        `pm.test('points at ${pointer}', () => pm.expect(pm.response.json().errors.map((error) => error.path)).to.include('${pointer}'));`,
      ]),
      description,
    );
  return [
    post(
      `${engine.name}-detect-and-redact`,
      folder,
      `${engine.name}: find and redact an email and a card`,
      path,
      { text: PII_SAMPLE, tasks: both },
      ok(
        responseOf(engine),
        analysed(both, [found('EMAIL_ADDRESS', PII_EMAIL), found('CREDIT_CARD', PII_CARD), hidden(PII_EMAIL), hidden(PII_CARD)]),
      ),
      'Both tasks: each span with its type, text and score; the text with each value replaced by `<TYPE>`, and where each replacement is.',
    ),
    post(
      `${engine.name}-mask`,
      folder,
      `${engine.name}: mask email addresses only, grapheme offsets`,
      path,
      {
        text: PII_SAMPLE,
        tasks: ['redact'],
        offsetEncoding: 'grapheme',
        pii: { types: ['EMAIL_ADDRESS'], operator: 'mask', maskCharacter: '#' },
      },
      ok(
        responseOf(engine),
        analysed(
          ['redact'],
          [
            hidden(PII_EMAIL),
            `pm.test('redacts only email addresses', () => pm.expect(pm.response.json().results[0].redacted.items.map((item) => item.type)).to.eql(['EMAIL_ADDRESS']));`,
            `pm.test('keeps the card number', () => pm.expect(pm.response.json().results[0].redacted.text).to.include(${json(PII_CARD)}));`,
          ],
        ),
      ),
      'Only the types asked for; `mask` writes maskCharacter over each character of the value.',
    ),
    post(
      `${engine.name}-remove`,
      folder,
      `${engine.name}: remove, code-point offsets`,
      path,
      { text: PII_SAMPLE, tasks: ['redact'], offsetEncoding: 'codepoint', pii: { operator: 'remove' } },
      ok(
        responseOf(engine),
        analysed(
          ['redact'],
          [hidden(PII_EMAIL), replacements('item.redactedStart === item.redactedEnd', 'each value leaves an empty span')],
        ),
      ),
      '`remove` takes the value out: its replacement is empty (redactedStart equals redactedEnd).',
    ),
    post(
      `${engine.name}-allow-list`,
      folder,
      `${engine.name}: an allow-listed value is not reported`,
      path,
      { text: PII_SAMPLE, tasks: both, pii: { allowList: [PII_EMAIL] } },
      ok(
        responseOf(engine),
        analysed(both, [
          `pm.test('does not report ${PII_EMAIL}', () => pm.expect(pm.response.json().results[0].pii.map((span) => span.text)).to.not.include(${json(PII_EMAIL)}));`,
          `pm.test('keeps ${PII_EMAIL} in the redacted text', () => pm.expect(pm.response.json().results[0].redacted.text).to.include(${json(PII_EMAIL)}));`,
          found('CREDIT_CARD', PII_CARD),
        ]),
      ),
      `Values on the allow-list (exact, case-sensitive; at most ${PII.maxAllowList}, each at most ${PII.maxAllowListEntryCharacters} characters) are neither reported nor redacted.`,
    ),
    invalid(
      '422-pii-unknown-type',
      '422 pii: unknown type',
      { text: PII_SAMPLE, pii: { types: ['PASSPORT'] } },
      '/pii/types/0',
      `The types are ${PII.types.join(', ')}.`,
    ),
    invalid(
      '422-pii-min-score',
      '422 pii: minScore above 1',
      { text: PII_SAMPLE, pii: { minScore: 2 } },
      '/pii/minScore',
      'minScore is from 0 to 1.',
    ),
    invalid(
      '422-pii-unknown-operator',
      '422 pii: unknown operator',
      { text: PII_SAMPLE, tasks: ['redact'], pii: { operator: 'hash' } },
      '/pii/operator',
      `The operators are ${PII.operators.join(', ')}; hashing is not offered.`,
    ),
    invalid(
      '422-pii-allow-list-too-long',
      `422 pii: more than ${PII.maxAllowList} allow-listed values`,
      { text: PII_SAMPLE, pii: { allowList: Array.from({ length: PII.maxAllowList + 1 }, (_, i) => `value ${i}`) } },
      '/pii/allowList',
      `An allow-list holds at most ${PII.maxAllowList} values.`,
    ),
    invalid(
      '422-pii-options-unused',
      `422 pii options for ${first.name}, which does not read them`,
      { text: PII_SAMPLE, pii: { minScore: 0.5 } },
      '/pii',
      `\`pii\` options are refused when no task is ${both.join(' or ')}, rather than ignored.`,
      firstPath,
    ),
  ];
}

function batchRequests(): RequestSpec[] {
  const length = `pm.test('one result per text, in order', () => pm.expect(pm.response.json().results).to.have.lengthOf(${BATCH.length}));`;
  return [
    post(
      `batch-${first.name}`,
      'Batch',
      `${first.name}: a batch of ${BATCH.length} texts`,
      firstPath,
      { texts: BATCH, tasks: ['entities', 'sentences'] },
      ok(responseOf(first), analysed(['entities', 'sentences'], [length])),
      `\`texts\` holds up to ${LIMITS.maxTexts} documents; results come back in the same order.`,
    ),
    post(
      'batch-auto',
      'Batch',
      `auto: a batch of ${BATCH.length} texts`,
      '/nlp/auto',
      { texts: BATCH, tasks: ['entities', 'sentiment'] },
      ok('AutoResponse', [...analysed(['entities', 'sentiment'], [length]), ...autoChecks(['entities', 'sentiment'])]),
      'A batch through auto: both engines run on every text.',
    ),
  ];
}

function encodingRequests(): RequestSpec[] {
  return OFFSET_ENCODINGS.map((encoding) =>
    post(
      `offsets-${encoding}`,
      'Offset encodings',
      `offsetEncoding: ${encoding}`,
      firstPath,
      { text: UNICODE_SAMPLE, tasks: first.tasks, offsetEncoding: encoding },
      ok(
        responseOf(first),
        analysed(first.tasks, [
          `pm.test('offsets are in ${encoding}', () => pm.expect(pm.response.json().offsetEncoding).to.equal('${encoding}'));`,
        ]),
      ),
      `Offsets in ${encoding} units of the submitted text (accents and emoji make the encodings differ).`,
    ),
  );
}

function limitRequests(): RequestSpec[] {
  const limit = (value: number) => [`pm.test('names the limit ${value}', () => pm.expect(pm.response.json().limit).to.equal(${value}));`];
  const big = (
    id: string,
    name: string,
    path: string,
    expression: string,
    slug: ProblemSlug,
    value: number,
    description: string,
  ): RequestSpec => ({
    ...post(id, 'Errors', name, path, undefined, problem(slug, 413, limit(value)), description),
    generatedBody: expression,
  });
  // TextBlob tokenises 100 000 punctuation marks in about 2 s; spaCy's tokenizer needs over a minute
  // for one such run without spaces, so this request would time out on spaCy instead of hitting the cap.
  const textblob = ENGINES.find((engine) => engine.name === 'textblob') ?? first;
  return [
    big(
      '413-body-too-large',
      '413 body over 1 MiB',
      firstPath,
      `JSON.stringify({ text: 'a'.repeat(${LIMITS.maxBodyBytes}) })`,
      'body-too-large',
      LIMITS.maxBodyBytes,
      'A body over 1 MiB, generated by the pre-request script.',
    ),
    big(
      '413-too-many-texts',
      `413 more than ${LIMITS.maxTexts} texts`,
      firstPath,
      `JSON.stringify({ texts: Array(${LIMITS.maxTexts + 1}).fill('Hello.') })`,
      'too-many-texts',
      LIMITS.maxTexts,
      `${LIMITS.maxTexts + 1} texts.`,
    ),
    big(
      '413-text-too-long',
      `413 a text over ${LIMITS.maxTextCharacters} characters`,
      firstPath,
      `JSON.stringify({ text: 'a'.repeat(${LIMITS.maxTextCharacters + 1}) })`,
      'text-too-long',
      LIMITS.maxTextCharacters,
      'One text one character over the limit.',
    ),
    big(
      '413-too-much-text',
      `413 over ${LIMITS.maxTotalCharacters} characters in all`,
      firstPath,
      `JSON.stringify({ texts: Array(2).fill('a'.repeat(${LIMITS.maxTotalCharacters / 2 + 1})) })`,
      'too-much-text',
      LIMITS.maxTotalCharacters,
      'Two texts, each within the limit, together over it.',
    ),
    big(
      '413-result-too-large',
      '413 a result over the cap',
      `/nlp/${textblob.name}`,
      `JSON.stringify({ text: '!'.repeat(${LIMITS.maxTotalCharacters}), tasks: ['tokens'] })`,
      'result-too-large',
      LIMITS.maxResponseBytes,
      `${LIMITS.maxTotalCharacters} punctuation marks with \`tokens\`: the normalised result would exceed ${LIMITS.maxResponseBytes} bytes.`,
    ),
  ];
}

function errorRequests(): RequestSpec[] {
  const errorPath = (path: string) => [
    `pm.test('points at ${path}', () => pm.expect(pm.response.json().errors.map((error) => error.path)).to.include('${path}'));`,
  ];
  const invalid = (id: string, name: string, body: unknown, path: string, description: string) =>
    post(id, 'Errors', name, firstPath, body, problem('validation-failed', 422, errorPath(path)), description);
  const unsupported = ENGINES.flatMap((engine) =>
    TASKS.filter((task) => !engine.tasks.includes(task)).map((task) =>
      post(
        `422-unsupported-${engine.name}-${task}`,
        'Errors',
        `422 ${engine.name} does not do ${task}`,
        `/nlp/${engine.name}`,
        { text: SAMPLE, tasks: [task] },
        problem('unsupported-task', 422, [
          ...errorPath('/tasks/0'),
          `pm.test('lists what ${engine.name} supports', () => pm.expect(pm.response.json().supportedTasks).to.eql(${json(engine.tasks)}));`,
        ]),
        `A task the engine does not support; the problem lists the tasks it does.`,
      ),
    ),
  );
  const gateway = (
    id: string,
    name: string,
    method: 'GET' | 'POST',
    path: string,
    auth: RequestSpec['auth'],
    status: number,
    slug: ProblemSlug,
    description: string,
  ): RequestSpec => ({
    id,
    folder: 'Errors',
    name,
    description,
    method,
    path,
    auth,
    answerer: 'gateway',
    expect: problem(slug, status),
    ...(method === 'POST' ? { contentType: 'application/json', body: { text: SAMPLE } } : {}),
  });
  return [
    {
      ...post(
        '400-invalid-json',
        'Errors',
        '400 body is not JSON',
        firstPath,
        '{"text": "Apple is',
        problem('invalid-json', 400),
        'A body that is not valid JSON.',
      ),
    },
    gateway(
      '403-missing-key',
      '403 API key missing',
      'POST',
      firstPath,
      'none',
      403,
      'invalid-api-key',
      'No x-api-key header. API Gateway answers.',
    ),
    gateway(
      '403-wrong-key',
      '403 API key wrong',
      'POST',
      firstPath,
      'wrong-key',
      403,
      'invalid-api-key',
      'An x-api-key that is not a key of this stage. API Gateway answers.',
    ),
    post(
      '404-unknown-engine',
      'Errors',
      '404 unknown engine',
      '/nlp/stanza',
      { text: SAMPLE },
      problem('unknown-engine', 404, [
        `pm.test('lists the engines', () => pm.expect(pm.response.json().engines).to.eql(${json(ENGINES.map((e) => e.name))}));`,
      ]),
      'An engine that does not exist; the problem lists the engines.',
    ),
    gateway(
      '404-unknown-route',
      '404 unknown route',
      'GET',
      '/v2/analyse',
      'key',
      404,
      'not-found',
      'A path the API does not have. API Gateway answers.',
    ),
    ...limitRequests(),
    {
      ...post(
        '415-text-plain',
        'Errors',
        '415 body is not JSON (text/plain)',
        firstPath,
        SAMPLE,
        problem('unsupported-media-type', 415),
        'Content-Type text/plain.',
      ),
      contentType: 'text/plain',
    },
    invalid('422-not-an-object', '422 body is not an object', [SAMPLE], '/', 'JSON that is not an object.'),
    invalid(
      '422-unknown-property',
      '422 unknown property',
      { text: SAMPLE, language: 'en' },
      '/language',
      'Unknown properties are rejected.',
    ),
    invalid('422-text-and-texts', '422 both text and texts', { text: SAMPLE, texts: [SAMPLE] }, '/', 'Exactly one of text or texts.'),
    invalid('422-empty-text', '422 empty text', { text: '' }, '/text', 'A text must not be empty.'),
    invalid('422-unknown-task', '422 unknown task', { text: SAMPLE, tasks: ['summary'] }, '/tasks/0', `Tasks are ${TASKS.join(', ')}.`),
    invalid(
      '422-unknown-encoding',
      '422 unknown offset encoding',
      { text: SAMPLE, offsetEncoding: 'utf32' },
      '/offsetEncoding',
      `Encodings are ${OFFSET_ENCODINGS.join(', ')}.`,
    ),
    ...unsupported,
  ];
}

/** Bulk jobs (README.md, "Bulk jobs"): an upload URL, and what a job refuses before it starts. */
function jobRequests(): RequestSpec[] {
  const unknownUpload = '0123456789abcdef0123456789abcdef';
  return [
    {
      ...post(
        'upload',
        'Bulk jobs',
        'POST /nlp/uploads',
        '/nlp/uploads',
        undefined,
        { ...ok('Upload'), status: 201 },
        "A presigned URL to PUT a job's input to, valid 15 minutes.",
      ),
      contentType: undefined,
      body: undefined,
    },
    post(
      'job-unknown-upload',
      'Bulk jobs',
      '404 job over an upload that does not exist',
      '/nlp/jobs',
      { engine: first.name, input: { uploadId: unknownUpload, format: 'jsonl' } },
      problem('upload-not-found', 404),
      'A job must name an upload this API key made (POST /nlp/uploads, then PUT the file).',
    ),
    post(
      'job-bad-format',
      'Bulk jobs',
      '422 job with an unknown input format',
      '/nlp/jobs',
      { engine: first.name, input: { uploadId: unknownUpload, format: 'csv' } },
      problem('validation-failed', 422),
      'The input format is jsonl (one document a line) or text (the upload is one document).',
    ),
    {
      id: 'cancel-not-found',
      folder: 'Bulk jobs',
      name: "404 cancel a job that does not exist (or is another key's)",
      description: "Cancelling someone else's job is refused as if it did not exist.",
      method: 'POST',
      path: `/nlp/jobs/${unknownUpload}/cancel`,
      auth: 'key',
      answerer: 'handler',
      expect: problem('job-not-found', 404),
    },
    {
      id: 'job-not-found',
      folder: 'Bulk jobs',
      name: "404 a job that does not exist (or is another key's)",
      description: 'A job belongs to the API key that started it; any other key is told there is no such job.',
      method: 'GET',
      path: `/nlp/jobs/${unknownUpload}`,
      auth: 'key',
      answerer: 'handler',
      expect: problem('job-not-found', 404),
    },
  ];
}

export function requestSpecs(): RequestSpec[] {
  return [
    ...discovery(),
    ...engineRequests(),
    ...taskRequests(),
    ...personalDataRequests(),
    ...batchRequests(),
    ...encodingRequests(),
    ...errorRequests(),
    ...jobRequests(),
  ];
}

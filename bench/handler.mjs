#!/usr/bin/env node
// Handler cold start and overhead, ours against a bare Middy + JSON body parser + SDK handler
// bundled the same way (serverless.yml's esbuild settings), measured side by side in one run:
// bundle size, module init time in fresh processes (ours with the environment serverless.yml gives
// the function, NODE_OPTIONS included, and once more with --enable-source-maps for comparison),
// in-process time per request with the network call stubbed out, the time and peak memory of the
// largest allowed request, and a logged defect's stack, which must point at TypeScript lines.
// Run: npm run bench:handler
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { load } from 'js-yaml';
import { writeSection } from './report.mjs';
import { median, quantile } from './stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'bench', '.out');
const INIT_RUNS = 60;
const REQUESTS = 3000;

const require = createRequire(import.meta.url);
const service = /** @type {any} */ (load(readFileSync(join(root, 'serverless.yml'), 'utf8'), { json: true }));

/** The esbuild options serverless-esbuild uses, read from serverless.yml, with the plugins it names. */
function serverlessBuildOptions() {
  const { bundle, minify, sourcemap, sourcesContent, target, platform, format, mainFields, banner, plugins } = service.custom.esbuild;
  return {
    bundle,
    minify,
    sourcemap,
    sourcesContent,
    target,
    platform,
    format,
    mainFields,
    banner,
    plugins: plugins ? require(join(root, plugins)) : [],
  };
}

/** Resolves serverless.yml's `${self:…}`, `${param:…}` and `${sls:stage}` as a deployed stage named "bench" would. */
function resolve(value) {
  if (typeof value !== 'string') return value;
  return value.replace(/\$\{([^}]+)\}/g, (_, ref) => {
    const [source, path] = ref.split(/:(.*)/s);
    if (source === 'sls' && path === 'stage') return 'bench';
    if (source === 'param') return String(service.params.default[path]);
    if (source === 'self') return String(resolve(path.split('.').reduce((node, key) => node?.[key], service)));
    throw new Error(`bench: cannot resolve \${${ref}} in serverless.yml`);
  });
}

/** The environment serverless.yml gives the nlp function in a deployed stage, plus what Lambda itself sets. */
function functionEnvironment() {
  const variables = { ...service.provider.environment, ...service.custom.stageEnvironment.deployed };
  return {
    AWS_REGION: 'us-east-1',
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    ...Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, resolve(value)])),
  };
}

async function bundle(entry, name) {
  const outfile = join(out, `${name}.mjs`);
  await build({ ...serverlessBuildOptions(), entryPoints: [join(root, entry)], outfile, logLevel: 'error' });
  return outfile;
}

/** No NODE_OPTIONS of the machine's own leak into a measurement. */
const { NODE_OPTIONS: _, ...machine } = process.env;
/** @type {Record<string, string | undefined>} */
const deployed = { ...machine, ...functionEnvironment() };
const bareEnvironment = { ...machine, AWS_REGION: 'us-east-1', SAGEMAKER_ENDPOINT_NAME: 'nlp-gateway-bench' };
const env = { ...deployed, POWERTOOLS_METRICS_DISABLED: 'true' };

/**
 * Milliseconds to import a bundle in a fresh Node process with the given environment: wall time,
 * and the CPU time the process spent meanwhile (less sensitive to other work on a shared machine).
 */
function initTime(file, environment) {
  const script = `const t = performance.now(); const c = process.cpuUsage(); await import(${JSON.stringify(pathToFileURL(file).href)}); const { user, system } = process.cpuUsage(c); console.log(JSON.stringify([performance.now() - t, (user + system) / 1000]));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: environment, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim());
}

const context = { getRemainingTimeInMillis: () => 30_000, functionName: 'bench', awsRequestId: 'bench', memoryLimitInMB: '512' };
const event = (body) => ({
  path: '/nlp/spacy',
  httpMethod: 'POST',
  pathParameters: { engine: 'spacy' },
  headers: { 'Content-Type': 'application/json' },
  requestContext: { requestId: 'bench' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});

/** Times each request; log lines are formatted as in Lambda, but their write to stdout is skipped. */
async function timePerRequest(handler, request) {
  const times = [];
  const write = process.stdout.write;
  process.stdout.write = () => true;
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await handler(event(request), context);
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`bench request failed: ${response.body}`);
  }
  process.stdout.write = write;
  return times;
}

/** A native spaCy answer for the largest allowed request: 64 texts, 100 000 characters, all tasks. */
function largestRequest() {
  const words = 'Apple is looking at buying U.K. startup for $1 billion .'.split(' ');
  const texts = [];
  const docs = [];
  for (let t = 0; t < 64; t++) {
    const parts = [];
    for (let length = 0; length < 1562 - 12; length += words[parts.length % words.length].length + 1)
      parts.push(words[parts.length % words.length]);
    const text = parts.join(' ');
    let offset = 0;
    const tokens = parts.map((word) => {
      const start = offset;
      offset += word.length + 1;
      return { start, end: start + word.length, lemma: word.toLowerCase(), pos: 'NOUN', tag: 'NN' };
    });
    texts.push(text);
    docs.push({
      tokens,
      sents: [{ start: 0, end: text.length }],
      ents: tokens.filter((_, i) => i % 5 === 0).map(({ start, end }) => ({ start, end, label: 'ORG' })),
      noun_chunks: tokens.filter((_, i) => i % 3 === 0).map(({ start, end }) => ({ start, end })),
    });
  }
  return {
    request: { texts, tasks: ['tokens', 'sentences', 'entities', 'nounPhrases'] },
    native: { model: { name: 'en_core_web_sm', version: '3.8.0' }, docs },
  };
}

function largestInFreshProcess(file, factory = 'largest', ...args) {
  const script = `
    const { handlers } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const { ${factory}: largest } = await import(${JSON.stringify(pathToFileURL(fileURLToPath(import.meta.url)).href)});
    const { request, native } = largest(...${JSON.stringify(args)});
    const { ours } = handlers(new TextEncoder().encode(JSON.stringify(native)));
    process.stdout.write = () => true;
    const before = process.memoryUsage().rss;
    const started = performance.now();
    const response = await ours(${event.toString().replace(/^.*?=>/, '((body) =>')})(request), { getRemainingTimeInMillis: () => 30000 });
    const ms = performance.now() - started;
    console.error(JSON.stringify({ ms, status: response.statusCode, bytes: response.body.length, rssBefore: before, peakRss: process.resourceUsage().maxRSS * 1024 }));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, BENCH_IMPORT_ONLY: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stderr.trim().split('\n').at(-1));
}
export const largest = largestRequest;

/** The first frame of our code in the stack the access log writes for a defect (the stub's empty answer has no Body). */
function loggedStack(file) {
  const script = `
    const { handlers } = await import(${JSON.stringify(pathToFileURL(file).href)});
    const { ours } = handlers(new Uint8Array(0));
    const lines = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stdout.write = process.stderr.write = (chunk) => lines.push(String(chunk)) > 0;
    await ours(${event.toString().replace(/^.*?=>/, '((body) =>')})({ text: 'x' }), { getRemainingTimeInMillis: () => 30000 });
    const failed = lines.map((line) => JSON.parse(line)).find((line) => line.message === 'request failed');
    const frames = failed.error.stack.split('\\n').slice(1).map((line) => line.trim());
    write(JSON.stringify(frames.find((line) => !line.includes('<anonymous>') && !line.includes('node:'))) + '\\n');`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...env, POWERTOOLS_LOG_LEVEL: 'INFO', BENCH_IMPORT_ONLY: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr);
  const frame = JSON.parse(result.stderr.trim().split('\n').at(-1));
  if (!/\.ts:\d+:\d+\)?$/.test(frame)) throw new Error(`the logged stack does not point at a TypeScript line: ${frame}`);
  return frame;
}

async function main() {
  mkdirSync(out, { recursive: true });
  const [ours, bare, inprocess, barePowertools, bareRequest] = await Promise.all([
    bundle('handlers/nlp.ts', 'nlp'),
    bundle('bench/entries/bare.ts', 'bare'),
    bundle('bench/entries/inprocess.ts', 'inprocess'),
    bundle('bench/entries/bare-powertools.ts', 'bare-powertools'),
    bundle('bench/entries/bare-request.ts', 'bare-request'),
  ]);
  const size = {
    ours: statSync(ours).size,
    bare: statSync(bare).size,
    barePowertools: statSync(barePowertools).size,
    bareRequest: statSync(bareRequest).size,
  };

  // Interleaved round by round, the order rotating each round, so that whatever else the machine does, and the speed
  // its cores run at (on this shared host it changes by up to 2× within seconds), weighs on each variant alike.
  const startLoad = loadavg()[0];
  const withSourceMaps = { ...deployed, NODE_OPTIONS: [deployed.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ') };
  const variants = {
    ours: [ours, deployed],
    bare: [bare, bareEnvironment],
    sourceMaps: [ours, withSourceMaps],
    barePowertools: [barePowertools, deployed],
    bareRequest: [bareRequest, deployed],
  };
  const runs = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const names = Object.keys(variants);
  for (let i = 0; i < INIT_RUNS; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      runs[name][i] = initTime(...variants[name]);
    }
  }
  const pick = (index) => Object.fromEntries(Object.entries(runs).map(([name, times]) => [name, times.map((time) => time[index])]));
  const init = pick(0);
  const cpu = pick(1);
  /** The median over the rounds of a variant's time ÷ the bare handler's in the same round. */
  const paired = (times, name) => median(times[name].map((time, round) => time / times.bare[round]));
  const stack = loggedStack(inprocess);

  Object.assign(process.env, env);
  const { handlers } = await import(pathToFileURL(inprocess).href);
  const native = JSON.parse(readFileSync(join(root, 'test/fixtures/native/spacy-apple.json'), 'utf8'));
  const { ours: oursHandler, bare: bareHandler } = handlers(new TextEncoder().encode(JSON.stringify(native)));
  const typical = { text: 'Apple is looking at buying U.K. startup for $1 billion 🍕' };
  await timePerRequest(oursHandler, typical);
  await timePerRequest(bareHandler, typical);
  const perRequest = { ours: await timePerRequest(oursHandler, typical), bare: await timePerRequest(bareHandler, typical) };
  const big = largestInFreshProcess(inprocess);
  if (big.status !== 200) throw new Error(`largest request answered ${big.status}`);

  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  const ms = (value) => `${value.toFixed(3)} ms`;
  const initRatio = paired(init, 'ours');
  const cpuRatio = paired(cpu, 'ours');
  /** A table row for one variant's init times against the bare handler's, with the paired ratio. */
  const initRow = (label, times, name, target = '') => [
    label,
    ms(median(times[name])),
    ms(median(times.bare)),
    paired(times, name).toFixed(2),
    target,
  ];
  const rows = [
    ['Bundle size (minified ESM)', kb(size.ours), kb(size.bare), (size.ours / size.bare).toFixed(2), '≤ 1.25'],
    initRow(`Module init, median of ${INIT_RUNS} fresh processes (ours: serverless.yml's environment)`, init, 'ours', '≤ 1.15'),
    initRow('… ours with `NODE_OPTIONS=--enable-source-maps` instead (not deployed)', init, 'sourceMaps'),
    initRow('Module init, CPU time (user + system), median of the same runs', cpu, 'ours'),
    initRow('… ours with `--enable-source-maps`, CPU time', cpu, 'sourceMaps'),
    [
      `In-process time per request, median of ${REQUESTS}`,
      ms(median(perRequest.ours)),
      ms(median(perRequest.bare)),
      (median(perRequest.ours) / median(perRequest.bare)).toFixed(2),
      'ours < 1 ms',
    ],
    [
      `In-process time per request, p99 of ${REQUESTS}`,
      ms(quantile(perRequest.ours, 0.99)),
      ms(quantile(perRequest.bare, 0.99)),
      (quantile(perRequest.ours, 0.99) / quantile(perRequest.bare, 0.99)).toFixed(2),
      '',
    ],
  ];
  const verdict = [
    size.ours / size.bare <= 1.25 ? 'met' : 'NOT met',
    initRatio <= 1.15 ? 'met' : 'NOT met',
    median(perRequest.ours) < 1 ? 'met' : 'NOT met',
  ];
  const markdown = `## Handler cold start and overhead (\`npm run bench:handler\`)

Ours is \`handlers/nlp.ts\`; the baseline is \`bench/entries/bare.ts\` (Middy + \`@middy/http-json-body-parser\` + the SageMaker
SDK and nothing else). Both are bundled with serverless.yml's esbuild settings. Ours is imported with the environment
serverless.yml gives the \`nlp\` function in a deployed stage (\`provider.environment\`, NODE_OPTIONS included if it
sets one: it sets none); the baseline with none. "In-process" runs each handler with an SDK whose HTTP layer answers
at once with a canned container response, so it counts everything but the network call (for ours: body parsing,
validation, the SDK call, normalisation with offset conversion, serialisation, logging).

Source maps: \`--enable-source-maps\` reads and parses the bundle's map at every cold start (the row above shows what
that costs). The deployed functions do without it: the map ships beside the bundle (\`sourcemap: linked\`,
\`sourcesContent: false\`) and \`handlers/source-stack.ts\` loads it only when the access log logs a 5xx, once per
Lambda environment. A defect thrown inside the bundle (a stubbed answer with no body) is logged with this frame:
\`${stack}\`.

Init times are medians over ${INIT_RUNS} rounds; in each round every variant is imported once in a fresh process, in an order
that rotates from round to round. An init ratio is the median over the rounds of that round's own ratio to the bare handler
(the cores of this shared host change speed by up to 2× within seconds, so only times from the same round compare fairly);
the plain ratio of the two medians, which mixes rounds, was ${(median(init.ours) / median(init.bare)).toFixed(2)} for ours by wall time.

| measure | ours | bare | ratio | target |
| --- | --- | --- | --- | --- |
${rows.map((row) => `| ${row.join(' | ')} |`).join('\n')}

Where ours' extra cold start goes: the baseline with one of our parts added, from the same interleaved runs (the
parts share code, so they do not add up exactly):

| bundle | size | init (median) | × bare |
| --- | ---: | ---: | ---: |
${[
  ['bare', 'bare'],
  ['bare + Powertools logger and metrics (`bench/entries/bare-powertools.ts`)', 'barePowertools'],
  ['bare + the request validation, ajv precompiled (`bench/entries/bare-request.ts`)', 'bareRequest'],
  ['ours', 'ours'],
]
  .map(([label, name]) => `| ${label} | ${kb(size[name])} | ${ms(median(init[name]))} | ${paired(init, name).toFixed(2)} |`)
  .join('\n')}

Targets: bundle size ${verdict[0]}; init time ${verdict[1]} by wall time (${initRatio.toFixed(2)}), ${cpuRatio <= 1.15 ? 'met' : 'NOT met'} by CPU time (${cpuRatio.toFixed(2)}); per-request overhead under 1 ms ${verdict[2]}.
The machine's 1-minute load average was ${startLoad.toFixed(1)} when the init runs began and ${loadavg()[0].toFixed(1)} at the end, on
${cpus().length} cores; ratios come from runs interleaved one by one, so other work weighs on each variant alike, and the
ratio still moves by a few hundredths from one run of this bench to the next.

Largest allowed request (64 texts, 100 000 characters, all four spaCy tasks, ${big.bytes.toLocaleString('en-US')} bytes of response),
in a fresh process: ${big.ms.toFixed(0)} ms, peak RSS ${(big.peakRss / 2 ** 20).toFixed(0)} MiB (${(big.rssBefore / 2 ** 20).toFixed(0)} MiB before the request).
The Lambda memory size (serverless.yml \`params.default.lambdaMemory\`: 512 MB) leaves room for that peak; Lambda's CPU share
grows with memory, so 512 MB rather than the minimum also keeps the largest request's time down.`;
  writeSection('handler', markdown);
  console.log(markdown);
}

// ---- The largest `syntax` request (issue 14): time and peak memory, and what grapheme offsets cost on it. ----

/**
 * A native spaCy answer for the largest allowed request with `syntax`: 64 texts, 100 000 characters,
 * syntax with sentences, entities and noun phrases. Each text holds emoji, ZWJ sequences and combining marks, so offsets need the
 * conversion tables (UTF-16 and, for `grapheme`, the cluster table) rather than the ASCII fast path.
 */
export function largestSyntax(offsetEncoding = 'utf16') {
  const words = 'Zoë 👩\u200d👩\u200d👧 is looking at buying a cafe\u0301 in 서울 for $1 billion 👋🏽 .'.split(' ');
  const texts = [];
  const docs = [];
  for (let t = 0; t < 64; t++) {
    const parts = [];
    for (let length = 0; length < 1540; length += [...words[parts.length % words.length]].length + 1)
      parts.push(words[parts.length % words.length]);
    const text = parts.join(' ');
    let offset = 0;
    const tokens = parts.map((word, i) => {
      const start = offset;
      offset += [...word].length + 1;
      return {
        start,
        end: offset - 1,
        lemma: word.toLowerCase(),
        pos: 'NOUN',
        tag: 'NN',
        morph: 'Number=Sing',
        dep: i % 14 ? 'dep' : 'ROOT',
        head: i - (i % 14),
      };
    });
    texts.push(text);
    const spans = (every) => tokens.filter((_, i) => i % every === 0).map(({ start, end }) => ({ start, end }));
    docs.push({
      syntax: tokens,
      sents: [{ start: 0, end: [...text].length }],
      ents: spans(5).map((span) => ({ ...span, label: 'ORG' })),
      noun_chunks: spans(3),
    });
  }
  // `tokens` is left out: `syntax` holds every token already, and both together on 100 000 characters of short words go over the response cap (a 413).
  const tasks = ['syntax', 'sentences', 'entities', 'nounPhrases'];
  return { request: { texts, tasks, offsetEncoding }, native: { model: { name: 'en_core_web_sm', version: '3.8.0' }, docs } };
}

const SYNTAX_ROUNDS = 15;

/** Median in-process time of the largest syntax request, UTF-16 against grapheme offsets, interleaved. */
async function syntaxInProcess(handlers) {
  const runs = Object.fromEntries(
    ['utf16', 'grapheme'].map((encoding) => {
      const { request, native } = largestSyntax(encoding);
      return [encoding, { request, handler: handlers(new TextEncoder().encode(JSON.stringify(native))).ours, times: [] }];
    }),
  );
  const write = process.stdout.write;
  process.stdout.write = () => true;
  for (let round = -1; round < SYNTAX_ROUNDS; round++) {
    for (const run of Object.values(runs)) {
      const started = performance.now();
      const response = await run.handler(event(run.request), context);
      if (round >= 0) run.times.push(performance.now() - started);
      if (response.statusCode !== 200)
        throw new Error(`largest syntax request answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    }
  }
  process.stdout.write = write;
  return { utf16: median(runs.utf16.times), grapheme: median(runs.grapheme.times) };
}

async function syntaxSection(inprocess, handlers) {
  const fresh = {
    utf16: largestInFreshProcess(inprocess, 'largestSyntax', 'utf16'),
    grapheme: largestInFreshProcess(inprocess, 'largestSyntax', 'grapheme'),
  };
  for (const run of Object.values(fresh)) if (run.status !== 200) throw new Error(`largest syntax request answered ${run.status}`);
  const warm = await syntaxInProcess(handlers);
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
  const markdown = `## Handler: the largest \`syntax\` request (\`npm run bench:handler\`)

64 texts, 100 000 characters in all (emoji, ZWJ sequences, combining marks and Hangul in every text), \`syntax\` with
\`sentences\`, \`entities\` and \`nounPhrases\` (\`tokens\` too would put this text over the 5 MB response cap: a 413), through \`handlers/nlp.ts\` bundled as deployed, with the container's answer canned in-process
(${fresh.utf16.bytes.toLocaleString('en-US')} bytes of response in UTF-16 offsets).

| offsets | fresh process: time | fresh process: peak RSS | warm: median of ${SYNTAX_ROUNDS} |
| --- | ---: | ---: | ---: |
| \`utf16\` | ${fresh.utf16.ms.toFixed(0)} ms | ${mib(fresh.utf16.peakRss)} | ${warm.utf16.toFixed(1)} ms |
| \`grapheme\` | ${fresh.grapheme.ms.toFixed(0)} ms | ${mib(fresh.grapheme.peakRss)} | ${warm.grapheme.toFixed(1)} ms |

Grapheme offsets (Intl.Segmenter over the stretches of each text that hold non-ASCII, once per text, then a table lookup
per offset) cost ${(warm.grapheme - warm.utf16).toFixed(1)} ms more than UTF-16 on this request when warm (${(warm.grapheme / warm.utf16).toFixed(2)}×).`;
  writeSection('handler-syntax', markdown);
  console.log(markdown);
}

if (!process.env.BENCH_IMPORT_ONLY) {
  await main();
  const { handlers } = await import(pathToFileURL(join(out, 'inprocess.mjs')).href);
  await syntaxSection(join(out, 'inprocess.mjs'), handlers);
}

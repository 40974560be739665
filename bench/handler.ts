/**
 * Handler cold start and overhead, ours against a bare Middy + JSON body parser + SDK handler, both
 * bundled and configured as serverless.yml deploys a function (bench/lib/lambda.ts), side by side in
 * one run; then the largest `syntax` request, UTF-16 against grapheme offsets. What the figures mean:
 * bench/README.md, "Handler cold start and overhead".
 *
 *   npm run bench:handler          (node --import tsx bench/handler.ts; --no-write only prints)
 */
import { loadavg } from 'node:os';
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { handlers as Handlers } from './entries/handlers.js';
import type { largestRequestRun } from './entries/fresh-process.js';
import type * as Requests from './entries/requests.js';
import {
  bundleAsDeployed,
  callInFreshProcess,
  cleanEnvironment,
  functionEnvironment,
  initTime,
  median,
  publish,
  quantile,
  table,
  verdict,
} from './lib/index.js';

const INIT_RUNS = 60;
const REQUESTS = 3000;
const SYNTAX_ROUNDS = 15;
const TARGETS = { bundle: 1.25, init: 1.15, perRequestMs: 1 };

type Handler = ReturnType<typeof Handlers>['ours'];
type InProcess = typeof Requests & { handlers: typeof Handlers };
type LargestRun = Awaited<ReturnType<typeof largestRequestRun>>;

const machine = cleanEnvironment();
const deployed = { ...machine, ...functionEnvironment('nlp') };
const bareEnvironment = { ...machine, AWS_REGION: deployed.AWS_REGION, SAGEMAKER_ENDPOINT_NAME: deployed.SAGEMAKER_ENDPOINT_NAME };
const withSourceMaps = { ...deployed, NODE_OPTIONS: [deployed.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ') };
/** The in-process runs publish no metrics (the bare handler has none to publish). */
const inProcessEnvironment = { ...deployed, POWERTOOLS_METRICS_DISABLED: 'true' };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const ms = (value: number, digits = 3) => `${value.toFixed(digits)} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const bundles = {
  ours: await bundleAsDeployed('handlers/nlp.ts', 'nlp'),
  bare: await bundleAsDeployed('bench/entries/bare.ts', 'bare'),
  barePowertools: await bundleAsDeployed('bench/entries/bare-powertools.ts', 'bare-powertools'),
  bareRequest: await bundleAsDeployed('bench/entries/bare-request.ts', 'bare-request'),
  inprocess: await bundleAsDeployed('bench/entries/inprocess.ts', 'inprocess'),
};
const size = (name: keyof typeof bundles) => statSync(bundles[name]).size;

/**
 * Init times, interleaved round by round with the order rotating each round, so that whatever else
 * the machine does, and the speed its cores run at, weighs on each variant alike.
 */
type Variant = 'ours' | 'bare' | 'sourceMaps' | 'barePowertools' | 'bareRequest';
const variants: Record<Variant, [file: string, environment: NodeJS.ProcessEnv]> = {
  ours: [bundles.ours, deployed],
  bare: [bundles.bare, bareEnvironment],
  sourceMaps: [bundles.ours, withSourceMaps],
  barePowertools: [bundles.barePowertools, deployed],
  bareRequest: [bundles.bareRequest, deployed],
};
const names = Object.keys(variants) as Variant[];
const startLoad = loadavg()[0] ?? 0;
const runs = Object.fromEntries(names.map((name) => [name, [] as [number, number][]])) as Record<Variant, [number, number][]>;
for (let round = 0; round < INIT_RUNS; round++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(round + k) % names.length]!;
    runs[name][round] = initTime(...variants[name]);
  }
}
const endLoad = loadavg()[0] ?? 0;
const pick = (index: 0 | 1) =>
  Object.fromEntries(names.map((name) => [name, runs[name].map((time) => time[index])])) as Record<Variant, number[]>;
const wall = pick(0);
const cpu = pick(1);
/** The median over the rounds of a variant's time ÷ the bare handler's in the same round. */
const paired = (times: Record<Variant, number[]>, name: Variant) => median(times[name].map((time, round) => time / times.bare[round]!));

const frame = callInFreshProcess<string>(bundles.inprocess, 'loggedDefectFrame', [], {
  ...inProcessEnvironment,
  POWERTOOLS_LOG_LEVEL: 'INFO',
});
if (!/\.ts:\d+:\d+\)?$/.test(frame)) throw new Error(`the logged stack does not point at a TypeScript line: ${frame}`);

Object.assign(process.env, inProcessEnvironment);
const inprocess = (await import(pathToFileURL(bundles.inprocess).href)) as InProcess;

/** Times each request; log lines are formatted as in Lambda, but their write to stdout is skipped. */
async function timePerRequest(handler: Handler, request: unknown, count: number): Promise<number[]> {
  const times: number[] = [];
  const write = process.stdout.write;
  process.stdout.write = () => true;
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await handler(inprocess.apiEvent(request), inprocess.lambdaContext);
    times.push(performance.now() - started);
    if (response.statusCode !== 200) throw new Error(`bench request failed: ${response.statusCode} ${response.body.slice(0, 300)}`);
  }
  process.stdout.write = write;
  return times;
}

const canned = await import('../test/fixtures/native/spacy-apple.json', { with: { type: 'json' } });
const typical = inprocess.handlers(new TextEncoder().encode(JSON.stringify(canned.default)));
await timePerRequest(typical.ours, inprocess.TYPICAL, REQUESTS);
await timePerRequest(typical.bare, inprocess.TYPICAL, REQUESTS);
const perRequest = {
  ours: await timePerRequest(typical.ours, inprocess.TYPICAL, REQUESTS),
  bare: await timePerRequest(typical.bare, inprocess.TYPICAL, REQUESTS),
};
const largestRun = (kind: Requests.Largest, encoding?: string) => {
  const run = callInFreshProcess<LargestRun>(bundles.inprocess, 'largestRequestRun', [kind, encoding], inProcessEnvironment);
  if (run.status !== 200) throw new Error(`the largest ${kind} request (${encoding ?? 'utf16'}) answered ${run.status}`);
  return run;
};
const big = largestRun('largest');

const sizeRatio = size('ours') / size('bare');
const initRatio = paired(wall, 'ours');
const cpuRatio = paired(cpu, 'ours');
const initRow = (label: string, times: Record<Variant, number[]>, name: Variant, target = '') => [
  label,
  ms(median(times[name])),
  ms(median(times.bare)),
  paired(times, name).toFixed(2),
  target,
];
const perRequestRow = (label: string, figure: (times: number[]) => number, target = '') => [
  label,
  ms(figure(perRequest.ours)),
  ms(figure(perRequest.bare)),
  (figure(perRequest.ours) / figure(perRequest.bare)).toFixed(2),
  target,
];
const parts: [string, Exclude<Variant, 'sourceMaps'>][] = [
  ['bare', 'bare'],
  ['bare + Powertools logger and metrics (`bench/entries/bare-powertools.ts`)', 'barePowertools'],
  ['bare + the request validation, ajv precompiled (`bench/entries/bare-request.ts`)', 'bareRequest'],
  ['ours', 'ours'],
];

publish(
  'handler',
  `A defect thrown inside the bundle (a stubbed answer with no body) is logged with this frame: \`${frame}\`.
The plain ratio of the two init medians, which mixes rounds, was ${(median(wall.ours) / median(wall.bare)).toFixed(2)} for ours by wall time.

${table(
  ['measure', 'ours', 'bare', 'ratio', 'target'],
  [
    ['Bundle size (minified ESM)', kb(size('ours')), kb(size('bare')), sizeRatio.toFixed(2), `≤ ${TARGETS.bundle}`],
    initRow(`Module init, median of ${INIT_RUNS} fresh processes (ours: serverless.yml's environment)`, wall, 'ours', `≤ ${TARGETS.init}`),
    initRow('… ours with `NODE_OPTIONS=--enable-source-maps` instead (not deployed)', wall, 'sourceMaps'),
    initRow('Module init, CPU time (user + system), median of the same runs', cpu, 'ours'),
    initRow('… ours with `--enable-source-maps`, CPU time', cpu, 'sourceMaps'),
    perRequestRow(`In-process time per request, median of ${REQUESTS}`, median, `ours < ${TARGETS.perRequestMs} ms`),
    perRequestRow(`In-process time per request, p99 of ${REQUESTS}`, (times) => quantile(times, 0.99)),
  ],
)}

Where ours' extra cold start goes, from the same interleaved runs:

${table(
  ['bundle', 'size:', 'init (median):', '× bare:'],
  parts.map(([label, name]) => [label, kb(size(name)), ms(median(wall[name])), paired(wall, name).toFixed(2)]),
)}

Targets: bundle size ${verdict(sizeRatio <= TARGETS.bundle)}; init time ${verdict(initRatio <= TARGETS.init)} by wall time (${initRatio.toFixed(2)}), ${verdict(cpuRatio <= TARGETS.init)} by CPU time (${cpuRatio.toFixed(2)}); per-request overhead under ${TARGETS.perRequestMs} ms ${verdict(median(perRequest.ours) < TARGETS.perRequestMs)}.
The machine's 1-minute load average was ${startLoad.toFixed(1)} when the init runs began and ${endLoad.toFixed(1)} at the end.

Largest allowed request (64 texts, 100 000 characters, all four spaCy tasks, ${big.bytes.toLocaleString('en-US')} bytes of response),
in a fresh process: ${big.ms.toFixed(0)} ms, peak RSS ${mib(big.peakRss)} (${mib(big.rssBefore)} before the request).`,
);

/** Median in-process time of the largest syntax request, UTF-16 against grapheme offsets, interleaved after one warm-up round. */
async function syntaxInProcess(): Promise<Record<'utf16' | 'grapheme', number>> {
  const runs = (['utf16', 'grapheme'] as const).map((encoding) => {
    const { request, native } = inprocess.largestSyntax(encoding);
    return { encoding, request, handler: inprocess.handlers(new TextEncoder().encode(JSON.stringify(native))).ours, times: [] as number[] };
  });
  for (let round = -1; round < SYNTAX_ROUNDS; round++) {
    for (const run of runs) {
      const [time] = await timePerRequest(run.handler, run.request, 1);
      if (round >= 0) run.times.push(time!);
    }
  }
  return { utf16: median(runs[0]!.times), grapheme: median(runs[1]!.times) };
}

const fresh = { utf16: largestRun('largestSyntax', 'utf16'), grapheme: largestRun('largestSyntax', 'grapheme') };
const warm = await syntaxInProcess();
publish(
  'handler-syntax',
  `${fresh.utf16.bytes.toLocaleString('en-US')} bytes of response in UTF-16 offsets.

${table(
  ['offsets', 'fresh process: time:', 'fresh process: peak RSS:', `warm: median of ${SYNTAX_ROUNDS}:`],
  (['utf16', 'grapheme'] as const).map((encoding) => [
    `\`${encoding}\``,
    ms(fresh[encoding].ms, 0),
    mib(fresh[encoding].peakRss),
    ms(warm[encoding], 1),
  ]),
)}

Grapheme offsets cost ${ms(warm.grapheme - warm.utf16, 1)} more than UTF-16 on this request when warm (${(warm.grapheme / warm.utf16).toFixed(2)}×).`,
);

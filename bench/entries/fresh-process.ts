/**
 * What the handler benchmark runs in a fresh process (bench/lib/lambda.ts, callInFreshProcess),
 * bundled into inprocess.mjs so that such a process imports nothing but the bundle.
 */
import { handlers } from './handlers.js';
import { apiEvent, LARGEST, type Largest, lambdaContext } from './requests.js';

/** Time and peak memory of one of the largest requests through our handler, in this (fresh) process. */
export async function largestRequestRun(kind: Largest, offsetEncoding = 'utf16') {
  const { request, native } = LARGEST[kind](offsetEncoding);
  const { ours } = handlers(new TextEncoder().encode(JSON.stringify(native)));
  process.stdout.write = () => true;
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const response = await ours(apiEvent(request), lambdaContext);
  const ms = performance.now() - started;
  return { ms, status: response.statusCode, bytes: response.body.length, rssBefore, peakRss: process.resourceUsage().maxRSS * 1024 };
}

/** The first frame of our code in the stack the access log writes for a defect (the stub's empty answer has no Body). */
export async function loggedDefectFrame(): Promise<string | undefined> {
  const { ours } = handlers(new Uint8Array(0));
  const lines: string[] = [];
  process.stdout.write = process.stderr.write = (chunk: string | Uint8Array) => lines.push(String(chunk)) > 0;
  await ours(apiEvent({ text: 'x' }), lambdaContext);
  const failed = lines.map((line) => JSON.parse(line)).find((line) => line.message === 'request failed');
  const frames: string[] = failed.error.stack
    .split('\n')
    .slice(1)
    .map((line: string) => line.trim());
  return frames.find((line) => !line.includes('<anonymous>') && !line.includes('node:'));
}

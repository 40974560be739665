/**
 * Step 2 of a job, one Distributed Map item: read the batch's texts with range reads, analyse them
 * as the sync API does (same validation, engine routing including auto, adapter, normalisers), place
 * each chunk's result on its whole document, and write the part under the batch's fixed key, so a
 * retry or a redrive overwrites it. A failure the endpoint may get over (throttling, unavailable,
 * deadline) is thrown for the state machine to retry with jitter; any other failure of a batch is
 * retried one text at a time, so one bad document does not take 63 others with it. When every text
 * then fails the same way the container failed (a crash, a restart), the failure is the
 * endpoint's, not the documents': it is thrown too, for the state machine's retries.
 */
import type { OffsetEncoding, Result, Task } from '../contract.js';
import { ProblemError, summarise } from '../problems.js';
import { type JobSpec, keys, type PartLine, type PlanItem } from './job.js';
import { placementOf, placeResult, WHOLE } from './place.js';
import type { JobStore } from './store.js';
import { type BatchText, readTexts } from './texts.js';

/** The sync API's answer for a batch (`/nlp/{engine}` or `/nlp/auto`), as the worker uses it. */
export interface Analysis {
  results: Result[];
  errors?: unknown;
}

/** Analyses one request body as the sync API would. */
export type Analyser = (body: { texts: string[]; tasks: Task[]; offsetEncoding: OffsetEncoding }) => Promise<Analysis>;

const RETRYABLE_STATUSES = new Set([429, 503, 504]);
const ENGINE_FAILED = 502;

/** A failure for the state machine to retry (the endpoint may recover); anything else is the documents' own. */
export const isRetryable = (error: unknown) => !(error instanceof ProblemError) || RETRYABLE_STATUSES.has(error.status);

function partLine(job: JobSpec, text: BatchText, result: Result, errors: unknown): PartLine {
  const { chunk } = text.planned;
  const placement = chunk ? placementOf(text.text, { ...chunk, last: chunk.index === chunk.count - 1 }, job.offsetEncoding) : WHOLE;
  return {
    doc: text.planned.doc,
    id: text.id,
    ...(chunk ? { chunk: { index: chunk.index, count: chunk.count, weight: chunk.weight } } : {}),
    result: placeResult(result, placement),
    ...(errors ? { errors } : {}),
  };
}

/** What the analysis says about the engines and models, without the results: the part's first line. */
const header = ({ results: _results, errors: _errors, ...about }: Analysis): object => about;

async function analyseEach(job: JobSpec, texts: readonly BatchText[], analyse: Analyser): Promise<{ about?: object; lines: PartLine[] }> {
  let about: object | undefined;
  const lines: PartLine[] = [];
  for (const text of texts) {
    try {
      const analysis = await analyse({ texts: [text.text], tasks: job.tasks, offsetEncoding: job.offsetEncoding });
      about ??= header(analysis);
      lines.push(partLine(job, text, analysis.results[0] ?? {}, analysis.errors));
    } catch (error) {
      if (isRetryable(error)) throw error;
      lines.push({ doc: text.planned.doc, id: text.id, error: summarise(error) });
    }
  }
  const failed = lines.filter((line) => line.error);
  if (failed.length === lines.length && failed.every((line) => line.error?.status === ENGINE_FAILED)) {
    throw new ProblemError('engine-unavailable', 'Every text of the batch failed as the container did; the batch is retried.');
  }
  return { about, lines };
}

export async function workBatch(
  job: JobSpec,
  item: PlanItem,
  store: JobStore,
  analyse: Analyser,
): Promise<{ batch: number; texts: number; failed: number }> {
  const texts = await readTexts(store, item.texts);
  let outcome: { about?: object; lines: PartLine[] };
  try {
    const analysis = await analyse({ texts: texts.map((text) => text.text), tasks: job.tasks, offsetEncoding: job.offsetEncoding });
    outcome = { about: header(analysis), lines: texts.map((text, i) => partLine(job, text, analysis.results[i] ?? {}, analysis.errors)) };
  } catch (error) {
    if (isRetryable(error)) throw error;
    outcome = await analyseEach(job, texts, analyse);
  }
  const body = [JSON.stringify({ about: outcome.about ?? null }), ...outcome.lines.map((line) => JSON.stringify(line))].join('\n');
  await store.write(keys.part(job.id, item.batch), `${body}\n`, 'application/jsonl');
  return { batch: item.batch, texts: texts.length, failed: outcome.lines.filter((line) => line.error).length };
}

/**
 * Step 3 of a job, the reduce: the plan's batches are read back in order with each batch's part,
 * merged with the planner's error lines by input position, a long document's chunks joined into one
 * result (join.ts), and the results written as JSON Lines in input order (files of at most
 * `linesPerFile` lines) with a manifest. A batch without a part (its retries ran out) gives each of
 * its documents an error line. Only one part and one document's chunks are held at a time.
 */
import { ProblemError, summarise } from '../problems.js';
import { type JobSpec, keys, type PartLine, type PlanErrorLine, type PlanItem, type PlanSummary, type ProblemLine } from './job.js';
import { joinChunks, type PlacedChunk } from './join.js';
import type { PlacedResult } from './place.js';
import type { JobStore, LineWriter } from './store.js';
import { readTexts } from './texts.js';

export type JobOutcome = 'succeeded' | 'partiallySucceeded' | 'failed';

export interface Manifest {
  id: string;
  status: JobOutcome;
  engine: string;
  tasks: string[];
  offsetEncoding: string;
  /** What the engines said about themselves (model, or engines and models for auto). */
  about: object | null;
  counts: { total: number; succeeded: number; failed: number };
  /** The result files' keys, in input order. */
  files: string[];
  /** Why the whole job was refused, when it was. */
  problem?: ProblemLine;
}

/** Result files of at most `linesPerFile` lines each, opened as they fill. */
class ResultFiles {
  readonly files: string[] = [];
  readonly #store: JobStore;
  readonly #job: string;
  readonly #linesPerFile: number;
  #writer?: LineWriter;
  #lines = 0;

  constructor(store: JobStore, job: string, linesPerFile: number) {
    this.#store = store;
    this.#job = job;
    this.#linesPerFile = linesPerFile;
  }

  async write(line: object): Promise<void> {
    if (!this.#writer || this.#lines >= this.#linesPerFile) {
      await this.#writer?.close();
      const key = keys.results(this.#job, this.files.length);
      this.files.push(key);
      this.#writer = this.#store.writer(key);
      this.#lines = 0;
    }
    this.#lines++;
    await this.#writer.write(JSON.stringify(line));
  }

  async close(): Promise<void> {
    await this.#writer?.close();
  }
}

async function* parsed<T>(store: JobStore, key: string): AsyncGenerator<T> {
  if ((await store.size(key)) === undefined) return;
  for await (const { bytes } of store.lines(key)) if (bytes.length > 0) yield JSON.parse(bytes.toString('utf8')) as T;
}

/** The part of a batch, or error lines for its documents when the batch never produced one. */
async function partOf(job: JobSpec, item: PlanItem, store: JobStore): Promise<{ about: object | null; lines: PartLine[] }> {
  const part = await store.read(keys.part(job.id, item.batch));
  if (part) {
    const [head, ...lines] = part.toString('utf8').split('\n').filter(Boolean);
    return {
      about: (JSON.parse(head ?? '{}') as { about: object | null }).about,
      lines: lines.map((line) => JSON.parse(line) as PartLine),
    };
  }
  const error = summarise(
    new ProblemError('engine-unavailable', 'The batch holding this document failed after every retry; run the job again.'),
  );
  const texts = await readTexts(store, item.texts);
  return { about: null, lines: texts.map((text) => ({ doc: text.planned.doc, id: text.id, error })) };
}

class Reduction {
  readonly counts = { total: 0, succeeded: 0, failed: 0 };
  about: object | null = null;
  readonly #out: ResultFiles;
  readonly #planErrors: AsyncGenerator<PlanErrorLine>;
  #nextError?: PlanErrorLine | null;
  #current: PartLine[] = [];

  constructor(out: ResultFiles, planErrors: AsyncGenerator<PlanErrorLine>) {
    this.#out = out;
    this.#planErrors = planErrors;
  }

  async add(line: PartLine): Promise<void> {
    if (this.#current[0] && this.#current[0].doc !== line.doc) await this.#flushDocument();
    this.#current.push(line);
  }

  /** Writes the planner's error lines of documents before `doc` (all of them when it is undefined). */
  async errorsBefore(doc?: number): Promise<void> {
    for (;;) {
      if (this.#nextError === undefined) this.#nextError = (await this.#planErrors.next()).value ?? null;
      const next = this.#nextError;
      if (!next || (doc !== undefined && next.doc >= doc)) return;
      await this.#emit({ id: next.id, line: next.line, error: next.error });
      this.#nextError = undefined;
    }
  }

  async finish(): Promise<void> {
    await this.#flushDocument();
    await this.errorsBefore();
  }

  async #flushDocument(): Promise<void> {
    const chunks = this.#current;
    this.#current = [];
    const first = chunks[0];
    if (!first) return;
    await this.errorsBefore(first.doc);
    const failed = chunks.find((chunk) => chunk.error);
    if (failed) return this.#emit({ id: first.id, error: failed.error });
    const placed: PlacedChunk[] = chunks.map((chunk) => ({ result: chunk.result as PlacedResult, weight: chunk.chunk?.weight ?? 1 }));
    const errors = chunks.find((chunk) => chunk.errors)?.errors;
    await this.#emit({ id: first.id, ...joinChunks(placed), ...(errors ? { errors } : {}) });
  }

  async #emit(line: { id: unknown; error?: unknown; [member: string]: unknown }): Promise<void> {
    this.counts.total++;
    if (line.error) this.counts.failed++;
    else this.counts.succeeded++;
    await this.#out.write(line);
  }
}

const outcome = ({ succeeded, failed }: Manifest['counts']): JobOutcome =>
  failed === 0 ? 'succeeded' : succeeded === 0 ? 'failed' : 'partiallySucceeded';

export async function reduceJob(job: JobSpec, store: JobStore, { linesPerFile = 100_000 } = {}): Promise<Manifest> {
  const summary = JSON.parse((await store.read(keys.planSummary(job.id)))?.toString('utf8') ?? '{}') as PlanSummary;
  const out = new ResultFiles(store, job.id, linesPerFile);
  const reduction = new Reduction(out, parsed<PlanErrorLine>(store, keys.planErrors(job.id)));
  if (!summary.refused) {
    for await (const item of parsed<PlanItem>(store, keys.plan(job.id))) {
      const part = await partOf(job, item, store);
      reduction.about ??= part.about;
      for (const line of part.lines) await reduction.add(line);
    }
    await reduction.finish();
  }
  await out.close();
  const { counts, about } = reduction;
  const manifest: Manifest = {
    id: job.id,
    status: summary.refused ? 'failed' : outcome(counts),
    engine: job.engine,
    tasks: job.tasks,
    offsetEncoding: job.offsetEncoding,
    about,
    counts,
    files: out.files,
    ...(summary.refused ? { problem: summary.refused } : {}),
  };
  await store.write(keys.manifest(job.id), JSON.stringify(manifest));
  return manifest;
}

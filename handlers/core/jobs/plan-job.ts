/**
 * Step 1 of a job, the plan: the input streams past once; each document is checked as the sync
 * API checks a text (a bad one becomes an error line, never a failed job), a long one is cut into
 * chunks (its text stored on its own, so workers read their chunk with a range read), and the texts
 * are packed into request-sized batches written as JSON Lines, one Distributed Map item per line.
 * Only the current document and the open batch are held in memory.
 */
import { ProblemError, summarise } from '../problems.js';
import { codePointLength } from '../offsets.js';
import { BatchPacker } from './batches.js';
import { isLongDocument } from './chunks.js';
import { checkDocument, decode, type Document, readLine } from './documents.js';
import { JOB_LIMITS, type JobSpec, keys, type PlanErrorLine, type PlannedText, type PlanSummary } from './job.js';
import { checkDocumentBytes, checkDocumentCount } from './job-limits.js';
import { planChunks } from './long-document.js';
import type { JobStore, SourceLine } from './store.js';

type Packed = PlannedText & { characters: number };

class Planner {
  readonly #job: JobSpec;
  readonly #store: JobStore;
  readonly #packer = new BatchPacker<Packed>();
  readonly #plan;
  readonly #errors;
  readonly summary: PlanSummary = { documents: 0, batches: 0, failed: 0 };

  constructor(job: JobSpec, store: JobStore) {
    this.#job = job;
    this.#store = store;
    this.#plan = store.writer(keys.plan(job.id));
    this.#errors = store.writer(keys.planErrors(job.id));
  }

  /** One document: planned, or an error line when it is refused. `place` says where the whole text lies when it is sent unchanged. */
  async add(line: number, read: () => Document, place: (doc: number) => Omit<PlannedText, 'doc'>): Promise<void> {
    const doc = this.summary.documents++;
    let id: unknown = null;
    try {
      const document = read();
      id = document.id;
      const characters = codePointLength(document.text);
      checkDocument(this.#job, document.text, characters);
      if (isLongDocument(characters)) await this.#addChunks(doc, document);
      else await this.#pack({ doc, ...place(doc), characters });
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      id ??= error.options.extensions?.id ?? null;
      this.summary.failed++;
      const refused: PlanErrorLine = { doc, line, id, error: summarise(error) };
      await this.#errors.write(JSON.stringify(refused));
    }
  }

  refuse(error: ProblemError): void {
    this.summary.refused = summarise(error);
  }

  async close(): Promise<PlanSummary> {
    const last = this.#packer.flush();
    if (last && !this.summary.refused) await this.#writeBatch(last);
    if (this.summary.refused) {
      // A refused job runs no batch: its plan is empty.
      await this.#plan.abort();
      await this.#store.write(keys.plan(this.#job.id), '', 'application/jsonl');
    } else {
      await this.#plan.close();
    }
    await this.#errors.close();
    await this.#store.write(keys.planSummary(this.#job.id), JSON.stringify(this.summary));
    return this.summary;
  }

  async #addChunks(doc: number, { id, text }: Document): Promise<void> {
    const key = this.#job.input.format === 'text' ? this.#job.input.key : keys.document(this.#job.id, doc);
    if (this.#job.input.format !== 'text') await this.#store.write(key, text, 'text/plain; charset=utf-8');
    const chunks = planChunks(text, this.#job.offsetEncoding);
    for (const [index, chunk] of chunks.entries()) {
      const { byteStart, byteEnd, characters, base, coreStart, coreEnd, weight } = chunk;
      await this.#pack({
        doc,
        id,
        form: 'raw',
        key,
        range: [byteStart, byteEnd],
        characters,
        chunk: { index, count: chunks.length, base, coreStart, coreEnd, weight },
      });
    }
  }

  async #pack(text: Packed): Promise<void> {
    const closed = this.#packer.add(text);
    if (closed) await this.#writeBatch(closed);
  }

  async #writeBatch(texts: Packed[]): Promise<void> {
    const batch = this.summary.batches++;
    await this.#plan.write(JSON.stringify({ batch, texts: texts.map(({ characters: _, ...text }) => text) }));
  }
}

const isBlank = (bytes: Uint8Array) => bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);

async function planLines(job: JobSpec, store: JobStore, planner: Planner, maxDocuments: number): Promise<void> {
  let line = 0;
  for await (const source of store.lines(job.input.key) as AsyncIterable<SourceLine>) {
    line++;
    if (isBlank(source.bytes)) continue;
    checkDocumentCount(planner.summary.documents + 1, maxDocuments);
    await planner.add(
      line,
      () => readLine(source.bytes),
      () => ({ form: 'line', key: job.input.key, range: [source.start, source.end] }),
    );
  }
}

/** A `text` upload is one document, read whole once it is known to be within the limit for its tasks. */
async function planText(job: JobSpec, store: JobStore, planner: Planner): Promise<void> {
  checkDocumentBytes(job.tasks, (await store.size(job.input.key)) ?? 0);
  const bytes = (await store.read(job.input.key)) ?? Buffer.alloc(0);
  const id = job.input.key.split('/').at(-1);
  await planner.add(
    1,
    () => ({ id, text: decode(bytes) }),
    () => ({ id, form: 'raw', key: job.input.key, range: [0, bytes.length] }),
  );
}

/**
 * Plans a job. A problem a document causes becomes its error line; one thrown outside a document
 * (too many documents, a `text` upload too large) refuses the whole job, and no batch runs.
 */
export async function planJob(
  job: JobSpec,
  store: JobStore,
  { maxDocuments = JOB_LIMITS.maxDocuments }: { maxDocuments?: number } = {},
): Promise<PlanSummary> {
  const planner = new Planner(job, store);
  try {
    if (job.input.format === 'text') await planText(job, store, planner);
    else await planLines(job, store, planner, maxDocuments);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    planner.refuse(error);
  }
  return planner.close();
}

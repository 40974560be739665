/**
 * A bulk job as the steps see it: what was asked (engine, tasks, offset encoding, which upload in
 * which format), where everything lives in the bucket, and the limits that apply to every job.
 * Object keys are fixed by the job id and the batch number, so a retried or redriven step
 * overwrites its own output instead of adding a second copy.
 */
import type { OffsetEncoding, Task } from '../contract.js';

export const INPUT_FORMATS = ['jsonl', 'text'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** What the steps need of a job; the state machine's input carries it to each step. */
export interface JobSpec {
  id: string;
  engine: string;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  input: { key: string; format: InputFormat };
}

/** Limits of a job (README.md, "Bulk jobs"). */
export const JOB_LIMITS = {
  /** The largest document, as UTF-8 bytes: a `text` upload or one `jsonl` line's text. */
  maxDocumentBytes: 16 * 1024 * 1024,
  /** The largest document that may ask for `tokens` or `syntax`, whose output grows with every character. */
  maxTokenDocumentBytes: 1_000_000,
  /** Documents in one job, per API key. */
  maxDocuments: 1_000_000,
  /** Jobs of one API key queued or running at once. */
  maxRunningJobs: 5,
  /** Seconds an upload URL stays valid. */
  uploadUrlSeconds: 15 * 60,
  /** Seconds a result URL stays valid. */
  resultUrlSeconds: 60 * 60,
} as const;

/** Tasks whose output grows with every character of the document. */
export const TOKEN_TASKS: readonly Task[] = ['tokens', 'syntax'];

export const keys = {
  upload: (uploadId: string) => `uploads/${uploadId}`,
  job: (id: string) => `jobs/${id}/job.json`,
  plan: (id: string) => `jobs/${id}/plan.jsonl`,
  planErrors: (id: string) => `jobs/${id}/plan-errors.jsonl`,
  planSummary: (id: string) => `jobs/${id}/plan.json`,
  document: (id: string, doc: number) => `jobs/${id}/documents/${doc}.txt`,
  part: (id: string, batch: number) => `jobs/${id}/parts/${String(batch).padStart(8, '0')}.jsonl`,
  results: (id: string, file: number) => `jobs/${id}/results/part-${String(file).padStart(5, '0')}.jsonl`,
  manifest: (id: string) => `jobs/${id}/manifest.json`,
};

/** One text of a batch: where to read it and, for a chunk of a long document, where it sits. */
export interface PlannedText {
  /** The document's position in the input (0-based). */
  doc: number;
  /** Its id; for a whole `jsonl` line the worker reads it from the line. */
  id?: unknown;
  /** A `line` holds a JSON object with the text; `raw` is the text itself as UTF-8. */
  form: 'line' | 'raw';
  key: string;
  /** Bytes [start, end) of the object. */
  range: [number, number];
  chunk?: { index: number; count: number; base: number; coreStart: number; coreEnd: number; weight: number };
}

/** One item of the Distributed Map: a request-sized batch. */
export interface PlanItem {
  batch: number;
  texts: PlannedText[];
}

/** What the planner found, for the reducer and the status route. */
export interface PlanSummary {
  documents: number;
  batches: number;
  /** Documents refused while planning (each has an error line). */
  failed: number;
  /** Set when the whole job was refused (its problem, e.g. too many documents). */
  refused?: ProblemLine;
}

/** A problem as a result line carries it: the sync API's problem+json members. */
export interface ProblemLine {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** What the worker writes for each planned text; `result` is placed on the whole document (place.ts). */
export interface PartLine {
  doc: number;
  id: unknown;
  chunk?: { index: number; count: number; weight: number };
  result?: unknown;
  error?: ProblemLine;
  /** Per-task problems of `/nlp/auto`, when some of its engines failed. */
  errors?: unknown;
}

/** A document refused by the planner: its position, id (when it could be read) and problem. */
export interface PlanErrorLine {
  doc: number;
  line: number;
  id: unknown;
  error: ProblemLine;
}

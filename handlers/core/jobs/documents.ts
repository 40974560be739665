/**
 * A job's documents as the planner reads them: a `jsonl` line decoded and checked for its shape,
 * and every document checked as the sync API checks a text, plus the job's size limits. What fails
 * is a ProblemError, which becomes that document's error line.
 */
import { ProblemError } from '../problems.js';
import { parseRequest } from '../request.js';
import { isLongDocument } from './chunks.js';
import type { JobSpec } from './job.js';
import { checkDocumentBytes } from './job-limits.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A document of the input: its text, or the problem that refused it. */
export interface Document {
  id: unknown;
  text: string;
}

export function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    throw new ProblemError('invalid-json', 'The line is not UTF-8.', { cause });
  }
}

/** A `jsonl` line: a JSON object with an `id` (string or number) and a `text`. */
export function readLine(bytes: Uint8Array): Document {
  let value: unknown;
  try {
    value = JSON.parse(decode(bytes));
  } catch (cause) {
    if (cause instanceof ProblemError) throw cause;
    throw new ProblemError('invalid-json', 'The line is not valid JSON.', { cause });
  }
  const errors = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ProblemError('validation-failed', 'A line must be a JSON object {"id": ..., "text": ...}.', {
      errors: [{ path: '/', message: 'must be an object' }],
    });
  }
  const { id, text, ...rest } = value as Record<string, unknown>;
  if (typeof id !== 'string' && typeof id !== 'number') errors.push({ path: '/id', message: 'must be a string or a number' });
  if (typeof text !== 'string') errors.push({ path: '/text', message: 'must be a string' });
  for (const name of Object.keys(rest)) errors.push({ path: `/${name}`, message: 'is not a known property' });
  if (errors.length > 0) {
    // The id rides on the error (an extension no result line shows) so that the error line names its document.
    const known = typeof id === 'string' || typeof id === 'number' ? { id } : {};
    throw new ProblemError('validation-failed', `The line is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, {
      errors,
      extensions: known,
    });
  }
  return { id, text: text as string };
}

/** The checks a document gets before any engine sees it: the job's size limits, and the sync API's. */
export function checkDocument(job: JobSpec, text: string, characters: number): void {
  checkDocumentBytes(job.tasks, Buffer.byteLength(text, 'utf8'));
  if (!isLongDocument(characters)) {
    parseRequest({ text, tasks: job.tasks, offsetEncoding: job.offsetEncoding });
  } else if (!text.isWellFormed()) {
    throw new ProblemError('validation-failed', 'The text must be well-formed Unicode (it holds a lone surrogate).', {
      errors: [{ path: '/text', message: 'must be well-formed Unicode (it holds a lone surrogate)' }],
    });
  }
}

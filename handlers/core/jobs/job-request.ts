/**
 * `POST /nlp/jobs`'s body: the engine (or `auto`), its tasks and offset encoding (checked exactly
 * as the sync API checks them, with the same messages), and the upload to read; and its
 * Idempotency-Key header. Anything else is a 422 that lists what is wrong.
 */
import { checkSupported } from '../auto.js';
import { AUTO_ORDER } from '../engines.js';
import type { OffsetEncoding, Task } from '../contract.js';
import { type FieldError, ProblemError } from '../problems.js';
import { parseRequest, resolveEngine } from '../request.js';
import { INPUT_FORMATS, type InputFormat } from './job.js';

export interface JobRequest {
  engine: string;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  input: { uploadId: string; format: InputFormat };
}

const UPLOAD_ID = /^[0-9a-f]{32}$/;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const KNOWN = new Set(['engine', 'tasks', 'offsetEncoding', 'input']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function inputErrors(input: unknown): FieldError[] {
  if (!isObject(input)) return [{ path: '/input', message: 'must be an object {"uploadId", "format"}' }];
  const errors: FieldError[] = [];
  if (typeof input.uploadId !== 'string' || !UPLOAD_ID.test(input.uploadId))
    errors.push({ path: '/input/uploadId', message: 'must be an uploadId from POST /nlp/uploads' });
  if (!INPUT_FORMATS.includes(input.format as InputFormat))
    errors.push({ path: '/input/format', message: `must be one of ${INPUT_FORMATS.join(', ')}` });
  for (const name of Object.keys(input))
    if (name !== 'uploadId' && name !== 'format') errors.push({ path: `/input/${name}`, message: 'is not a known property' });
  return errors;
}

/** The tasks and encoding as the sync API reads them (its schema and messages), with the engine's defaults. */
function tasksFor(engine: string, tasks: unknown, offsetEncoding: unknown): { tasks: Task[]; offsetEncoding: OffsetEncoding } {
  const request = parseRequest({
    text: '-',
    ...(tasks === undefined ? {} : { tasks }),
    ...(offsetEncoding === undefined ? {} : { offsetEncoding }),
  });
  if (engine !== 'auto') return { tasks: resolveEngine(engine, request).tasks, offsetEncoding: request.offsetEncoding };
  const chosen = request.tasks ?? [...new Set(AUTO_ORDER.flatMap((e) => e.defaultTasks))];
  checkSupported(chosen);
  return { tasks: chosen, offsetEncoding: request.offsetEncoding };
}

export function parseJobRequest(body: unknown): JobRequest {
  if (!isObject(body)) {
    throw new ProblemError('validation-failed', 'The request body is invalid: / the body must be a JSON object.', {
      errors: [{ path: '/', message: 'the body must be a JSON object' }],
    });
  }
  const errors: FieldError[] = [];
  if (typeof body.engine !== 'string') errors.push({ path: '/engine', message: 'must be an engine name or "auto"' });
  errors.push(...inputErrors(body.input));
  for (const name of Object.keys(body)) if (!KNOWN.has(name)) errors.push({ path: `/${name}`, message: 'is not a known property' });
  if (errors.length > 0) {
    throw new ProblemError('validation-failed', `The request body is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, {
      errors,
    });
  }
  const engine = body.engine as string;
  const input = body.input as JobRequest['input'];
  return { engine, ...tasksFor(engine, body.tasks, body.offsetEncoding), input: { uploadId: input.uploadId, format: input.format } };
}

/** The Idempotency-Key header, when there is one: 1 to 255 visible ASCII characters. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined || IDEMPOTENCY_KEY.test(header)) return header;
  throw new ProblemError('validation-failed', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters.', {
    errors: [{ path: 'header:Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
  });
}

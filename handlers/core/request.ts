/**
 * The public request: a schema turns the parsed JSON body into a typed request (422 on mismatch),
 * then the text limits apply (413). Engine and task support are checked by `resolveEngine`.
 */
import * as z from 'zod/mini';
import { ENGINE_NAMES, findEngine, TASKS, type Engine, type Task } from './engines.js';
import { LIMITS } from './limits.js';
import { ProblemError, type FieldError } from './problems.js';
import { codePointLength, OFFSET_ENCODINGS, type OffsetEncoding } from './offsets.js';

const text = z.string({ error: 'must be a string' }).check(
  z.minLength(1, 'must not be empty'),
  z.refine((value) => value.isWellFormed(), 'must be well-formed Unicode (it holds a lone surrogate)'),
);

/** The request body's schema; also the source of the OpenAPI document's request schema. */
export const requestSchema = z
  .strictObject(
    {
      text: z.optional(text),
      texts: z.optional(z.array(text, { error: 'must be an array of strings' }).check(z.minLength(1, 'must hold at least one text'))),
      tasks: z.optional(
        z
          .array(z.enum(TASKS, { error: `must be one of ${TASKS.join(', ')}` }), { error: 'must be an array of task names' })
          .check(z.minLength(1, 'must name at least one task; leave it out for the engine defaults')),
      ),
      offsetEncoding: z.optional(z.enum(OFFSET_ENCODINGS, { error: `must be one of ${OFFSET_ENCODINGS.join(', ')}` })),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'the body must be a JSON object') },
  )
  .check(
    z.refine((body) => (body.text === undefined) !== (body.texts === undefined), {
      message: 'give exactly one of "text" (one document) or "texts" (a batch)',
    }),
  );

export interface NlpRequest {
  texts: string[];
  /** Undefined when the client left `tasks` out: the engine's defaults apply. */
  tasks: Task[] | undefined;
  offsetEncoding: OffsetEncoding;
}

const pointer = (path: readonly PropertyKey[]) => (path.length ? `/${path.map(String).join('/')}` : '/');

function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: pointer([...issue.path, key]), message: 'is not a known property' }))
      : [{ path: pointer(issue.path), message: issue.message }],
  );
}

/** A body with thousands of wrong values gets the first few listed, not an answer larger than itself. */
const MAX_LISTED_ERRORS = 20;

function validate(body: unknown) {
  try {
    return z.safeParse(requestSchema, body);
  } catch (cause) {
    // zod passes an array's issues on as the arguments of one call: some 120 000 wrong items in one
    // array (a quarter of the body limit) overflow the stack. That is the client's body, not a defect.
    if (!(cause instanceof RangeError)) throw cause;
    throw new ProblemError('validation-failed', 'The request body is invalid: it holds too many wrong values to list.', {
      errors: [{ path: '/', message: 'holds too many wrong values to list' }],
      cause,
    });
  }
}

/** Checks the body against the schema, then the size limits; returns the typed request. */
export function parseRequest(body: unknown): NlpRequest {
  const parsed = validate(body);
  if (!parsed.success) {
    const all = fieldErrors(parsed.error.issues);
    const errors = all.slice(0, MAX_LISTED_ERRORS);
    const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
    const summary = errors.map((error) => `${error.path} ${error.message}`).join('; ');
    throw new ProblemError('validation-failed', `The request body is invalid: ${summary}${more}.`, { errors });
  }
  const { text: single, texts, tasks, offsetEncoding } = parsed.data;
  const request: NlpRequest = {
    texts: texts ?? [single ?? ''],
    tasks: tasks ? [...new Set(tasks)] : undefined,
    offsetEncoding: offsetEncoding ?? 'utf16',
  };
  checkLimits(request.texts);
  return request;
}

function checkLimits(texts: readonly string[]): void {
  if (texts.length > LIMITS.maxTexts) {
    throw new ProblemError('too-many-texts', `A request may hold at most ${LIMITS.maxTexts} texts; this one has ${texts.length}.`, {
      extensions: { limit: LIMITS.maxTexts },
    });
  }
  let total = 0;
  for (const [index, text] of texts.entries()) {
    const length = codePointLength(text);
    if (length > LIMITS.maxTextCharacters) {
      throw new ProblemError(
        'text-too-long',
        `Text ${index} has ${length} characters; each text may have at most ${LIMITS.maxTextCharacters}.`,
        {
          extensions: { limit: LIMITS.maxTextCharacters },
        },
      );
    }
    total += length;
  }
  if (total > LIMITS.maxTotalCharacters) {
    throw new ProblemError(
      'too-much-text',
      `The texts have ${total} characters in all; a request may have at most ${LIMITS.maxTotalCharacters}.`,
      {
        extensions: { limit: LIMITS.maxTotalCharacters },
      },
    );
  }
}

/** The engine named in the path and the tasks to run on it (its defaults when none were asked). */
export function resolveEngine(name: string, request: NlpRequest): { engine: Engine; tasks: Task[] } {
  const engine = findEngine(name);
  if (!engine) {
    throw new ProblemError(
      'unknown-engine',
      `There is no engine "${name}". The engines are: ${ENGINE_NAMES.join(', ')}; "auto" picks one per task.`,
      {
        extensions: { engines: ENGINE_NAMES },
      },
    );
  }
  const tasks = request.tasks ?? [...engine.defaultTasks];
  const unsupported = tasks.filter((task) => !engine.tasks.includes(task));
  if (unsupported.length > 0) {
    throw new ProblemError(
      'unsupported-task',
      `The ${engine.name} engine does not support ${unsupported.join(', ')}. It supports: ${engine.tasks.join(', ')}.`,
      {
        errors: unsupported.map((task) => ({ path: `/tasks/${tasks.indexOf(task)}`, message: `is not supported by ${engine.name}` })),
        extensions: { supportedTasks: engine.tasks },
      },
    );
  }
  return { engine, tasks };
}

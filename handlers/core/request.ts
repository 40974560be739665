/**
 * The public request: a schema turns the parsed JSON body into a typed request (422 on mismatch),
 * then the text limits apply (413). Engine and task support are checked by `resolveEngine`.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { ENGINE_NAMES, findEngine, type Engine } from './engines.js';
import { LIMITS, type OffsetEncoding, PII_TASKS, type PiiOptions, readsPiiOptions, type Task } from './contract.js';
import { ProblemError, type FieldError } from './problems.js';
import { codePointLength } from './offsets.js';
import { REQUEST_MESSAGES } from './request-messages.js';
import { validateRequestBody } from './request-validator.js';

export interface NlpRequest {
  texts: string[];
  /** Undefined when the client left `tasks` out: the engine's defaults apply. */
  tasks: Task[] | undefined;
  offsetEncoding: OffsetEncoding;
  /** Present exactly when the client sent it: the container applies its own defaults. */
  pii?: PiiOptions;
}

/** A property name as one JSON Pointer segment (RFC 6901), as ajv writes the rest of the path. */
const segment = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * The checks that failed, as the client reads them. A body that is not an object gets that alone
 * (the other checks only apply to objects); the "exactly one of" rule is reported once, not as the
 * two `required` branches it is built from; each path and message once.
 */
function fieldErrors(errors: readonly ErrorObject[]): FieldError[] {
  const notAnObject = errors.find((error) => error.schemaPath === '#/type');
  const listed = new Map<string, FieldError>();
  for (const error of notAnObject ? [notAnObject] : errors) {
    if (error.schemaPath.startsWith('#/oneOf/')) continue;
    const path =
      error.keyword === 'additionalProperties'
        ? `${error.instancePath}/${segment(error.params.additionalProperty)}`
        : error.instancePath || '/';
    const message = REQUEST_MESSAGES[error.schemaPath] ?? error.message ?? 'is not valid';
    // A value that fails two checks with one message (a number where a task name goes) is listed once.
    listed.set(`${path} ${message}`, { path, message });
  }
  return [...listed.values()];
}

/** A body with thousands of wrong values gets the first few listed, not an answer larger than itself. */
const MAX_LISTED_ERRORS = 20;

/** Checks the body against the schema, then the size limits; returns the typed request. */
export function parseRequest(body: unknown): NlpRequest {
  if (!validateRequestBody(body)) {
    const all = fieldErrors(validateRequestBody.errors ?? []);
    const errors = all.slice(0, MAX_LISTED_ERRORS);
    const more = all.length > errors.length ? `; and ${all.length - errors.length} more` : '';
    const summary = errors.map((error) => `${error.path} ${error.message}`).join('; ');
    throw new ProblemError('validation-failed', `The request body is invalid: ${summary}${more}.`, { errors });
  }
  const { text: single, texts, tasks, offsetEncoding, pii } = body;
  const request: NlpRequest = {
    texts: texts ?? [single ?? ''],
    tasks: tasks ? [...new Set(tasks)] : undefined,
    offsetEncoding: offsetEncoding ?? 'utf16',
    ...(pii ? { pii } : {}),
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

/** Options nothing would read are refused rather than ignored, so a caller never believes they applied. */
export function checkPiiOptions(request: NlpRequest, tasks: readonly Task[]): void {
  if (!request.pii || readsPiiOptions(tasks)) return;
  const message = `applies only to the tasks ${PII_TASKS.join(' and ')}, and none of them was asked for`;
  throw new ProblemError('validation-failed', `The request body is invalid: /pii ${message} (the tasks are ${tasks.join(', ')}).`, {
    errors: [{ path: '/pii', message }],
  });
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

/**
 * `POST /nlp/auto`: each task goes to the first engine in the registry's `autoOrder` that supports
 * it; the engines needed are invoked in parallel and their results merged per text. An engine's
 * failure fails only its tasks (reported in `errors`), unless every task failed.
 */
import { AUTO_ORDER, type Engine } from './engines.js';
import { type ModelInfo, type OffsetEncoding, type Result, resultField, type Task } from './contract.js';
import { containerRequest, type InvokeEngine } from './analyse.js';
import { normalise } from './normalisers/index.js';
import { ProblemError, summarise, type ProblemSummary } from './problems.js';
import { checkPiiOptions, parseRequest, type NlpRequest } from './request.js';

export interface AutoResponse {
  engine: 'auto';
  engines: Partial<Record<Task, string>>;
  models: Record<string, ModelInfo>;
  tasks: Task[];
  offsetEncoding: OffsetEncoding;
  results: Result[];
  errors?: Partial<Record<Task, ProblemSummary>>;
}

/** Without `tasks`, auto runs every engine's default tasks. */
const defaultTasks = (): Task[] => [...new Set(AUTO_ORDER.flatMap((engine) => engine.defaultTasks))];

/** Which engine runs which tasks, in `autoOrder`. */
export function planTasks(tasks: readonly Task[]): Array<{ engine: Engine; tasks: Task[] }> {
  return AUTO_ORDER.map((engine) => ({
    engine,
    tasks: tasks.filter((task) => AUTO_ORDER.find((e) => e.tasks.includes(task)) === engine),
  })).filter((step) => step.tasks.length > 0);
}

async function runStep(request: NlpRequest, step: { engine: Engine; tasks: Task[] }, invoke: InvokeEngine) {
  const native = await invoke(step.engine, containerRequest(request, step.tasks));
  return normalise(step.engine, native, request.texts, step.tasks, request.offsetEncoding);
}

/** A task of the contract that no engine of the registry computes is refused, as a single engine refuses it. */
export function checkSupported(tasks: readonly Task[]): void {
  const unsupported = tasks.filter((task) => !AUTO_ORDER.some((engine) => engine.tasks.includes(task)));
  if (unsupported.length === 0) return;
  const supported = [...new Set(AUTO_ORDER.flatMap((engine) => engine.tasks))];
  throw new ProblemError(
    'unsupported-task',
    `No engine supports ${unsupported.join(', ')}. The engines support: ${supported.join(', ')}.`,
    {
      errors: unsupported.map((task) => ({ path: `/tasks/${tasks.indexOf(task)}`, message: 'is not supported by any engine' })),
      extensions: { supportedTasks: supported },
    },
  );
}

export async function analyseAuto(body: unknown, invoke: InvokeEngine): Promise<AutoResponse> {
  const request = parseRequest(body);
  const tasks = request.tasks ?? defaultTasks();
  checkSupported(tasks);
  checkPiiOptions(request, tasks);
  const plan = planTasks(tasks);
  const outcomes = await Promise.allSettled(plan.map((step) => runStep(request, step, invoke)));

  const response: AutoResponse = {
    engine: 'auto',
    engines: {},
    models: {},
    tasks,
    offsetEncoding: request.offsetEncoding,
    results: request.texts.map(() => ({})),
  };
  const errors: Partial<Record<Task, ProblemSummary>> = {};
  const failures: unknown[] = [];
  outcomes.forEach((outcome, i) => {
    const { engine, tasks: stepTasks } = plan[i] as (typeof plan)[number];
    if (outcome.status === 'rejected') {
      failures.push(outcome.reason);
      for (const task of stepTasks) errors[task] = summarise(outcome.reason);
      return;
    }
    response.models[engine.name] = outcome.value.model;
    for (const task of stepTasks) response.engines[task] = engine.name;
    outcome.value.results.forEach((result, text) => {
      Object.assign(response.results[text] as Result, result);
    });
  });
  if (failures.length === plan.length) throw failures[0];
  if (failures.length > 0) response.errors = errors;
  response.results = response.results.map((result) => orderedBy(tasks, result));
  return response;
}

/** The result's fields in the order the tasks were asked for, as a single engine answers. */
function orderedBy(tasks: readonly Task[], result: Result): Result {
  const fields = tasks.map(resultField).filter((field) => field in result);
  return Object.fromEntries(fields.map((field) => [field, result[field]]));
}

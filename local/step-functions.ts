/**
 * A local Step Functions endpoint for the jobs state machine: the part of the service's JSON
 * protocol the jobs routes use (StartExecution, DescribeExecution, StopExecution, ListExecutions),
 * so the handlers reach it through AWS_ENDPOINT_URL_SFN with the real SDK and no local-only branch.
 * Each execution runs the job with the local job runner (plan → map with bounded concurrency →
 * reduce, the same handlers and events). Errors are answered the way the service answers them
 * (`__type` and `message`, status 400).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type JobSteps, runJob } from './job-runner.js';

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

interface Execution {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: Status;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  controller: AbortController;
}

export interface LocalStepFunctionsOptions {
  steps: JobSteps;
  /** What `GET /local/status` reports besides the executions (the worker processes). */
  status?: () => object;
  /** The Map's MaxConcurrency. */
  concurrency: number;
  log?: (message: string) => void;
}

class ServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const now = () => Date.now() / 1000;
const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

export function stepFunctionsListener({ steps, concurrency, status = () => ({}), log = () => undefined }: LocalStepFunctionsOptions) {
  const executions = new Map<string, Execution>();

  const found = (arn: unknown): Execution => {
    const execution = executions.get(String(arn));
    if (!execution) throw new ServiceError('ExecutionDoesNotExist', `Execution does not exist: '${String(arn)}'`);
    return execution;
  };

  function run(execution: Execution): void {
    log(`${execution.name}: started`);
    runJob(steps, JSON.parse(execution.input) as { job: unknown }, { concurrency, signal: execution.controller.signal }).then(
      (output) => {
        if (execution.status !== 'RUNNING') return;
        Object.assign(execution, { status: 'SUCCEEDED', stopDate: now(), output: JSON.stringify(output) });
        log(`${execution.name}: succeeded`);
      },
      (error: Error) => {
        if (execution.status !== 'RUNNING') return;
        Object.assign(execution, { status: 'FAILED', stopDate: now(), error: error.name, cause: error.message });
        log(`${execution.name}: failed (${error.message})`);
      },
    );
  }

  const actions: Record<string, (body: Record<string, unknown>) => object> = {
    StartExecution({ stateMachineArn, name, input }) {
      const executionName = String(name ?? crypto.randomUUID());
      const arn = executionArnOf(String(stateMachineArn), executionName);
      const existing = executions.get(arn);
      if (existing) {
        // As the service does for a Standard workflow: the same name and input while it runs is the same execution.
        if (existing.input === input && existing.status === 'RUNNING') return { executionArn: arn, startDate: existing.startDate };
        throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
      }
      const execution: Execution = {
        executionArn: arn,
        stateMachineArn: String(stateMachineArn),
        name: executionName,
        input: String(input ?? '{}'),
        status: 'RUNNING',
        startDate: now(),
        controller: new AbortController(),
      };
      executions.set(arn, execution);
      run(execution);
      return { executionArn: arn, startDate: execution.startDate };
    },
    DescribeExecution({ executionArn }) {
      const { controller: _controller, ...execution } = found(executionArn);
      return execution;
    },
    StopExecution({ executionArn, error, cause }) {
      const execution = found(executionArn);
      if (execution.status === 'RUNNING') {
        Object.assign(execution, { status: 'ABORTED', stopDate: now(), error, cause });
        execution.controller.abort();
        log(`${execution.name}: stopped`);
      }
      return { stopDate: execution.stopDate ?? now() };
    },
    ListExecutions({ stateMachineArn, statusFilter }) {
      const listed = [...executions.values()].filter(
        (execution) => execution.stateMachineArn === stateMachineArn && (!statusFilter || execution.status === statusFilter),
      );
      return {
        executions: listed.map(({ executionArn, stateMachineArn: machine, name, status, startDate, stopDate }) => ({
          executionArn,
          stateMachineArn: machine,
          name,
          status,
          startDate,
          stopDate,
        })),
      };
    },
  };

  return async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method === 'GET' && request.url === '/local/status') {
      const json = JSON.stringify({
        executions: [...executions.values()].map(({ name, status: state }) => ({ name, status: state })),
        ...status(),
      });
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(json);
      return;
    }
    const action = String(request.headers['x-amz-target'] ?? '').replace(/^AWSStepFunctions\./, '');
    const answer = (status: number, body: object, type?: string) => {
      const json = JSON.stringify(body);
      response.writeHead(status, {
        'Content-Type': 'application/x-amz-json-1.0',
        'Content-Length': Buffer.byteLength(json),
        'x-amzn-RequestId': crypto.randomUUID(),
        ...(type ? { 'x-amzn-ErrorType': type } : {}),
      });
      response.end(json);
    };
    try {
      const handle = actions[action];
      if (!handle)
        throw new ServiceError(
          'UnknownOperationException',
          `The local Step Functions endpoint does not implement ${action || 'this operation'}`,
        );
      answer(200, handle(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>));
    } catch (error) {
      const type = error instanceof ServiceError ? error.type : 'InvalidRequest';
      answer(400, { __type: type, message: error instanceof Error ? error.message : String(error) }, type);
    }
  };
}

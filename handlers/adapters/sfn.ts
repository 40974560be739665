/**
 * The Step Functions adapter: the only module that talks to Step Functions. It runs jobs on the
 * stage's state machine (core/jobs/services.ts's JobRunner). The endpoint URL comes from the
 * SDK's own configuration (AWS_ENDPOINT_URL_SFN locally, the local job runner's endpoint).
 */
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { ExecutionStatus, JobRunner } from '../core/jobs/services.js';

export type StepFunctionsClient = SFNClient;

/** A call that hangs is abandoned and retried by the SDK, instead of holding a route until its Lambda times out. */
export const createStepFunctionsClient = (overrides: Partial<ConstructorParameters<typeof SFNClient>[0]> = {}): StepFunctionsClient =>
  new SFNClient({ requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000, throwOnRequestTimeout: true }, ...overrides });

/** The ARN of an execution by name (what StartExecution answers, so a name already taken resolves to the same one). */
const executionArn = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

export function stateMachineRunner(client: StepFunctionsClient, stateMachineArn: string): JobRunner {
  return {
    async start(name, input) {
      try {
        const { executionArn: arn } = await client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
        return arn ?? executionArn(stateMachineArn, name);
      } catch (error) {
        // Started already (a retried request): the record holds the same job, so the execution is ours.
        if (error instanceof ExecutionAlreadyExists) return executionArn(stateMachineArn, name);
        throw error;
      }
    },
    async describe(arn) {
      const { status } = await client.send(new DescribeExecutionCommand({ executionArn: arn }));
      // The SDK's status names are the core's (RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE).
      return (status ?? 'RUNNING') as ExecutionStatus;
    },
    async stop(arn) {
      await client.send(new StopExecutionCommand({ executionArn: arn, error: 'Cancelled', cause: 'POST /nlp/jobs/{id}/cancel' }));
    },
    async running(prefix) {
      let count = 0;
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING', nextToken }));
        count += (page.executions ?? []).filter((execution) => execution.name?.startsWith(prefix)).length;
        nextToken = page.nextToken;
      } while (nextToken);
      return count;
    },
  };
}

// Names and CloudFormation steps shared by deploy and remove: one small ECR stack per engine, and
// the service stack Serverless deploys.
import { registry, repositoryName } from './images.mjs';

export const serviceStack = (service, stage) => `${service}-${stage}`;
export const repositoryStacks = (service, stage) =>
  registry.engines.map((engine) => ({
    engine,
    stack: `${service}-${stage}-ecr-${engine.name}`,
    repository: repositoryName(stage, engine),
  }));

/** True when the stack exists (a dry run assumes it does, to show every step). */
export function stackExists(run, stack, region) {
  return run.query(
    'aws',
    [
      'cloudformation',
      'describe-stacks',
      '--stack-name',
      stack,
      '--region',
      region,
      '--query',
      'Stacks[0].StackStatus',
      '--output',
      'text',
    ],
    {
      allowFailure: true,
      placeholder: 'UPDATE_COMPLETE',
    },
  ).ok;
}

export function setTerminationProtection(run, stack, region, enabled) {
  run.step('aws', [
    'cloudformation',
    'update-termination-protection',
    enabled ? '--enable-termination-protection' : '--no-enable-termination-protection',
    '--stack-name',
    stack,
    '--region',
    region,
  ]);
}

/** `{ OutputKey: OutputValue }` of a stack. */
export function stackOutputs(run, stack, region) {
  const { stdout } = run.query(
    'aws',
    ['cloudformation', 'describe-stacks', '--stack-name', stack, '--region', region, '--query', 'Stacks[0].Outputs', '--output', 'json'],
    {
      placeholder: '[]',
    },
  );
  return Object.fromEntries(JSON.parse(stdout || '[]').map((output) => [output.OutputKey, output.OutputValue]));
}

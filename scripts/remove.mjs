#!/usr/bin/env node
// `npm run remove -- --stage <name> [--region <region>] [--confirm <name>] [--dry-run]`
// Takes a stage down completely: the jobs bucket's objects (CloudFormation cannot delete a bucket
// that holds any), the service stack (endpoint, Model, EndpointConfig, scaling, alarms, budget, API,
// functions, jobs bucket and state machine, log groups, deployment bucket), then each engine's ECR stack with
// its images, then the stage's local .deploy/ record. A protected stage (params.removalProtection,
// prod) is refused unless --confirm repeats its name; its termination protection is then lifted.
// --dry-run prints every command and runs none.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, createRunner, loadService, parseCommandLine, root, runMain } from './ops/cli.mjs';
import { repositoryStacks, serviceStack, setTerminationProtection, stackExists, stackOutputs } from './ops/stacks.mjs';

const USAGE = 'usage: npm run remove -- --stage <name> [--region <region>] [--confirm <name>] [--dry-run]';

function guard({ stage, confirm, params }) {
  const isProtected = String(params.removalProtection) === 'true';
  if (isProtected && confirm !== stage) {
    throw new UsageError(
      `Stage "${stage}" is protected (removalProtection in serverless.yml params). To remove it and everything in it, ` +
        `run again with --confirm ${stage}.`,
    );
  }
  return isProtected;
}

await runMain('remove', async (argv) => {
  const command = parseCommandLine(argv, USAGE);
  if (!('stage' in command)) return console.log(command.help);
  const { service, defaultRegion, params } = loadService(command.stage, command.overrides);
  const options = { ...command, service, params, region: command.region ?? defaultRegion };
  const isProtected = guard(options);
  const run = createRunner({ dryRun: command.dryRun });
  run.say(`Removing ${service} stage ${options.stage} from ${options.region}${run.dryRun ? ' — dry run: nothing is run' : ''}`);

  run.heading('1/3 Service stack');
  const stack = serviceStack(service, options.stage);
  if (stackExists(run, stack, options.region)) {
    if (isProtected) setTerminationProtection(run, stack, options.region, false);
    const { JobsBucketName: jobsBucket = run.dryRun ? 'jobs-bucket-of-the-stage' : undefined } = stackOutputs(run, stack, options.region);
    if (jobsBucket) run.step('aws', ['s3', 'rm', `s3://${jobsBucket}`, '--recursive', '--region', options.region]);
    run.step('npx', ['serverless', 'remove', '--stage', options.stage, '--region', options.region]);
  } else {
    run.say(`${stack} does not exist`);
  }

  run.heading('2/3 ECR repositories and their images');
  for (const { stack: repositoryStack } of repositoryStacks(service, options.stage)) {
    run.step('aws', ['cloudformation', 'delete-stack', '--stack-name', repositoryStack, '--region', options.region]);
    run.step('aws', ['cloudformation', 'wait', 'stack-delete-complete', '--stack-name', repositoryStack, '--region', options.region]);
  }

  run.heading('3/3 Local record');
  run.say(`delete .deploy/${options.stage}/`);
  if (!run.dryRun) rmSync(join(root, '.deploy', options.stage), { recursive: true, force: true });
  run.say(`Stage ${options.stage} removed.`);
});

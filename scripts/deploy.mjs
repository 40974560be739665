#!/usr/bin/env node
// `npm run deploy -- --stage <name> [--region <region>] [--param key=value …] [--dry-run]`
// Puts a stage up, or updates it: ECR repositories → images built, tagged by content and pushed →
// their digests recorded → the service packaged and deployed → the API URL and key id printed.
// --dry-run prints every command and runs none (nothing on AWS, no Docker, no file written).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { register } from 'tsx/esm/api';
import { commandLine, createRunner, loadService, parseCommandLine, root, runMain } from './ops/cli.mjs';
import { buildAndPush, imagesPath } from './ops/images.mjs';
import { repositoryStacks, serviceStack, setTerminationProtection, stackExists, stackOutputs } from './ops/stacks.mjs';

register();
const { ContainerEngineError, containerEngine, detectContainerEngine } = await import('../local/container-engine.ts');

const USAGE = 'usage: npm run deploy -- --stage <name> [--region <region>] [--param key=value …] [--dry-run]';

function ensureRepositories(run, { service, stage, region }) {
  run.heading('1/6 ECR repositories (one small stack per engine)');
  for (const { stack, repository } of repositoryStacks(service, stage)) {
    run.step('aws', [
      'cloudformation',
      'deploy',
      '--stack-name',
      stack,
      '--template-file',
      'infra/ecr-repository.yml',
      '--region',
      region,
      '--parameter-overrides',
      `RepositoryName=${repository}`,
      `Stage=${stage}`,
      '--no-fail-on-empty-changeset',
    ]);
  }
}

/** The engine that builds and pushes; a dry run names the one it would use (Docker where none answers). */
function buildEngine(run) {
  try {
    return detectContainerEngine();
  } catch (error) {
    if (!run.dryRun || !(error instanceof ContainerEngineError)) throw error;
    return containerEngine(/** @type {'docker' | 'podman'} */ (process.env.CONTAINER_ENGINE || 'docker'));
  }
}

function pushImages(run, { stage, region, params }) {
  run.heading("2/6 Images: build for the instance type's platform (skipped for a content tag ECR already has), push, resolve digests");
  const engine = buildEngine(run);
  Object.assign(process.env, engine.env);
  const account = run.query('aws', ['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text'], {
    placeholder: '<account>',
  }).stdout;
  const registryHost = `${account}.dkr.ecr.${region}.amazonaws.com`;
  const password = run.query('aws', ['ecr', 'get-login-password', '--region', region], { placeholder: '<password>' }).stdout;
  run.step(engine.command, ['login', '--username', 'AWS', '--password-stdin', registryHost], { input: password, capture: true });
  const images = buildAndPush(run, { stage, region, registryHost, instanceType: params.instanceType, engine });
  run.say(`write ${imagesPath(stage)}`);
  if (!run.dryRun) {
    const file = join(root, imagesPath(stage));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(images, null, 2)}\n`);
  }
}

const serverlessArgs = ({ stage, region, overrides }) => [
  '--stage',
  stage,
  '--region',
  region,
  ...Object.entries(overrides).map(([key, value]) => `--param=${key}=${value}`),
];

function packageService(run, options) {
  run.heading('3/6 Package the service with those digests');
  const packageDir = `.deploy/${options.stage}/package`;
  run.step('npx', ['serverless', 'package', ...serverlessArgs(options), '--package', packageDir]);
  return packageDir;
}

/** The instance type the package asks for, and the one the live endpoint has (none before the first deploy). */
function instanceTypes(run, { service, stage, region }, packageDir) {
  const wanted = run.dryRun
    ? '<instance type in the package>'
    : JSON.parse(readFileSync(join(root, packageDir, 'cloudformation-template-update-stack.json'), 'utf8')).Resources.EndpointConfig
        .Properties.ProductionVariants[0].InstanceType;
  const endpoint = run.query(
    'aws',
    [
      'sagemaker',
      'describe-endpoint',
      '--endpoint-name',
      `${service}-${stage}`,
      '--region',
      region,
      '--query',
      'EndpointConfigName',
      '--output',
      'text',
    ],
    { allowFailure: true, placeholder: '<endpoint config>' },
  );
  if (!endpoint.ok) return { wanted, live: undefined };
  const live = run.query(
    'aws',
    [
      'sagemaker',
      'describe-endpoint-config',
      '--endpoint-config-name',
      endpoint.stdout,
      '--region',
      region,
      '--query',
      'ProductionVariants[0].InstanceType',
      '--output',
      'text',
    ],
    { placeholder: '<live instance type>' },
  ).stdout;
  return { wanted, live };
}

/**
 * An auto-scaled variant cannot change instance type: switch scaling off on the deployed template
 * first (CloudFormation deregisters the target), and the deploy that follows registers it again.
 */
function releaseScalingForNewInstanceType(run, options, packageDir) {
  run.heading('4/6 Instance type change: deregister auto scaling first');
  const stack = serviceStack(options.service, options.stage);
  if (!stackExists(run, stack, options.region)) return run.say('no service stack yet: nothing to deregister');
  const { wanted, live } = instanceTypes(run, options, packageDir);
  if (!run.dryRun && (live === undefined || live === wanted)) {
    run.say(live === undefined ? 'no endpoint yet: nothing to deregister' : `instance type unchanged (${live})`);
    return;
  }
  if (run.dryRun) run.say("(when the live instance type differs from the package's:)");
  else run.say(`instance type ${live} → ${wanted}`);
  const update = run.query(
    'aws',
    [
      'cloudformation',
      'update-stack',
      '--stack-name',
      stack,
      '--region',
      options.region,
      '--use-previous-template',
      '--parameters',
      'ParameterKey=AutoScaling,ParameterValue=off',
      'ParameterKey=AlarmEmail,UsePreviousValue=true',
      '--capabilities',
      'CAPABILITY_IAM',
      'CAPABILITY_NAMED_IAM',
    ],
    { allowFailure: true },
  );
  // A run that stopped after this step left scaling off already: nothing to update is fine.
  if (!update.ok && !/No updates are to be performed/.test(update.stderr))
    throw new Error(`Could not switch auto scaling off:\n${update.stderr}`);
  if (!update.ok) return;
  run.step('aws', ['cloudformation', 'wait', 'stack-update-complete', '--stack-name', stack, '--region', options.region]);
}

function deployService(run, options, packageDir) {
  run.heading('5/6 Deploy the service stack');
  run.step('npx', ['serverless', 'deploy', ...serverlessArgs(options), '--package', packageDir]);
  const stack = serviceStack(options.service, options.stage);
  if (String(options.params.removalProtection) === 'true') {
    run.say(`${options.stage} is protected: CloudFormation termination protection on`);
    setTerminationProtection(run, stack, options.region, true);
  }
  run.heading('6/6 Outputs');
  const outputs = stackOutputs(run, stack, options.region);
  const keyId = outputs.DefaultClientApiKeyId ?? '<DefaultClientApiKeyId>';
  run.say(`API URL:    ${outputs.ServiceEndpoint ?? '<ServiceEndpoint>'}`);
  run.say(`API key id: ${keyId}`);
  run.say(
    `Key value:  ${commandLine('aws', ['apigateway', 'get-api-key', '--api-key', keyId, '--include-value', '--query', 'value', '--output', 'text', '--region', options.region])}`,
  );
}

await runMain('deploy', async (argv) => {
  const command = parseCommandLine(argv, USAGE);
  if (!('stage' in command)) return console.log(command.help);
  const { service, defaultRegion, params } = loadService(command.stage, command.overrides);
  const options = { ...command, service, params, region: command.region ?? defaultRegion };
  const run = createRunner({ dryRun: command.dryRun });
  run.say(
    `Deploying ${service} stage ${options.stage} to ${options.region} (${params.instanceType}, ${params.minInstances}–${params.maxInstances} instances)${run.dryRun ? ' — dry run: nothing is run' : ''}`,
  );
  ensureRepositories(run, options);
  pushImages(run, options);
  const packageDir = packageService(run, options);
  releaseScalingForNewInstanceType(run, options, packageDir);
  deployService(run, options, packageDir);
});

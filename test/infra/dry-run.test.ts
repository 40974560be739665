/**
 * `npm run deploy` and `npm run remove` in their dry runs: every step printed, nothing run. The
 * scripts get a PATH that holds only Node, so any attempt to run aws, docker or npx would fail the test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registry, root } from './support/templates.js';

function script(name: 'deploy' | 'remove', ...args: string[]) {
  return scriptWith({ CONTAINER_ENGINE: 'docker' }, name, ...args);
}

/** CONTAINER_ENGINE names the engine the dry run prints (no engine runs: only Node is on the PATH). */
function scriptWith(env: Record<string, string>, name: 'deploy' | 'remove', ...args: string[]) {
  const result = spawnSync(process.execPath, [join('scripts', `${name}.mjs`), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: dirname(process.execPath), HOME: process.env.HOME ?? '/tmp', ...env },
  });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    commands: result.stdout.split('\n').filter((line) => line.startsWith('$ ')),
  };
}

const STAGE = 'dryrun';

describe('npm run deploy -- --dry-run', () => {
  const run = script('deploy', '--stage', STAGE, '--dry-run');

  it('succeeds without AWS, Docker or the network, and writes nothing', () => {
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('dry run: nothing is run');
    expect(existsSync(join(root, '.deploy', STAGE))).toBe(false);
  });

  it.each(registry.engines.map((engine) => [engine.name, engine] as const))(
    'creates, builds, pushes and resolves the %s image',
    (name, engine) => {
      const repository = `${registry.service}-${STAGE}/${name}`;
      const steps = [
        `aws cloudformation deploy --stack-name ${registry.service}-${STAGE}-ecr-${name} --template-file infra/ecr-repository.yml`,
        `docker buildx build --provenance=false --load --platform linux/amd64 -f ${engine.container}/Dockerfile -t `,
        'docker push ',
        `aws ecr describe-images --repository-name ${repository} --image-ids imageTag=c-`,
      ];
      for (const step of steps) expect(run.commands.some((command) => command.includes(step))).toBe(true);
      expect(run.stdout).toMatch(new RegExp(`${repository}:c-[0-9a-f]{24}-amd64`));
    },
  );

  it('packages with the digests, deregisters scaling before an instance type change, deploys, and reads the outputs, in that order', () => {
    const order = [
      `npx serverless package --stage ${STAGE}`,
      `aws cloudformation update-stack --stack-name ${registry.service}-${STAGE} --region us-east-1 --use-previous-template --parameters ParameterKey=AutoScaling,ParameterValue=off`,
      `npx serverless deploy --stage ${STAGE} --region us-east-1 --package .deploy/${STAGE}/package`,
      `aws cloudformation describe-stacks --stack-name ${registry.service}-${STAGE} --region us-east-1 --query 'Stacks[0].Outputs'`,
    ].map((step) => run.commands.findIndex((command) => command.includes(step)));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(run.stdout).toMatch(/API URL: +\S+/);
    expect(run.stdout).toMatch(/API key id: +\S+/);
  });

  it('tags an unchanged engine with the same content tag every time', () => {
    const again = script('deploy', '--stage', STAGE, '--dry-run');
    expect(again.commands.filter((command) => command.startsWith('$ docker push'))).toEqual(
      run.commands.filter((command) => command.startsWith('$ docker push')),
    );
  });

  it('builds arm64 images for a Graviton instance type, under tags an x86 stage never uses', () => {
    const graviton = script('deploy', '--stage', STAGE, '--dry-run', '--param', 'instanceType=ml.c7g.large');
    const builds = (lines: string[]) => lines.filter((command) => command.includes('docker buildx build'));
    const tags = (lines: string[]) => builds(lines).map((command) => / -t '?([^' ]+)'? /.exec(command)?.[1]);
    expect(builds(graviton.commands)).toHaveLength(registry.engines.length);
    expect(builds(graviton.commands).every((command) => command.includes('--platform linux/arm64'))).toBe(true);
    expect(tags(graviton.commands).every((tag) => /:c-[0-9a-f]{24}-arm64$/.test(tag ?? ''))).toBe(true);
    for (const tag of tags(graviton.commands)) expect(tags(run.commands)).not.toContain(tag);
    expect(graviton.commands.filter((command) => command.startsWith('$ docker push')).every((command) => command.endsWith("-arm64'"))).toBe(
      true,
    );
    expect(graviton.commands.some((command) => command.includes('--param=instanceType=ml.c7g.large'))).toBe(true);
  });

  it('builds and pushes through Podman when CONTAINER_ENGINE names it, for the same platform', () => {
    const podman = scriptWith(
      { CONTAINER_ENGINE: 'podman' },
      'deploy',
      '--stage',
      STAGE,
      '--dry-run',
      '--param',
      'instanceType=ml.c7g.large',
    );
    const builds = podman.commands.filter((command) => command.startsWith('$ podman build --network host --platform linux/arm64 -f '));
    expect(builds).toHaveLength(registry.engines.length);
    expect(podman.commands.filter((command) => command.startsWith('$ podman push ') && command.endsWith("-arm64'"))).toHaveLength(
      registry.engines.length,
    );
  });

  it('switches termination protection on for a protected stage', () => {
    const prod = script('deploy', '--stage', 'prod', '--dry-run');
    expect(prod.commands).toContain(
      '$ aws cloudformation update-termination-protection --enable-termination-protection --stack-name nlp-gateway-prod --region us-east-1',
    );
  });
});

describe('npm run remove -- --dry-run', () => {
  it("removes the service stack, then every engine's repository stack with its images", () => {
    const run = script('remove', '--stage', STAGE, '--dry-run');
    expect(run.status).toBe(0);
    const serviceRemoval = run.commands.indexOf(`$ npx serverless remove --stage ${STAGE} --region us-east-1`);
    expect(serviceRemoval).toBeGreaterThanOrEqual(0);
    // CloudFormation cannot delete a bucket that holds objects: the jobs bucket is emptied first.
    const emptying = run.commands.findIndex((command) => /^\$ aws s3 rm s3:\/\/\S+ --recursive --region us-east-1$/.test(command));
    expect(emptying).toBeGreaterThanOrEqual(0);
    expect(emptying).toBeLessThan(serviceRemoval);
    for (const engine of registry.engines) {
      const deletion = run.commands.indexOf(
        `$ aws cloudformation delete-stack --stack-name ${registry.service}-${STAGE}-ecr-${engine.name} --region us-east-1`,
      );
      expect(deletion).toBeGreaterThan(serviceRemoval);
    }
  });

  it('refuses a protected stage unless --confirm names it', () => {
    const refused = script('remove', '--stage', 'prod', '--dry-run');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('--confirm prod');
    expect(refused.commands).toEqual([]);

    const wrongName = script('remove', '--stage', 'prod', '--dry-run', '--confirm', 'dev');
    expect(wrongName.status).toBe(2);

    const confirmed = script('remove', '--stage', 'prod', '--dry-run', '--confirm', 'prod');
    expect(confirmed.status).toBe(0);
    const unprotect = confirmed.commands.indexOf(
      '$ aws cloudformation update-termination-protection --no-enable-termination-protection --stack-name nlp-gateway-prod --region us-east-1',
    );
    expect(unprotect).toBeGreaterThanOrEqual(0);
    expect(unprotect).toBeLessThan(confirmed.commands.indexOf('$ npx serverless remove --stage prod --region us-east-1'));
  });
});

describe.each(['deploy', 'remove'] as const)('npm run %s', (name) => {
  it.each([
    ['no stage', []],
    ['the local stage', ['--stage', 'local']],
    ['a stage name AWS cannot use', ['--stage', 'Prod_1']],
    ['an unknown option', ['--stage', 'dev', '--force']],
  ])('refuses %s with a usage message', (_, args) => {
    const run = script(name, ...args, '--dry-run');
    expect(run.status).not.toBe(0);
    expect(run.commands).toEqual([]);
  });
});

/**
 * infra/deployer-policy.json, the permissions infra/README.md tells a deployer to have, covers every
 * kind of resource the stacks create, and its only unscoped grants are for actions AWS does not scope.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, root, type Statement } from './support/templates.js';

const policy = JSON.parse(readFileSync(join(root, 'infra', 'deployer-policy.json'), 'utf8')) as {
  Statement: (Statement & { Sid: string })[];
};
const actions = policy.Statement.flatMap((statement) => [statement.Action].flat());
const IAM_PREFIX: Record<string, string> = { ApplicationAutoScaling: 'application-autoscaling', StepFunctions: 'states' };
const prefixOf = (resourceType: string) => {
  const service = resourceType.split('::')[1]!;
  return IAM_PREFIX[service] ?? service.toLowerCase();
};

describe('the deployer policy', () => {
  it.each(['dev', 'prod'])('can manage every resource type of the %s service stack', (stage) => {
    const types = new Set(Object.values(loadTemplate(stage).Resources).map((resource) => resource.Type));
    const missing = [...types].filter((type) => !actions.some((action) => action.startsWith(`${prefixOf(type)}:`)));
    expect(missing).toEqual([]);
  });

  it('can create the image repositories and push to them', () => {
    for (const action of [
      'ecr:CreateRepository',
      'ecr:PutImage',
      'ecr:GetAuthorizationToken',
      'cloudformation:UpdateTerminationProtection',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('grants on every resource only what AWS cannot scope to a resource', () => {
    const unscoped = policy.Statement.filter((statement) => [statement.Resource].flat().includes('*')).flatMap((statement) =>
      [statement.Action].flat(),
    );
    expect(
      unscoped.every((action) =>
        /^(sts:GetCallerIdentity|cloudformation:ValidateTemplate|ecr:GetAuthorizationToken|logs:DescribeLogGroups|kms:(CreateKey|ListAliases)|application-autoscaling:\w+|cloudwatch:DescribeAlarms)$/.test(
          action,
        ),
      ),
    ).toBe(true);
  });
});

/**
 * The CloudFormation templates `serverless package` generates, read the way CloudFormation would see
 * them. scripts/check-infra.mjs packages every stage into test-artifacts/infra/<stage> first; run
 * alone, the tests package a missing stage themselves (offline, no credentials).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..', '..');

export interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  Condition?: string;
  DependsOn?: string | string[];
}
export interface Template {
  Resources: Record<string, Resource>;
  Parameters?: Record<string, { Default?: unknown }>;
  Outputs?: Record<string, unknown>;
}

export type { RegistryEngine } from '../../../handlers/core/registry.js';
export { REGISTRY as registry } from '../../../handlers/core/registry.js';

export function loadTemplate(stage: string): Template {
  const dir = join(root, 'test-artifacts', 'infra', stage);
  const file = join(dir, 'cloudformation-template-update-stack.json');
  if (!existsSync(file)) {
    execFileSync('npx', ['serverless', 'package', '--stage', stage, '--package', dir], { cwd: root, stdio: 'ignore' });
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Template;
}

export const resourcesOfType = (template: Template, type: string): [string, Resource][] =>
  Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);

export function onlyResource(template: Template, type: string): Resource {
  const found = resourcesOfType(template, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0]![1];
}

/**
 * A CloudFormation value as a string with every pseudo parameter left as `${AWS::…}`, resources'
 * names resolved from the template where it sets them, and Fn::Join / Fn::Sub / Ref / GetAtt expanded.
 */
export function render(template: Template, value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  const node = value as Record<string, unknown>;
  if ('Ref' in node) return `\${${String(node.Ref)}}`;
  if ('Fn::Join' in node) {
    const [separator, parts] = node['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => render(template, part)).join(separator);
  }
  if ('Fn::Sub' in node) {
    return String(node['Fn::Sub']).replace(/\$\{([\w:.]+)\}/g, (whole, name: string) => {
      const [logicalId, attribute] = name.split('.');
      const resource = template.Resources[logicalId ?? ''];
      const named = attribute && resource?.Properties?.[attribute];
      return typeof named === 'string' ? named : whole;
    });
  }
  if ('Fn::GetAtt' in node) {
    const [logicalId, attribute] = node['Fn::GetAtt'] as [string, string];
    return `\${${logicalId}.${attribute}}`;
  }
  throw new Error(`cannot render ${JSON.stringify(value)}`);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

export const actionsOf = (statement: Statement): string[] => [statement.Action].flat();
export const resourcesOf = (statement: Statement): unknown[] => [statement.Resource].flat();

/** Every statement of every inline policy of an IAM role resource. */
export function roleStatements(role: Resource): Statement[] {
  const policies = (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[];
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

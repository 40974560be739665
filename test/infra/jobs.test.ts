/**
 * The jobs state machine as a deployed stage's template holds it (infra/jobs.yml, infra/jobs.asl.json
 * after Serverless resolved the stage parameters): valid Amazon States Language, every Task naming a
 * function of the same template, the Map reading the plan from S3 with Express children, and the
 * bucket encrypted, private and expiring.
 */
import aslValidator from 'asl-validator';
import { loadTemplate, onlyResource, resourcesOfType, type Template } from './support/templates.js';

interface State {
  Type: string;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemProcessor?: { ProcessorConfig: { Mode: string; ExecutionType: string }; States: Record<string, State> };
  ItemReader?: { Resource: string; ReaderConfig: { InputType: string } };
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  Retry?: Array<{ JitterStrategy?: string }>;
}

/** Every state, nested ones included. */
const allStates = (states: Record<string, State>): State[] =>
  Object.values(states).flatMap((state) => [state, ...(state.ItemProcessor ? allStates(state.ItemProcessor.States) : [])]);

describe.each(['dev', 'prod'])('the %s stage jobs state machine', (stage) => {
  let template: Template;
  let definition: { States: Record<string, State> };
  let substitutions: Record<string, unknown>;

  beforeAll(() => {
    template = loadTemplate(stage);
    const machine = onlyResource(template, 'AWS::StepFunctions::StateMachine');
    definition = machine.Properties?.Definition as typeof definition;
    substitutions = machine.Properties?.DefinitionSubstitutions as Record<string, unknown>;
  });

  it('is valid Amazon States Language', () => {
    const { isValid, errorsText } = aslValidator(definition, { checkPaths: true, checkArn: true });
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('names, in every Task, a function of this template', () => {
    const functions = new Set(resourcesOfType(template, 'AWS::Lambda::Function').map(([logicalId]) => logicalId));
    const tasks = allStates(definition.States).filter((state) => state.Type === 'Task');
    expect(tasks).toHaveLength(3);
    for (const task of tasks) {
      expect(task.Resource).toBe('arn:aws:states:::lambda:invoke');
      const placeholder = /^\$\{(\w+)\}$/.exec(String(task.Parameters?.FunctionName))?.[1] ?? '';
      const target = substitutions[placeholder] as { 'Fn::GetAtt': [string, string] } | undefined;
      expect(functions.has(target?.['Fn::GetAtt'][0] ?? '')).toBe(true);
    }
  });

  it("maps the plan's lines over Express children, at the stage's concurrency, retrying with full jitter", () => {
    const map = allStates(definition.States).find((state) => state.Type === 'Map');
    expect(map?.ItemReader).toMatchObject({ Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' } });
    expect(map?.ItemProcessor?.ProcessorConfig).toEqual({ Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' });
    expect(map?.MaxConcurrency).toEqual(expect.any(Number));
    expect(map?.ToleratedFailurePercentage).toBe(100);
    for (const task of allStates(definition.States).filter((state) => state.Type === 'Task')) {
      expect(task.Retry?.every((retry) => retry.JitterStrategy === 'FULL')).toBe(true);
    }
  });

  it('keeps job data in an encrypted, private bucket that forgets it after the retention days', () => {
    expect(template.Resources.JobsBucket?.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: { Rules: [{ Status: 'Enabled', ExpirationInDays: expect.any(Number) }] },
    });
  });

  it('alarms on failed executions and failed Map Runs', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(([, alarm]) => alarm.Properties?.Namespace === 'AWS/States');
    expect(alarms.map(([, alarm]) => alarm.Properties?.MetricName)).toEqual(['ExecutionsFailed']);
    const [[, rule] = []] = resourcesOfType(template, 'AWS::Events::Rule');
    expect(rule?.Properties?.EventPattern).toMatchObject({ 'detail-type': ['Map Run Status Change'], detail: { status: ['FAILED'] } });
  });
});

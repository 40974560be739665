/**
 * What a deployed stage would get, read from the template `serverless package` generates for it:
 * one Direct-mode Model whose containers are the registry's, images by digest, the Lambda allowed to
 * invoke this endpoint and nothing else, scaling on this endpoint's variant, and the production
 * safeguards infra/README.md describes.
 */
import {
  actionsOf,
  loadTemplate,
  onlyResource,
  registry,
  render,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  type Template,
} from './support/templates.js';

const STAGES = [
  { stage: 'dev', min: 1, max: 2, protected: false },
  { stage: 'prod', min: 2, max: 4, protected: true },
];
const templates = new Map<string, Template>(STAGES.map(({ stage }) => [stage, loadTemplate(stage)]));
const templateFor = (stage: string): Template => templates.get(stage)!;
const props = (template: Template, type: string) => onlyResource(template, type).Properties ?? {};

interface Container {
  ContainerHostname: string;
  Image: unknown;
  Environment: Record<string, string>;
}

describe.each(STAGES)('the $stage stage', ({ stage, min, max }) => {
  const template = templateFor(stage);
  const endpointName = `${registry.service}-${stage}`;

  describe('the SageMaker Model', () => {
    const model = props(template, 'AWS::SageMaker::Model');
    const containers = model.Containers as Container[];

    it('runs its containers in Direct mode, without network access', () => {
      expect(model.InferenceExecutionConfig).toEqual({ Mode: 'Direct' });
      expect(model.EnableNetworkIsolation).toBe(true);
    });

    it('has one container per registry engine, with the registry hostnames in registry order', () => {
      expect(containers.map((container) => container.ContainerHostname)).toEqual(registry.engines.map((engine) => engine.hostname));
    });

    it.each(registry.engines.map((engine, index) => [engine.name, engine, index] as const))(
      "references the %s image by digest in this stage's repository, with the registry environment and the number of containers",
      (name, engine, index) => {
        const container = containers[index]!;
        expect(render(template, container.Image)).toMatch(
          new RegExp(
            `^\\$\\{AWS::AccountId\\}\\.dkr\\.ecr\\.\\$\\{AWS::Region\\}\\.\\$\\{AWS::URLSuffix\\}/${endpointName}/${name}@sha256:[0-9a-f]{64}$`,
          ),
        );
        expect(container.Environment).toEqual({ SERVING_CONTAINERS: String(registry.engines.length), ...engine.environment });
      },
    );

    it('leaves the Model and the EndpointConfig for CloudFormation to name, so a new image rolls out without a clash', () => {
      expect(model).not.toHaveProperty('ModelName');
      expect(props(template, 'AWS::SageMaker::EndpointConfig')).not.toHaveProperty('EndpointConfigName');
    });
  });

  describe('the Endpoint', () => {
    const endpoint = props(template, 'AWS::SageMaker::Endpoint');
    const config = props(template, 'AWS::SageMaker::EndpointConfig');
    const variant = (config.ProductionVariants as Record<string, unknown>[])[0]!;

    it('has the stable name every Lambda function receives', () => {
      expect(endpoint.EndpointName).toBe(endpointName);
      for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
        expect((fn.Properties?.Environment as { Variables: Record<string, string> } | undefined)?.Variables.SAGEMAKER_ENDPOINT_NAME).toBe(
          endpointName,
        );
      }
    });

    it('serves the Model from an encrypted volume with a container start-up health check timeout', () => {
      expect(variant.ModelName).toEqual({ 'Fn::GetAtt': ['Model', 'ModelName'] });
      expect(variant.InstanceType).toMatch(/^ml\./);
      expect(variant.InitialInstanceCount).toBe(min);
      expect(variant.ContainerStartupHealthCheckTimeoutInSeconds).toEqual(expect.any(Number));
      expect(config.KmsKeyId).toEqual({ 'Fn::GetAtt': ['DataKey', 'Arn'] });
    });

    it('rolls out blue/green and rolls back on every endpoint alarm', () => {
      const deployment = endpoint.DeploymentConfig as {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: string } };
        AutoRollbackConfiguration: { Alarms: { AlarmName: { Ref: string } }[] };
      };
      expect(deployment.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type).toBe('ALL_AT_ONCE');
      const rollbackAlarms = deployment.AutoRollbackConfiguration.Alarms.map((alarm) => alarm.AlarmName.Ref).sort();
      // The endpoint's alarms (the jobs alarm watches the state machine, not the fleet).
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').filter(
        ([, alarm]) => alarm.Properties?.Namespace === 'AWS/SageMaker',
      );
      expect(rollbackAlarms).toEqual(alarms.map(([logicalId]) => logicalId).sort());
      for (const [, alarm] of alarms) {
        expect(alarm.Properties?.Dimensions).toEqual([
          { Name: 'EndpointName', Value: endpointName },
          { Name: 'VariantName', Value: variant.VariantName },
        ]);
      }
    });
  });

  describe('permissions', () => {
    const lambdaStatements = roleStatements(template.Resources.IamRoleLambdaExecution!);

    it('let the Lambda functions invoke this endpoint and no other SageMaker action or resource', () => {
      const sagemaker = lambdaStatements.filter((statement) => actionsOf(statement).some((action) => action.startsWith('sagemaker:')));
      expect(sagemaker).toHaveLength(1);
      expect(actionsOf(sagemaker[0]!)).toEqual(['sagemaker:InvokeEndpoint']);
      expect(resourcesOf(sagemaker[0]!).map((resource) => render(template, resource))).toEqual([
        `arn:\${AWS::Partition}:sagemaker:\${AWS::Region}:\${AWS::AccountId}:endpoint/${endpointName}`,
      ]);
    });

    it("let the containers pull this stage's images and write this endpoint's logs, nothing else", () => {
      const statements = roleStatements(template.Resources.SageMakerExecutionRole!);
      const actions = statements.flatMap(actionsOf);
      expect(actions.every((action) => /^(ecr|logs):/.test(action))).toBe(true);
      const pull = statements.find((statement) => actionsOf(statement).includes('ecr:BatchGetImage'))!;
      expect(resourcesOf(pull).map((resource) => render(template, resource))).toEqual(
        registry.engines.map(
          (engine) => `arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/${endpointName}/${engine.name}`,
        ),
      );
      const wildcard = statements.filter((statement) => resourcesOf(statement).includes('*'));
      expect(wildcard.flatMap(actionsOf)).toEqual(['ecr:GetAuthorizationToken']);
    });
  });

  describe('auto scaling', () => {
    const target = props(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
    const variantName = (props(template, 'AWS::SageMaker::EndpointConfig').ProductionVariants as Record<string, unknown>[])[0]!.VariantName;

    it("targets this endpoint's variant, between the stage's minimum and maximum", () => {
      expect(render(template, target.ResourceId)).toBe(`endpoint/${endpointName}/variant/${String(variantName)}`);
      expect(target.ScalableDimension).toBe('sagemaker:variant:DesiredInstanceCount');
      expect(target.ServiceNamespace).toBe('sagemaker');
      expect([target.MinCapacity, target.MaxCapacity]).toEqual([min, max]);
    });

    it('tracks invocations per instance', () => {
      const policy = props(template, 'AWS::ApplicationAutoScaling::ScalingPolicy');
      expect(policy.PolicyType).toBe('TargetTrackingScaling');
      expect(policy.TargetTrackingScalingPolicyConfiguration).toMatchObject({
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
      });
    });

    it('is on unless the deploy switches it off to change the instance type', () => {
      expect(template.Parameters?.AutoScaling?.Default).toBe('on');
    });
  });

  describe('the public API', () => {
    const methods = resourcesOfType(template, 'AWS::ApiGateway::Method').map(([, method]) => method.Properties ?? {});
    const responses = new Map(
      resourcesOfType(template, 'AWS::ApiGateway::GatewayResponse').map(([, response]) => [
        response.Properties?.ResponseType,
        response.Properties ?? {},
      ]),
    );

    it('requires the API key on every /nlp route', () => {
      const nlpMethods = methods.filter(
        (method) => method.HttpMethod !== 'OPTIONS' && JSON.stringify(method.ResourceId).includes('ApiGatewayResourceNlp'),
      );
      expect(nlpMethods.length).toBeGreaterThan(0);
      expect(nlpMethods.every((method) => method.ApiKeyRequired === true)).toBe(true);
    });

    it('uses API keys that API Gateway generates, all on the usage plan', () => {
      const keys = resourcesOfType(template, 'AWS::ApiGateway::ApiKey');
      expect(keys.length).toBeGreaterThan(0);
      for (const [, key] of keys) expect(key.Properties).not.toHaveProperty('Value');
      expect(resourcesOfType(template, 'AWS::ApiGateway::UsagePlanKey')).toHaveLength(keys.length);
    });

    it.each(['DEFAULT_4XX', 'DEFAULT_5XX', 'THROTTLED', 'QUOTA_EXCEEDED', 'MISSING_AUTHENTICATION_TOKEN', 'INVALID_API_KEY'])(
      'answers %s from API Gateway itself as problem+json with CORS headers',
      (type) => {
        const response = responses.get(type)!;
        const headers = response.ResponseParameters as Record<string, string>;
        expect(headers['gatewayresponse.header.Content-Type']).toBe("'application/problem+json'");
        expect(headers['gatewayresponse.header.Access-Control-Allow-Origin']).toMatch(/^'.+'$/);
        const body = (response.ResponseTemplates as Record<string, string>)['application/json']!;
        expect(JSON.parse(body.replace(/\$context\.\w+/g, 'x'))).toMatchObject({
          type: expect.stringMatching(/^\/problems\/[a-z-]+$/),
          title: expect.any(String),
        });
      },
    );

    it('remaps a missing route (MISSING_AUTHENTICATION_TOKEN) to 404', () => {
      expect(responses.get('MISSING_AUTHENTICATION_TOKEN')?.StatusCode).toBe('404');
    });
  });

  describe('data protection and cost control', () => {
    it("caps every Lambda function's concurrency", () => {
      for (const [, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
        expect(fn.Properties?.ReservedConcurrentExecutions).toEqual(expect.any(Number));
      }
    });

    it("keeps every log group for a set time, encrypted with the stage's key", () => {
      const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
      expect(logGroups.length).toBeGreaterThan(1);
      for (const [, group] of logGroups) {
        expect(group.Properties?.RetentionInDays).toEqual(expect.any(Number));
        expect(group.Properties?.KmsKeyId).toEqual({ 'Fn::GetAtt': ['DataKey', 'Arn'] });
      }
    });

    it("has a monthly budget on the stage's own costs", () => {
      const budget = props(template, 'AWS::Budgets::Budget').Budget as { CostFilters: { TagKeyValue: unknown[] } };
      expect(budget.CostFilters.TagKeyValue.map((value) => render(template, value))).toEqual([`user:NlpGatewayStage$${stage}`]);
    });
  });
});

describe('the local stage', () => {
  it('has no AWS resources of its own: the local endpoint stands in for SageMaker', () => {
    const template = loadTemplate('local');
    const types = new Set(Object.values(template.Resources).map((resource) => resource.Type));
    expect([...types].filter((type) => /SageMaker|ApplicationAutoScaling|CloudWatch::Alarm|Budgets|KMS/.test(type))).toEqual([]);
  });
});

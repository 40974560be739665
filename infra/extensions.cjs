// What the resources Serverless generates get on top, for deployed stages. Derived from
// serverless.yml's `functions`, so that a new function or route is covered without an edit here:
// each function's log group is encrypted with the stage's key, and each checkov check that does not
// fit is skipped on the resource, with its reason next to it.
'use strict';

// Serverless' own naming rules, so that the logical ids here are the ones it generates.
const naming = require('serverless/lib/plugins/aws/lib/naming');

const skip = (id, comment) => ({ id, comment });

const FUNCTION_SKIPS = [
  skip(
    'CKV_AWS_116',
    'Invoked synchronously, by API Gateway (a failure is the HTTP answer itself) or by the jobs state machine (which retries and records each failure): there is no event to keep in a dead-letter queue.',
  ),
  skip(
    'CKV_AWS_117',
    'Reaches no VPC resource: it calls only the public SageMaker Runtime, S3 and Step Functions APIs. A VPC would add NAT or endpoint cost and cold-start time.',
  ),
  skip('CKV_AWS_173', 'The environment holds names and numbers only, never a secret; Lambda encrypts it at rest with the AWS-managed key.'),
];

// A public route is a GET outside /nlp: the OpenAPI document and the playground (README.md, "The API"). Every
// /nlp route needs the API key, which test/infra asserts, so this skip cannot hide one.
const PUBLIC_ROUTE_SKIPS = [
  skip('CKV_AWS_59', 'Public by design: a read-only document served without an API key; every /nlp route requires the key.'),
];

const DEPLOYMENT_BUCKET_SKIPS = [
  skip(
    'CKV_AWS_18',
    'Holds only the deployment artifacts the deployer uploads; CloudTrail records who wrote them. A log bucket would need its own log bucket.',
  ),
];

const withSkips = (skips) => ({ Metadata: { checkov: { skip: skips } } });

function publicRoutes(functions) {
  return Object.values(functions)
    .flatMap((fn) => fn.events ?? [])
    .map((event) => event.http)
    .filter((http) => http && typeof http === 'object' && !http.private)
    .filter((http) => http.method.toLowerCase() === 'get' && !http.path.replace(/^\//, '').startsWith('nlp'))
    .map((http) => naming.getMethodLogicalId(naming.normalizePath(http.path.replace(/^\//, '')), http.method));
}

module.exports = {
  FUNCTION_SKIPS,
  async extensions({ resolveConfigurationProperty }) {
    const functions = (await resolveConfigurationProperty(['functions'])) ?? {};
    const entries = [
      ['ServerlessDeploymentBucket', withSkips(DEPLOYMENT_BUCKET_SKIPS)],
      ...Object.keys(functions).flatMap((name) => [
        [naming.getLambdaLogicalId(name), withSkips(FUNCTION_SKIPS)],
        [naming.getLogGroupLogicalId(name), { Properties: { KmsKeyId: { 'Fn::GetAtt': ['DataKey', 'Arn'] } } }],
      ]),
      ...publicRoutes(functions).map((logicalId) => [logicalId, withSkips(PUBLIC_ROUTE_SKIPS)]),
    ];
    return Object.fromEntries(entries);
  },
};

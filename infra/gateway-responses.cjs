// API Gateway's own answers (missing or wrong key, unknown route, throttling, quota, integration
// failures) as problem+json with CORS headers, like every answer the handlers give (README.md, "Errors").
// serverless.yml includes the result as CloudFormation Resources for deployed stages only:
// serverless-offline cannot serve gateway responses (the README names that difference).
'use strict';

/**
 * Response type → what the client sees. `status` is set on the response where API Gateway lets the
 * type have one meaning; the two defaults cover many statuses, so their bodies leave `status` out
 * (RFC 9457 makes it advisory) rather than state a wrong one.
 */
const RESPONSES = {
  MISSING_AUTHENTICATION_TOKEN: {
    status: 404,
    slug: 'not-found',
    title: 'No such route',
    detail: 'No route matches this method and path.',
  },
  INVALID_API_KEY: {
    status: 403,
    slug: 'invalid-api-key',
    title: 'The API key is missing or not valid',
    detail: 'Send a valid key in the x-api-key header.',
  },
  ACCESS_DENIED: {
    status: 403,
    slug: 'invalid-api-key',
    title: 'The API key is missing or not valid',
    detail: 'Send a valid key in the x-api-key header.',
  },
  THROTTLED: {
    status: 429,
    slug: 'throttled',
    title: 'Too many requests',
    detail: 'The request rate of this API key is over its limit; retry later.',
  },
  QUOTA_EXCEEDED: {
    status: 429,
    slug: 'quota-exceeded',
    title: 'Quota exceeded',
    detail: 'This API key has used its quota for the period.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    slug: 'body-too-large',
    title: 'The request body is too large',
    detail: 'The request is larger than API Gateway accepts.',
  },
  INTEGRATION_TIMEOUT: {
    status: 504,
    slug: 'engine-timeout',
    title: 'The engine did not answer in time',
    detail: 'No answer before the gateway deadline.',
  },
  INTEGRATION_FAILURE: {
    status: 502,
    slug: 'gateway-error',
    title: 'The gateway failed',
    detail: 'The gateway could not complete the request.',
  },
  DEFAULT_4XX: { slug: 'client-error', title: 'The request was refused', detail: 'The gateway refused the request.' },
  DEFAULT_5XX: { slug: 'gateway-error', title: 'The gateway failed', detail: 'The gateway could not complete the request.' },
};

const quoted = (value) => `'${value}'`;
const logicalId = (type) =>
  `GatewayResponse${type
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')}`;

/** The body, as an API Gateway mapping template: request id and path come from the request context. */
function template({ status, slug, title, detail }) {
  const members = [
    `"type":"/problems/${slug}"`,
    `"title":"${title}"`,
    ...(status ? [`"status":${status}`] : []),
    `"detail":"${detail}"`,
    '"instance":"$context.path"',
    '"requestId":"$context.requestId"',
  ];
  return `{${members.join(',')}}`;
}

function gatewayResponse(type, response, cors) {
  return {
    Type: 'AWS::ApiGateway::GatewayResponse',
    Properties: {
      RestApiId: { Ref: 'ApiGatewayRestApi' },
      ResponseType: type,
      ...(response.status ? { StatusCode: String(response.status) } : {}),
      ResponseParameters: {
        'gatewayresponse.header.Content-Type': quoted('application/problem+json'),
        'gatewayresponse.header.Access-Control-Allow-Origin': quoted(cors.origin),
        'gatewayresponse.header.Access-Control-Allow-Headers': quoted(cors.headers.join(',')),
        'gatewayresponse.header.x-request-id': 'context.requestId',
      },
      ResponseTemplates: { 'application/json': template(response) },
    },
  };
}

module.exports = {
  RESPONSES,
  async resources({ resolveVariable }) {
    const cors = await resolveVariable('self:custom.cors');
    return Object.fromEntries(
      Object.entries(RESPONSES).map(([type, response]) => [logicalId(type), gatewayResponse(type, response, cors)]),
    );
  },
};

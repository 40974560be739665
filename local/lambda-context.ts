/** A Lambda context for a handler the local stack calls itself (the job steps), with a 15-minute budget. */
import type { Context } from 'aws-lambda';

export function lambdaContext(name: string, budgetMs = 15 * 60_000): Context {
  const started = Date.now();
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `nlp-gateway-local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:nlp-gateway-local-${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/nlp-gateway-local-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => budgetMs - (Date.now() - started),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

// A Lambda-like invocation context per request, so handlers that log or watch their deadline behave as in AWS.
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { localAwsSettings } from './dynamodb-local';
import { localAccountId } from './http-api-event';

export function createLambdaContext(options: { functionName: string; timeoutMs: number }): Context {
  const deadline = Date.now() + options.timeoutMs;
  const { functionName } = options;
  const notSupported = (name: string) => () => {
    throw new Error(`context.${name}() is not supported: return a result from an async handler`);
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${localAwsSettings.region}:${localAccountId}:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: notSupported('done'),
    fail: notSupported('fail'),
    succeed: notSupported('succeed'),
  };
}

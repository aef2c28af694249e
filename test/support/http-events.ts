// Builders for API Gateway HTTP API (payload 2.0) events and Lambda contexts, as tests send them.
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Role } from '../../shared/domain/roles';

export interface As {
  role: Role;
  organizationId?: string;
  sub?: string;
}

export interface EventOptions {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  /** A binary body, as API Gateway passes it: base64 with isBase64Encoded. */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
  as?: As;
}

export function httpEvent(
  routeKey: string,
  options: EventOptions = {},
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const body =
    options.bytes !== undefined
      ? Buffer.from(options.bytes).toString('base64')
      : (options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)));
  const claims = options.as
    ? {
        sub: options.as.sub ?? `user-${options.as.role}-${options.as.organizationId ?? 'staff'}`,
        // API Gateway hands array claims over as one bracketed string.
        'cognito:groups': `[${options.as.role}]`,
        token_use: 'id',
        ...(options.as.organizationId ? { 'custom:organizationId': options.as.organizationId } : {}),
      }
    : undefined;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey,
      stage: '$default',
      time: '27/Nov/2026:00:00:00 +0000',
      timeEpoch: 0,
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: options.bytes !== undefined,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
  memoryLimitInMB: '512',
  awsRequestId: 'request-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as Context;

export type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface Answer {
  status: number;
  headers: Record<string, string | number | boolean>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read bodies of many shapes and assert them whole
  body: any;
}

export async function invoke(
  handler: Handler,
  routeKey: string,
  options: EventOptions = {},
): Promise<Answer> {
  const result = await handler(httpEvent(routeKey, options), lambdaContext);
  const text = result.body ?? '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: result.statusCode ?? 0, headers: result.headers ?? {}, text, body };
}

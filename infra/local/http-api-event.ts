// Translates between an HTTP request and HTTP API payload 2.0: the event a handler gets and the response it returns.
import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { StringClaims } from './jwt-authorizer';

/** What the gateway saw on the wire; `rawHeaders` keeps duplicates, as Node's `req.rawHeaders` does. */
export interface IncomingHttpRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/v1/campaigns/x/handovers?ward=B%E1%BB%93`. */
  url: string;
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
}

export interface MatchedRoute {
  method: string;
  path: string;
  pathParameters: Record<string, string>;
}

/** Absent for public routes: API Gateway sends no `authorizer` when the route has none. */
export interface Authorization {
  claims: StringClaims;
}

export const localAccountId = '000000000000';
export const localApiId = 'local';

/**
 * HTTP API passes the body as text only for these media types; everything else (even a missing
 * content-type or a form post) arrives base64-encoded with `isBase64Encoded: true`.
 */
export function isTextMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!mediaType) return false;
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    mediaType === 'application/javascript'
  );
}

/** Random bytes drawn 6 KB at a time: a randomBytes call per request was a system call per request. */
let randomPool = Buffer.alloc(0);
let randomOffset = 0;

export function newApiGatewayRequestId(): string {
  if (randomOffset + 12 > randomPool.length) {
    randomPool = randomBytes(12 * 512);
    randomOffset = 0;
  }
  randomOffset += 12;
  return randomPool.toString('base64', randomOffset - 12, randomOffset);
}

export function buildHttpApiEvent(
  request: IncomingHttpRequest,
  route: MatchedRoute,
  authorization: Authorization | undefined,
  options: { requestId: string; now: Date },
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const questionMark = request.url.indexOf('?');
  const encodedPath = questionMark === -1 ? request.url : request.url.slice(0, questionMark);
  const rawQueryString = questionMark === -1 ? '' : request.url.slice(questionMark + 1);
  // HTTP API hands over the path decoded (REST APIs and function URLs keep it encoded).
  const rawPath = safeDecode(encodedPath);
  const { headers, cookies } = collectHeaders(request);
  const queryStringParameters = parseQuery(rawQueryString);
  const routeKey = `${route.method} ${route.path}`;
  const domainName = (headers.host ?? 'localhost').replace(/:\d+$/, '');
  const textBody = isTextMediaType(headers['content-type']);
  const hasBody = request.body.length > 0;
  const requestContext = {
    accountId: localAccountId,
    apiId: localApiId,
    domainName,
    domainPrefix: domainName.split('.')[0] ?? domainName,
    http: {
      method: request.method,
      path: rawPath,
      protocol: `HTTP/${request.httpVersion}`,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: options.requestId,
    routeKey,
    stage: '$default',
    time: formatRequestTime(options.now),
    timeEpoch: options.now.getTime(),
    ...(authorization ? { authorizer: { jwt: { claims: authorization.claims, scopes: null } } } : {}),
  };
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    // The type says `authorizer` is always there, but a public route's event has none, as in AWS.
    requestContext: requestContext as APIGatewayProxyEventV2WithJWTAuthorizer['requestContext'],
    ...(Object.keys(route.pathParameters).length > 0 ? { pathParameters: route.pathParameters } : {}),
    // A text body that is not UTF-8 is decoded with U+FFFD where the bytes were: AWS does not document what
    // it does there, and this is the form that leaves the handler the least to go on (it refuses U+FFFD).
    ...(hasBody ? { body: textBody ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !textBody,
  };
}

/** Lower-cased names, duplicates joined with commas; cookies leave the headers for the `cookies` field. */
function collectHeaders(request: IncomingHttpRequest): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter(Boolean),
      );
      continue;
    }
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  headers['x-forwarded-for'] ??= request.sourceIp;
  headers['x-forwarded-proto'] ??= 'http';
  return { headers, cookies };
}

function parseQuery(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length > 0 ? parameters : undefined;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `time`: `12/Mar/2020:19:03:58 +0000`. */
export function formatRequestTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export class MalformedLambdaResponseError extends Error {
  readonly code = 'local.malformedLambdaResponse';
}

/**
 * Payload 2.0 response rules: a result with `statusCode` is used as given (base64 body decoded,
 * cookies become set-cookie headers); anything else is inferred as 200 application/json whose body
 * is the string itself, or the value as JSON.
 */
export function toHttpResponse(result: unknown): HttpResponse {
  if (!isStructured(result)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result ?? null);
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body, 'utf8'),
    };
  }
  const { statusCode, headers = {}, body, isBase64Encoded, cookies } = result;
  if (!Number.isInteger(statusCode) || (statusCode as number) < 100 || (statusCode as number) > 599) {
    throw new MalformedLambdaResponseError(`statusCode must be an HTTP status, got ${String(statusCode)}`);
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedLambdaResponseError('body must be a string');
  }
  const responseHeaders: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined && value !== null) responseHeaders[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(cookies) && cookies.length > 0) responseHeaders['set-cookie'] = cookies.map(String);
  const bytes = body ? Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  // HTTP API answers a body without a content-type as plain text.
  if (bytes.length > 0 && !responseHeaders['content-type']) {
    responseHeaders['content-type'] = 'text/plain; charset=utf-8';
  }
  return { statusCode: statusCode as number, headers: responseHeaders, body: bytes };
}

interface StructuredResult {
  statusCode: unknown;
  headers?: Record<string, unknown> | null;
  body?: unknown;
  isBase64Encoded?: unknown;
  cookies?: unknown;
}

function isStructured(result: unknown): result is StructuredResult {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  // A `statusCode: undefined` disappears when Lambda serializes the result, so it counts as absent.
  return (result as { statusCode?: unknown }).statusCode != null;
}

// Driving adapter for every HTTP route: authorize by the route declaration, parse and validate the
// request with zod, call the use case, and turn any error into the API's one error shape.
import middy, { type MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { type Caller, hasAnyRole } from '../domain/access';
import { DomainError, ValidationError } from '../domain/errors';
import { toNfc } from '../domain/text';
import { runInInvocation } from '../invocation';
import type { RouteDeclaration } from '../routes';
import type * as z from '../schemas/zod';
import { callerFromClaims } from './caller';
import { logger } from './logger';
import { errorResponse, type HttpResult, responseForError } from './responses';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Our limit on request bodies; API Gateway's own (10 MB) is far above anything we accept. */
export const maxBodyBytes = 64 * 1024;

/** Our bodies nest four levels; 64 KB of `[` nests far deeper, enough to overflow recursive work (toNfc). */
export const maxBodyDepth = 32;

export interface HttpRequest<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
  /** Lower-case header names, as API Gateway passes them. */
  headers: Record<string, string | undefined>;
  caller: Caller | undefined;
  /** The body's bytes as sent, for a route that takes a file rather than JSON (base64 undone). */
  rawBody: () => Buffer;
}

interface InputSchemas<Body, Query, Params> {
  body?: z.ZodMiniType<Body>;
  query?: z.ZodMiniType<Query>;
  params?: z.ZodMiniType<Params>;
  /** A route whose JSON bodies are larger by nature (a batch) says so; others keep maxBodyBytes. */
  maxBodyBytes?: number;
}

type Handler = (event: HttpEvent, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

export function http<Body = undefined, Query = undefined, Params = undefined>(
  route: RouteDeclaration,
  schemas: InputSchemas<Body, Query, Params>,
  useCase: (request: HttpRequest<Body, Query, Params>, context: Context) => Promise<HttpResult>,
): Handler {
  const handler = middy<HttpEvent, APIGatewayProxyStructuredResultV2>()
    .use(errorsAsResponses(route))
    .use(authorize(route))
    // The invocation's deadline bounds every retry the use case makes, so a Lambda answers before it times out.
    .handler(async (event, context) =>
      runInInvocation(context, () => useCase(parseRequest(event, schemas), context)),
    );
  return async (event, context) => {
    const response = await handler(event, context);
    return event.requestContext.http.method === 'HEAD' ? withoutBody(response) : response;
  };
}

/**
 * HEAD reaches a GET route's function (see routeMethods) and gets the GET's answer, refusals included, with
 * the same status and headers and no body. Outside middy, because an early response (401, 403) skips its
 * `after` hooks.
 */
function withoutBody(response: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  const { body: _body, isBase64Encoded: _isBase64Encoded, ...rest } = response;
  return rest;
}

function errorsAsResponses(
  route: RouteDeclaration,
): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  return {
    onError: (request) => {
      const error = request.error;
      if (!(error instanceof DomainError)) {
        logger.error('Unhandled error', { route: route.name, error: error as Error });
      }
      request.response = responseForError(error);
    },
  };
}

function authorize(route: RouteDeclaration): MiddlewareObj<HttpEvent, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      if (route.access === 'public') return;
      const caller = callerFromClaims(request.event.requestContext.authorizer?.jwt?.claims);
      if (!caller) return errorResponse('unauthorized', 'Sign in to use this endpoint');
      if (route.access !== 'signed-in' && !hasAnyRole(caller, route.access)) {
        return errorResponse('forbidden', `This endpoint is for ${route.access.join(', ')}`);
      }
    },
  };
}

function parseRequest<Body, Query, Params>(
  event: HttpEvent,
  schemas: InputSchemas<Body, Query, Params>,
): HttpRequest<Body, Query, Params> {
  const params = schemas.params
    ? schemas.params.safeParse(event.pathParameters ?? {})
    : { success: true as const, data: undefined as Params };
  if (!params.success) throw new DomainError('not_found', `Nothing is found at ${event.rawPath}`);
  return {
    params: params.data,
    query: schemas.query
      ? validate(schemas.query, toNfc(event.queryStringParameters ?? {}))
      : (undefined as Query),
    body: schemas.body
      ? validate(schemas.body, toNfc(readJsonBody(event, schemas.maxBodyBytes ?? maxBodyBytes)))
      : (undefined as Body),
    headers: event.headers ?? {},
    caller: callerFromClaims(event.requestContext.authorizer?.jwt?.claims),
    rawBody: () => bodyBytes(event),
  };
}

function bodyBytes(event: HttpEvent): Buffer {
  const raw = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
}

function readJsonBody(event: HttpEvent, limit: number): unknown {
  assertJsonInUtf8(event.headers?.['content-type'] ?? '');
  const bytes = bodyBytes(event);
  if (bytes.byteLength > limit) {
    throw new DomainError('payload_too_large', `The body must be at most ${limit} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(decodeUtf8(bytes));
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('malformed_json', 'The body is not valid JSON');
  }
  if (nestsDeeperThan(body, maxBodyDepth)) {
    throw ValidationError.field('(body)', `must not nest objects and arrays more than ${maxBodyDepth} deep`);
  }
  return body;
}

/**
 * `application/json` or `application/…+json`, in UTF-8: a declared charset must say UTF-8 (JSON
 * exchanged between systems is UTF-8, RFC 8259 §8.1); any other is refused rather than misread.
 */
function assertJsonInUtf8(contentType: string): void {
  const [mediaType = '', ...parameters] = contentType.split(';');
  if (!/^application\/([a-z.+-]*\+)?json$/i.test(mediaType.trim())) {
    throw new DomainError('unsupported_media_type', 'Send the body as application/json');
  }
  for (const parameter of parameters) {
    const [name = '', ...value] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    const charset = value
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
    if (charset !== 'utf-8' && charset !== 'utf8') {
      throw new DomainError(
        'unsupported_media_type',
        'Send the body in UTF-8 (charset=utf-8, or no charset)',
      );
    }
  }
}

/** Fatal: bytes that are not UTF-8 are refused, not replaced. The BOM is kept, so JSON.parse refuses it as before. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Text that is not UTF-8 is not JSON (RFC 8259 §8.1), hence `malformed_json` rather than a field's
 * `validation_failed`. U+FFFD is refused too: it is what a decoder leaves where bytes were not UTF-8, so
 * in a body API Gateway passed as text it is the only trace of them, and no name or note needs it.
 */
function decodeUtf8(bytes: Buffer): string {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DomainError('malformed_json', 'The body is not valid JSON: its bytes are not UTF-8');
  }
  if (text.includes('\uFFFD')) {
    throw new DomainError(
      'malformed_json',
      'The body is not valid JSON: it holds U+FFFD, the mark of bytes that were not UTF-8',
    );
  }
  return text;
}

/** Walks without recursion, so that checking a deep value cannot itself overflow the stack. */
function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** `root` names the value itself in error details: '(body)', or a header's name. */
export function validate<T>(schema: z.ZodMiniType<T>, value: unknown, root = '(body)'): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || root,
    message:
      issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
  const summary = details.map((d) => `${d.path}: ${d.message}`).join('; ');
  throw new ValidationError(details, summary);
}

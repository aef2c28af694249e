// Local HTTP API: routes from shared/routes.ts, the JWT authorizer, payload 2.0 events to the same handlers.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { parseAllowedOrigins } from '../../shared/http/cors';
import type { RouteDeclaration } from '../../shared/routes';
import { corsHeaders, isPreflight, preflightHeaders } from './cors';
import {
  buildHttpApiEvent,
  type HttpResponse,
  type IncomingHttpRequest,
  newApiGatewayRequestId,
  toHttpResponse,
} from './http-api-event';
import type { IdentityRequest } from './identity-endpoint';
import type { JwtAuthorizer } from './jwt-authorizer';
import { createLambdaContext } from './lambda-context';
import { createRouteMatcher } from './route-matcher';

export type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => unknown;

export interface GatewayOptions {
  routes: readonly RouteDeclaration[];
  authorizer: JwtAuthorizer;
  /** The runtime's: builds `functions/<handler>.ts` once per handler. */
  loadHandler: (route: RouteDeclaration) => Promise<LambdaHandler>;
  /** Requests wait for this, so none reaches a handler before its environment is set. */
  ready?: Promise<void>;
  /** Each request waits for admission and calls the release it gets when answered (a backup pauses here). */
  admit?: () => Promise<() => void>;
  /**
   * Access log: method, path, status, duration and the request's two ids (API Gateway's, which the caller gets
   * as `x-request-id` and `apigw-requestid`, and Lambda's), never bodies (they hold beneficiaries' data).
   */
  logRequest?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
  /** API Gateway's payload limit; handlers enforce our own, smaller one. */
  maxBodyBytes?: number;
  /** API Gateway's maximum integration timeout. */
  timeoutMs?: number;
  /** Origins whose pages may call the API from a browser; with none, the gateway has no CORS configuration. */
  allowedOrigins?: readonly string[];
  /** The identity provider's endpoint for pages on this origin (POST only); no route, no authorizer. */
  identityEndpoint?: { path: string; handle(request: IdentityRequest): Promise<HttpResponse> };
}

export const apiGatewayMaxBodyBytes = 10 * 1024 * 1024;
export const apiGatewayTimeoutMs = 30_000;

export function createGateway(options: GatewayOptions): Server {
  const matchRoute = createRouteMatcher(options.routes);
  const loadRouteHandler = options.loadHandler;
  const logError = options.logError ?? ((message, error) => console.error(message, error ?? ''));
  const maxBodyBytes = options.maxBodyBytes ?? apiGatewayMaxBodyBytes;
  const timeoutMs = options.timeoutMs ?? apiGatewayTimeoutMs;
  const allowedOrigins = parseAllowedOrigins(options.allowedOrigins ?? [], 'allowedOrigins');

  async function handle(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<number> {
    await options.ready;
    if (!options.admit) return handleAdmitted(req, res, ids);
    const release = await options.admit();
    try {
      return await handleAdmitted(req, res, ids);
    } finally {
      release();
    }
  }

  async function handleAdmitted(req: IncomingMessage, res: ServerResponse, ids: RequestIds): Promise<number> {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const requestId = ids.api;
    if (isPreflight(allowedOrigins, method, req.headers)) {
      const headers = preflightHeaders(allowedOrigins, req.headers.origin);
      return send(res, { statusCode: 204, headers, body: Buffer.alloc(0) }, requestId);
    }
    // On every response, the gateway's own errors included, as API Gateway adds them.
    for (const [name, value] of Object.entries(corsHeaders(allowedOrigins, req.headers.origin))) {
      res.setHeader(name, value);
    }
    const identity = options.identityEndpoint;
    if (identity && method === 'POST' && url.split('?')[0] === identity.path) {
      const body = await readBody(req, maxBodyBytes);
      if (body === 'too-large') {
        res.setHeader('connection', 'close');
        return send(res, errorResponse(413, 'payload_too_large', 'Request body is too large'), requestId);
      }
      const target = req.headers['x-amz-target'];
      return send(
        res,
        await identity.handle({ target: typeof target === 'string' ? target : undefined, body }),
        requestId,
      );
    }
    const match = matchRoute(method, url.split('?')[0] ?? '/');
    if (!match) {
      return send(res, errorResponse(404, 'not_found', 'No route for this method and path'), requestId);
    }

    const body = await readBody(req, maxBodyBytes);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return send(res, errorResponse(413, 'payload_too_large', 'Request body is too large'), requestId);
    }

    let authorization: { claims: Record<string, string> } | undefined;
    if (match.route.access !== 'public') {
      const result = await options.authorizer.authorize(req.headers.authorization);
      if (!result.ok) {
        const response = errorResponse(401, 'unauthorized', result.reason);
        response.headers['www-authenticate'] = 'Bearer error="invalid_token"';
        return send(res, response, requestId);
      }
      authorization = { claims: result.claims };
    }

    const request: IncomingHttpRequest = {
      method,
      url,
      rawHeaders: req.rawHeaders,
      body,
      sourceIp: (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, ''),
      httpVersion: req.httpVersion,
    };
    const event = buildHttpApiEvent(
      request,
      { method, path: match.route.path, pathParameters: match.pathParameters },
      authorization,
      { requestId, now: new Date() },
    );
    const context = createLambdaContext({ functionName: `pledge-tracker-${match.route.name}`, timeoutMs });
    ids.function = context.awsRequestId;
    try {
      const handler = await loadRouteHandler(match.route);
      const result = await withTimeout(Promise.resolve(handler(event, context)), timeoutMs);
      return send(res, toHttpResponse(result), requestId);
    } catch (error) {
      logError(
        `${match.route.name} (functions/${match.route.handler}.ts) failed (${describeIds(ids)}):`,
        error,
      );
      return send(res, errorResponse(500, 'internal', 'Internal error'), requestId);
    }
  }

  return createServer((req, res) => {
    const started = performance.now();
    // API Gateway's id for every request, Lambda's once a function is invoked.
    const ids: RequestIds = { api: newApiGatewayRequestId() };
    handle(req, res, ids)
      .catch((error) => {
        logError(`Gateway error on ${req.method} ${req.url?.split('?')[0]}:`, error);
        return res.headersSent
          ? res.statusCode
          : send(res, errorResponse(500, 'internal', 'Internal error'), '');
      })
      .then((status) => {
        const path = (req.url ?? '/').split('?')[0];
        options.logRequest?.(
          `${req.method} ${path} ${status} ${Math.round(performance.now() - started)}ms ${describeIds(ids)}`,
        );
      });
  });
}

interface RequestIds {
  api: string;
  function?: string;
}

/** As the handlers' log lines name them (`api_request_id`, `function_request_id`), to search one by the other. */
function describeIds(ids: RequestIds): string {
  return `api_request_id=${ids.api}${ids.function ? ` function_request_id=${ids.function}` : ''}`;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  if (Number(req.headers['content-length'] ?? 0) > limit) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit the rest is drained and dropped: destroying the request would take the socket, and the 413, with it.
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Handler timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function errorResponse(statusCode: number, code: string, message: string): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ error: { code, message } })),
  };
}

function send(res: ServerResponse, response: HttpResponse, requestId: string): number {
  res.statusCode = response.statusCode;
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (requestId) res.setHeader('apigw-requestid', requestId);
  res.setHeader('content-length', response.body.length);
  res.end(response.body);
  return response.statusCode;
}

// API Gateway's CORS handling for the local gateway, from the policy in shared/http/cors.ts and the allowed origins.
import type { IncomingHttpHeaders } from 'node:http';
import { corsPolicy } from '../../shared/http/cors';

/**
 * A browser's preflight: OPTIONS with an Origin and the method it means to send. With origins configured,
 * API Gateway answers every one itself with 204, with the Access-Control-* headers only for an allowed
 * origin; without, there is no CORS configuration and OPTIONS finds no route.
 */
export function isPreflight(
  allowedOrigins: readonly string[],
  method: string,
  headers: IncomingHttpHeaders,
): boolean {
  return (
    allowedOrigins.length > 0 &&
    method === 'OPTIONS' &&
    headers.origin !== undefined &&
    headers['access-control-request-method'] !== undefined
  );
}

export function preflightHeaders(
  allowedOrigins: readonly string[],
  origin: string | undefined,
): Record<string, string> {
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-allow-methods': corsPolicy.allowMethods.join(','),
    'access-control-allow-headers': corsPolicy.allowHeaders.join(','),
    'access-control-max-age': String(corsPolicy.maxAgeSeconds),
  };
}

/**
 * What API Gateway adds to any response to a request from an allowed origin, the exposed headers included;
 * nothing for other origins.
 */
export function corsHeaders(
  allowedOrigins: readonly string[],
  origin: string | undefined,
): Record<string, string> {
  if (origin === undefined || !allowedOrigins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origin,
    'access-control-expose-headers': corsPolicy.exposeHeaders.join(','),
    vary: 'Origin',
  };
}

// The cross-origin policy, declared once: the CDK stack's HttpApi corsPreflight and the local gateway both read it.
import { routes } from '../routes';
import { requestIdHeader } from './request-id';

/**
 * What a page on another origin may send, when that origin is allowed at all (none is by default: the
 * dashboard is served by this API, from its own origin). Tokens travel in the Authorization header, never
 * in cookies, so credentials mode is never needed.
 */
export const corsPolicy = {
  /** Every method a declared route uses, so a new route is covered by its one entry. */
  allowMethods: [...new Set(routes.map((route) => route.method))].sort(),
  /** Lower case, as browsers list them in a preflight; Idempotency-Key is required on POST .../handovers. */
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  /**
   * Browsers keep a preflight's answer this long (Chromium caps it at two hours), so a page on an allowed
   * origin that polls progress every 2.5 s sends one preflight an hour per URL rather than one per poll.
   */
  maxAgeSeconds: 3600,
  /** Response headers a page on an allowed origin may read besides the CORS-safelisted ones. */
  exposeHeaders: [requestIdHeader],
} as const;

export class InvalidAllowedOriginError extends Error {
  readonly code = 'cors.invalidOrigin';
}

/**
 * The allowed origins from a comma-separated string or an array of strings (CDK context may be either),
 * checked, without blanks or duplicates. `source` names the setting in error messages. Each must be an
 * origin exactly as a browser sends it in the Origin header: `https://` any host, or `http://localhost`
 * for a front end in development; no path, no trailing slash, no wildcard.
 */
export function parseAllowedOrigins(value: unknown, source: string): string[] {
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new InvalidAllowedOriginError(`${source} must be a comma-separated string or an array of strings`);
  }
  const origins = items.map((item) => item.trim()).filter((item) => item !== '');
  for (const origin of origins) {
    const problem = originProblem(origin);
    if (problem) throw new InvalidAllowedOriginError(`${source}: "${origin}" ${problem}`);
  }
  return [...new Set(origins)];
}

/** What is wrong with an entry, said so that the message tells what to write instead; undefined if nothing. */
function originProblem(origin: string): string | undefined {
  if (origin.includes('*')) return 'is a wildcard; list each origin';
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return 'is not an origin such as https://app.example.org';
  }
  if (url.protocol === 'http:' && url.hostname !== 'localhost') {
    return 'is not https; plain http is allowed for http://localhost only';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'is not an https:// origin';
  if (url.origin !== origin) {
    return `is not an origin as browsers send it (scheme, host and port only): write "${url.origin}"`;
  }
  return undefined;
}

// Where the page signs in: the Cognito endpoint and app client, written into the served page by its function.
import { escapeHtml } from '../domain/report-html';

export const identityMetaName = 'pledge-tracker-identity';

export interface IdentityConfig {
  /** `https://cognito-idp.<region>.amazonaws.com/` in AWS; `/identity` (same origin) locally. */
  endpoint: string;
  clientId: string;
}

/** The page with its identity settings, or unchanged (no sign-in offered) when there are none. */
export function pageWithIdentity(page: string, config: IdentityConfig | undefined): string {
  if (!config) return page;
  const content = escapeHtml(JSON.stringify(config));
  return page.replace(
    `<meta name="${identityMetaName}" content="">`,
    `<meta name="${identityMetaName}" content="${content}">`,
  );
}

/** The one origin CSP's connect-src gains: the endpoint's, unless it is on the page's own origin. */
export function identityConnectSource(config: IdentityConfig | undefined): string | undefined {
  if (!config || config.endpoint.startsWith('/')) return undefined;
  return new URL(config.endpoint).origin;
}

/** From the function's environment; both variables or none. */
export function readIdentityConfig(
  env: Record<string, string | undefined>,
  names: { endpoint: string; clientId: string },
): IdentityConfig | undefined {
  const endpoint = env[names.endpoint];
  const clientId = env[names.clientId];
  if (!endpoint && !clientId) return undefined;
  if (!endpoint || !clientId) {
    throw new Error(`Missing environment variable ${endpoint ? names.clientId : names.endpoint}`);
  }
  if (!endpoint.startsWith('/') && !/^https:\/\/[a-z0-9.-]+\/$/.test(endpoint)) {
    throw new Error(`${names.endpoint} must be an https:// origin ending in / or a path on this origin`);
  }
  return { endpoint, clientId };
}

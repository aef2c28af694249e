// Where the page signs in: the Cognito endpoint and app client, written into the served page by its function.
import { type Config, ConfigError, variableOf } from '../config';
import { escapeHtml } from '../domain/report-html';

export const identityMetaName = 'pledge-tracker-identity';

export interface IdentityConfig {
  /** `https://cognito-idp.<region>.amazonaws.com/` in AWS; `/identity` (same origin) locally. */
  endpoint: string;
  clientId: string;
  /** Present (true) where the API refuses admins and clerks without TOTP: the page then offers to set it up. */
  requireMfa?: true;
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

/** From the function's configuration: both settings or none (the page then offers no sign-in). */
export function identityOf(config: Config): IdentityConfig | undefined {
  const { identityEndpoint: endpoint, userPoolClientId: clientId } = config;
  if (!endpoint && !clientId) return undefined;
  if (!endpoint || !clientId) {
    const missing = variableOf(endpoint ? 'userPoolClientId' : 'identityEndpoint');
    throw new ConfigError(`Missing environment variable ${missing}: sign-in needs both identity settings`);
  }
  return { endpoint, clientId, ...(config.requireMfa === 'true' ? { requireMfa: true as const } : {}) };
}

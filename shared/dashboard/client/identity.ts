// Signing in from the page: Cognito's user-pool API (USER_PASSWORD_AUTH, challenges, refresh, revoke), the same
// calls against Cognito in AWS and the local provider; tokens kept in sessionStorage only, never in a URL.

import type { IdentityConfig, Session } from './cognito-api';

export * from './cognito-api';

const sessionKey = 'pledge-tracker.session';

export function readIdentityConfig(): IdentityConfig | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="pledge-tracker-identity"]')?.content;
  if (!content) return undefined;
  try {
    const parsed = JSON.parse(content) as IdentityConfig;
    return parsed.endpoint && parsed.clientId ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(sessionKey);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function storeSession(session: Session | undefined): void {
  try {
    if (session) sessionStorage.setItem(sessionKey, JSON.stringify(session));
    else sessionStorage.removeItem(sessionKey);
  } catch {
    // Storage refused: the session lives as long as the page.
  }
}

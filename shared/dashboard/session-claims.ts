// Who is signed in, read from the ID token's claims for display only (the API checks the token itself).
import { type Role, roles } from '../domain/roles';

export interface SignedInUser {
  name: string;
  role: Role | undefined;
  organizationId?: string;
}

/** The payload of a JWT without checking it: the page only shows it, every request is checked by the API. */
export function decodeClaims(token: string): Record<string, unknown> | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const base64 = part.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const payload: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Name (or e-mail, or user name) and the first role the token's groups name. */
export function signedInUser(idToken: string): SignedInUser | undefined {
  const claims = decodeClaims(idToken);
  if (!claims) return undefined;
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
  const role = roles.find((candidate) => groups.includes(candidate));
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  const organizationId = text('custom:organizationId');
  // Where the pool signs in by e-mail, Cognito's user name is a UUID: the e-mail says more.
  const username = text('cognito:username');
  const readable = username && !/^[0-9a-f-]{36}$/.test(username) ? username : undefined;
  return {
    name: text('name') ?? readable ?? text('email') ?? username ?? '',
    role,
    ...(organizationId ? { organizationId } : {}),
  };
}

/** Roles that may read the leadership notification feed (shared/routes.ts, ListNotifications). */
export const feedRoles: readonly Role[] = ['admin', 'front-committee', 'leadership'];

// Who is calling: read from the JWT claims exactly as the HTTP API's JWT authorizer hands them over.
import type { Caller } from '../domain/access';
import { type Role, roles } from '../domain/roles';
import { mfaClaim } from '../identity';

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * Groups as Cognito issues them, a JSON array, which the HTTP API's JWT authorizer flattens to the string
 * "[admin front-committee]". Cognito group names hold no whitespace but may hold commas, so the flattened
 * form is split on whitespace only: "[admin,front-committee]" is one group of that name, not two roles.
 * Any other string is one group name. Unknown groups are ignored.
 */
export function parseGroups(value: Claims[string]): Role[] {
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return [];
  const flattened = Array.isArray(value) ? undefined : /^\[(.*)\]$/s.exec(value);
  const names = Array.isArray(value) ? value : flattened ? (flattened[1] ?? '').split(/\s+/) : [value];
  return names.filter((name): name is Role => (roles as readonly string[]).includes(name));
}

export function callerFromClaims(claims: Claims | undefined): Caller | undefined {
  const sub = claims?.sub;
  if (!claims || typeof sub !== 'string' || sub === '') return undefined;
  const organizationId = claims['custom:organizationId'];
  return {
    sub,
    roles: parseGroups(claims['cognito:groups']),
    ...(typeof organizationId === 'string' && organizationId !== '' ? { organizationId } : {}),
    ...(claims[mfaClaim.name] === mfaClaim.totp ? { secondFactor: true as const } : {}),
  };
}

/** For routes that are not public: the authorize middleware has already refused calls without a caller. */
export function signedIn(caller: Caller | undefined): Caller {
  if (!caller) throw new Error('A caller was expected on a route that requires sign-in');
  return caller;
}

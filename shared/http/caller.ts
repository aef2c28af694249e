// Who is calling: read from the JWT claims exactly as the HTTP API's JWT authorizer hands them over.
import type { AuditActor } from '../domain/audit';
import { ForbiddenError } from '../domain/errors';
import { type Role, roles } from '../domain/roles';

export interface Caller {
  sub: string;
  roles: Role[];
  /** Set for organization users: the only organization they may act for. */
  organizationId?: string;
}

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway flattens array claims to a string such as "[admin front-committee]"; a token may
 * also carry a real array or a comma-separated string. Unknown groups are ignored.
 */
export function parseGroups(value: Claims[string]): Role[] {
  if (value === undefined || typeof value === 'number' || typeof value === 'boolean') return [];
  const names = Array.isArray(value)
    ? value
    : value
        .replace(/^\[|\]$/g, '')
        .split(/[\s,]+/)
        .filter(Boolean);
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
  };
}

export function hasAnyRole(caller: Caller, allowed: readonly Role[]): boolean {
  return caller.roles.some((role) => allowed.includes(role));
}

/** Front committee and admins may act for any organization; an organization user only for its own. */
export function mayActFor(caller: Caller, organizationId: string): boolean {
  if (hasAnyRole(caller, ['admin', 'front-committee'])) return true;
  return caller.roles.includes('organization') && caller.organizationId === organizationId;
}

/**
 * The organization an organization user acts for. A user in the group without the attribute (a
 * misconfigured Cognito user) may act for none, rather than for all.
 */
export function ownOrganization(caller: Caller): string {
  if (!caller.roles.includes('organization') || !caller.organizationId) {
    throw new ForbiddenError('Your account is not linked to an organization');
  }
  return caller.organizationId;
}

/** Beneficiaries' names and addresses are shown to the front committee and admins only. */
export function maySeePersonalData(caller: Caller): boolean {
  return hasAnyRole(caller, ['admin', 'front-committee']);
}

/** Who the audit trail names: the token's subject and groups, never a name or an email. */
export function auditActor(caller: Caller): AuditActor {
  return {
    sub: caller.sub,
    roles: [...caller.roles],
    ...(caller.organizationId ? { organizationId: caller.organizationId } : {}),
  };
}

/** For routes that are not public: the authorize middleware has already refused calls without a caller. */
export function signedIn(caller: Caller | undefined): Caller {
  if (!caller) throw new Error('A caller was expected on a route that requires sign-in');
  return caller;
}

// Who may read or change which organization's data: the caller's roles and organization against the data. Pure.
import type { AuditActor } from './audit';
import { ForbiddenError } from './errors';
import type { Role } from './roles';

export interface Caller {
  sub: string;
  roles: Role[];
  /** Set for organization users: the only organization they may act for. */
  organizationId?: string;
  /** The token says the account signs in with TOTP (the `mfa` claim); absent otherwise. */
  secondFactor?: true;
}

/** The front committee and admins: they act for any organization and see beneficiaries. */
const staff: readonly Role[] = ['admin', 'front-committee'];

/** Those who read every organization's handovers (leadership reads them, without personal data). */
const readersOfAllHandovers: readonly Role[] = [...staff, 'leadership'];

export function hasAnyRole(caller: Caller, allowed: readonly Role[]): boolean {
  return caller.roles.some((role) => allowed.includes(role));
}

/**
 * A caller in a role that must use a second factor, whose token does not say they have one: refused when
 * the configuration requires it (in AWS), whatever the route, until they enrol TOTP and sign in again.
 */
export function lacksRequiredSecondFactor(caller: Caller, requiredFor: readonly Role[]): boolean {
  return hasAnyRole(caller, requiredFor) && caller.secondFactor !== true;
}

/** Front committee and admins may act for any organization; an organization user only for its own. */
export function mayActFor(caller: Caller, organizationId: string): boolean {
  if (hasAnyRole(caller, staff)) return true;
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

/**
 * Refuses, before anything is read, a caller who may change no organization's pledges; staff may change
 * any, an organization user its own (judged against each pledge by `mayActFor`).
 */
export function assertMayChangePledges(caller: Caller): void {
  if (!hasAnyRole(caller, staff)) ownOrganization(caller);
}

/**
 * The organization whose handovers a listing shows: the one asked for (or all) for staff and leadership;
 * for an organization user its own, and 403 for asking after another's.
 */
export function handoverListOrganization(caller: Caller, asked: string | undefined): string | undefined {
  if (hasAnyRole(caller, readersOfAllHandovers)) return asked;
  const own = ownOrganization(caller);
  if (asked !== undefined && asked !== own) {
    throw new ForbiddenError("You may list only your own organization's handovers");
  }
  return own;
}

/** Beneficiaries' names and addresses are shown to the front committee and admins only. */
export function maySeePersonalData(caller: Caller): boolean {
  return hasAnyRole(caller, staff);
}

/** Who the audit trail names: the token's subject and groups, never a name or an email. */
export function auditActor(caller: Caller): AuditActor {
  return {
    sub: caller.sub,
    roles: [...caller.roles],
    ...(caller.organizationId ? { organizationId: caller.organizationId } : {}),
  };
}

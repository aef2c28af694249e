// Whether a pledge may be changed, judged from the pledge as stored: it exists, is the caller's to change, is active.
import { type Caller, hasAnyRole, mayActFor } from './access';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';
import type { Pledge } from './model';

/** Throws the reason `caller` may not change the pledge as stored: 404, 403, or 409 for a withdrawn one. */
export function assertMayChangePledge(
  caller: Caller,
  pledgeId: string,
  stored: Pledge | undefined,
): asserts stored is Pledge {
  if (!stored) throw new NotFoundError('Pledge', pledgeId);
  if (!mayActFor(caller, stored.organizationId)) {
    throw new ForbiddenError('You may change only your own organization’s pledges');
  }
  if (stored.state !== 'active') throw new ConflictError(`Pledge ${pledgeId} is withdrawn`);
}

/**
 * Pledges an organization may withdraw per category and campaign before it must ask the front committee to
 * register again. Withdrawn pledges stay in the campaign's partition (their history), which every public
 * progress read and report reads: without a bound, one account's register-and-withdraw cycles made those
 * reads as large as it liked. Staff are not bounded: they are few, named, and audited.
 */
export const maxWithdrawnPledgesPerCategory = 3;

/** The bound that applies to `caller`'s registrations, if any. */
export function withdrawalLimitFor(caller: Caller): number | undefined {
  return hasAnyRole(caller, ['admin', 'front-committee']) ? undefined : maxWithdrawnPledgesPerCategory;
}

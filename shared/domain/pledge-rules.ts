// Whether a pledge may be changed, judged from the pledge as stored: it exists, is the caller's to change, is active.
import { type Caller, mayActFor } from './access';
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

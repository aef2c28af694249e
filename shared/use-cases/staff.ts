// Use cases: admins invite staff with a role (and an organization), list them and disable them; each change audited.
import { auditActor, type Caller } from '../domain/access';
import { staffDisabled, staffInvited } from '../domain/audit';
import { ConflictError, NotFoundError } from '../domain/errors';
import type { InvitedStaff, StaffInvitation, StaffMember } from '../ports';
import type { StaffDeps } from './deps';

/**
 * The account first, then its entry: Cognito takes part in no DynamoDB transaction, and an entry for an
 * invitation that failed would be false. Should the entry's write fail, the caller gets a 500 and the account
 * exists unrecorded (decision 0012 says so).
 */
export async function inviteStaff(
  deps: StaffDeps,
  invitation: StaffInvitation,
  caller: Caller,
): Promise<InvitedStaff & Pick<StaffInvitation, 'role' | 'organizationId'>> {
  const invited = await deps.staff.invite(invitation);
  await deps.audit.appendStaffEntry(
    staffInvited(
      {
        sub: invited.id,
        role: invitation.role,
        ...(invitation.organizationId ? { organizationId: invitation.organizationId } : {}),
      },
      deps.clock.now().toISOString(),
      auditActor(caller),
    ),
  );
  return {
    ...invited,
    role: invitation.role,
    ...(invitation.organizationId ? { organizationId: invitation.organizationId } : {}),
  };
}

export async function listStaff(deps: Pick<StaffDeps, 'staff'>): Promise<{ items: StaffMember[] }> {
  return { items: await deps.staff.list() };
}

/**
 * Disabling a disabled account changes nothing and records nothing. An admin may not disable their own
 * account: the last admin would lock everyone out of user administration.
 */
export async function disableStaff(deps: StaffDeps, id: string, caller: Caller): Promise<void> {
  if (id === caller.sub) throw new ConflictError('You may not disable your own account');
  const member = await deps.staff.find(id);
  if (!member) throw new NotFoundError('User', id);
  if (!member.enabled) return;
  await deps.staff.disable(member);
  await deps.audit.appendStaffEntry(staffDisabled(id, deps.clock.now().toISOString(), auditActor(caller)));
}

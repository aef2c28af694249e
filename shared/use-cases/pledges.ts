// Use cases: register, revise, withdraw and list pledges (đăng ký), each organization acting for itself.

import { pledgeRegistered, pledgeRevised, pledgeWithdrawn } from '../domain/audit';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { newPledgeId } from '../domain/identity';
import type { Pledge } from '../domain/model';
import { auditActor, type Caller, hasAnyRole, mayActFor, ownOrganization } from '../http/caller';
import type { RegisterPledgeBody, RevisePledgeBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { requireCampaign } from './campaigns';
import { type LedgerDeps, pageSize } from './deps';
import { pledgeView } from './views';

export async function registerPledge(
  deps: LedgerDeps,
  campaignId: string,
  input: z.infer<typeof RegisterPledgeBody>,
  caller: Caller,
) {
  if (!mayActFor(caller, input.organizationId)) {
    throw new ForbiddenError('You may register pledges only for your own organization');
  }
  const [campaign, organization] = await Promise.all([
    requireCampaign(deps, campaignId),
    deps.ledger.getOrganization(input.organizationId),
  ]);
  if (!organization)
    throw ValidationError.field('organizationId', `unknown organization ${input.organizationId}`);
  const now = deps.clock.now();
  const pledge: Pledge = {
    id: newPledgeId(),
    campaignId,
    organizationId: organization.id,
    organizationName: organization.name,
    category: input.category,
    target: input.target,
    delivered: 0,
    state: 'active',
    ...(input.note ? { note: input.note } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  await deps.ledger.registerPledge(pledge, pledgeRegistered(pledge, auditActor(caller)));
  return pledgeView(pledge, campaign, now);
}

export async function revisePledge(
  deps: LedgerDeps,
  target: { campaignId: string; pledgeId: string },
  input: z.infer<typeof RevisePledgeBody>,
  caller: Caller,
) {
  // Staff may change any pledge; an organization user only its own, judged from the pledge as read
  // (its organization never changes, and the write is conditional on it being unchanged since).
  const requiredOrganizationId = hasAnyRole(caller, ['admin', 'front-committee'])
    ? undefined
    : ownOrganization(caller);
  const campaign = await requireCampaign(deps, target.campaignId);
  const now = deps.clock.now();
  const change = {
    ...target,
    reason: input.reason,
    by: caller.sub,
    at: now.toISOString(),
    ...(requiredOrganizationId ? { requiredOrganizationId } : {}),
  };
  const actor = auditActor(caller);
  const newTarget = input.target;
  const pledge =
    newTarget !== undefined
      ? await deps.ledger.revisePledgeTarget({ ...change, target: newTarget }, (before) =>
          pledgeRevised(before, { target: newTarget, reason: change.reason, at: change.at }, actor),
        )
      : await deps.ledger.withdrawPledge(change, (before) =>
          pledgeWithdrawn(before, { reason: change.reason, at: change.at }, actor),
        );
  return pledgeView(pledge, campaign, now);
}

export async function listPledges(deps: LedgerDeps, campaignId: string, cursor: string | undefined) {
  const campaign = await requireCampaign(deps, campaignId);
  const page = await deps.ledger.listPledges(campaignId, cursor, pageSize);
  const now = deps.clock.now();
  return { ...page, items: page.items.map((p) => pledgeView(p, campaign, now)) };
}

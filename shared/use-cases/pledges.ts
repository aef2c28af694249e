// Use cases: register, revise, withdraw and list pledges (đăng ký), each organization acting for itself.

import { assertMayChangePledges, auditActor, type Caller, mayActFor } from '../domain/access';
import { pledgeRegistered, pledgeRevised, pledgeWithdrawn } from '../domain/audit';
import { assertPledgesOpen } from '../domain/campaign-rules';
import { localDate } from '../domain/dates';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors';
import { newPledgeId } from '../domain/identity';
import type { Pledge } from '../domain/model';
import { assertMayChangePledge, withdrawalLimitFor } from '../domain/pledge-rules';
import type { PledgeWrite } from '../ports';
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
  assertPledgesOpen(caller, campaign, localDate(now));
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
  const maxWithdrawn = withdrawalLimitFor(caller);
  await deps.ledger.registerPledge(
    pledge,
    pledgeRegistered(pledge, auditActor(caller)),
    maxWithdrawn === undefined ? {} : { maxWithdrawn },
  );
  return pledgeView(pledge, campaign, now);
}

/**
 * Reads the pledge, judges the change from it, and writes it on condition the pledge is still as read.
 * A failed condition is judged again from the pledge as it is now: withdrawn meanwhile gives the same 409
 * as withdrawn before, any other change "changed meanwhile".
 */
export async function revisePledge(
  deps: LedgerDeps,
  target: { campaignId: string; pledgeId: string },
  input: z.infer<typeof RevisePledgeBody>,
  caller: Caller,
) {
  assertMayChangePledges(caller);
  const campaign = await requireCampaign(deps, target.campaignId);
  const before = await deps.ledger.getPledge(target.campaignId, target.pledgeId);
  assertMayChangePledge(caller, target.pledgeId, before);
  const now = deps.clock.now();
  assertPledgesOpen(caller, campaign, localDate(now));
  const at = now.toISOString();
  const change = { reason: input.reason, by: caller.sub, at };
  const actor = auditActor(caller);
  const newTarget = input.target;
  let write: PledgeWrite;
  let after: Pledge;
  if (newTarget !== undefined) {
    const audit = pledgeRevised(before, { target: newTarget, reason: input.reason, at }, actor);
    write = await deps.ledger.revisePledgeTarget(before, { ...change, target: newTarget }, audit);
    after = { ...before, target: newTarget, updatedAt: at };
  } else {
    const audit = pledgeWithdrawn(before, { reason: input.reason, at }, actor);
    write = await deps.ledger.withdrawPledge(before, change, audit);
    after = { ...before, state: 'withdrawn', updatedAt: at };
  }
  if (!write.written) {
    assertMayChangePledge(caller, target.pledgeId, write.current);
    throw new ConflictError(`Pledge ${target.pledgeId} changed meanwhile; read it again and retry`);
  }
  return pledgeView(after, campaign, now);
}

export async function listPledges(deps: LedgerDeps, campaignId: string, cursor: string | undefined) {
  const campaign = await requireCampaign(deps, campaignId);
  const page = await deps.ledger.listPledges(campaignId, cursor, pageSize);
  const now = deps.clock.now();
  return { ...page, items: page.items.map((p) => pledgeView(p, campaign, now)) };
}

// Use cases: create and read campaigns.

import { auditActor, type Caller } from '../domain/access';
import { campaignCreated, campaignUpdated } from '../domain/audit';
import { campaignEditConflicts } from '../domain/campaign-rules';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors';
import type { Campaign } from '../domain/model';
import type { CreateCampaignBody, UpdateCampaignBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { type HandoverDeps, type LedgerDeps, pageSize } from './deps';
import { campaignView } from './views';

export async function createCampaign(
  deps: LedgerDeps,
  input: z.infer<typeof CreateCampaignBody>,
  caller: Caller,
) {
  const campaign: Campaign = { ...input, createdAt: deps.clock.now().toISOString() };
  await deps.ledger.createCampaign(campaign, campaignCreated(campaign, auditActor(caller)));
  return campaignView(campaign);
}

/**
 * Edits name, dates or wards. Refused with 409 when a handover that still counts would be left in a removed
 * ward or outside the new dates: void it first. The edit is written only if the campaign is still as read.
 */
export async function updateCampaign(
  deps: HandoverDeps,
  campaignId: string,
  input: z.infer<typeof UpdateCampaignBody>,
  caller: Caller,
) {
  const snapshot = await deps.ledger.loadSnapshot(campaignId);
  if (!snapshot) throw new NotFoundError('Campaign', campaignId);
  const before = snapshot.campaign;
  const { reason, ...fields } = input;
  const after: Campaign = { ...before, ...fields };
  if (after.endsOn < after.startsOn) throw ValidationError.field('endsOn', 'must not be before startsOn');
  const handoversByWard = new Map<string, number>();
  for (const total of snapshot.wardTotals) {
    handoversByWard.set(total.ward, (handoversByWard.get(total.ward) ?? 0) + total.delivered);
  }
  const datesChanged = after.startsOn !== before.startsOn || after.endsOn !== before.endsOn;
  const handoverDates = datesChanged ? await deps.handovers.countedDateRange(campaignId) : undefined;
  const conflicts = campaignEditConflicts(before, after, {
    handoversByWard,
    ...(handoverDates ? { handoverDates } : {}),
  });
  if (conflicts.length > 0)
    throw new ConflictError(`The edit would orphan handovers: ${conflicts.join('; ')}`);
  const audit = campaignUpdated(
    before,
    after,
    { at: deps.clock.now().toISOString(), ...(reason ? { reason } : {}) },
    auditActor(caller),
  );
  if (audit.changes.length > 0) await deps.ledger.updateCampaign(before, after, audit);
  return campaignView(after);
}

export async function listCampaigns(deps: LedgerDeps, cursor: string | undefined) {
  return deps.ledger.listCampaigns(cursor, pageSize);
}

export async function getCampaign(deps: LedgerDeps, campaignId: string) {
  return campaignView(await requireCampaign(deps, campaignId));
}

export async function requireCampaign(deps: LedgerDeps, campaignId: string): Promise<Campaign> {
  const campaign = await deps.ledger.getCampaign(campaignId);
  if (!campaign) throw new NotFoundError('Campaign', campaignId);
  return campaign;
}

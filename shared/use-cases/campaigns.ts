// Use cases: create and read campaigns.

import { auditActor, type Caller } from '../domain/access';
import { campaignClosed, campaignCreated, campaignUpdated } from '../domain/audit';
import { campaignEditConflicts } from '../domain/campaign-rules';
import { CampaignClosedError, ConflictError, NotFoundError, ValidationError } from '../domain/errors';
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
 * Closes the campaign: from then on every write to it is refused (409 campaign_closed) and its figures stay
 * as they are. Closing a closed campaign changes nothing and answers it as it is.
 */
export async function closeCampaign(deps: LedgerDeps, campaignId: string, caller: Caller) {
  const campaign = await requireCampaign(deps, campaignId);
  if (campaign.closedAt) return campaignView(campaign);
  const at = deps.clock.now().toISOString();
  const closed = await deps.ledger.closeCampaign(
    campaign,
    { by: caller.sub, at },
    campaignClosed(campaign, at, auditActor(caller)),
  );
  return campaignView(closed);
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
  // A closed campaign's figures are final, and so are its wards and dates.
  if (before.closedAt) throw new CampaignClosedError(campaignId);
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

// Use cases: create and read campaigns.

import { auditActor, type Caller } from '../domain/access';
import { campaignClosed, campaignCreated } from '../domain/audit';
import { NotFoundError } from '../domain/errors';
import type { Campaign } from '../domain/model';
import type { CreateCampaignBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { type LedgerDeps, pageSize } from './deps';
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

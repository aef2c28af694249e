// Use cases: create and read campaigns.

import { auditActor, type Caller } from '../domain/access';
import { campaignCreated } from '../domain/audit';
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

// Use case: a campaign's audit trail, newest first, for the front committee and admins.
import { requireCampaign } from './campaigns';
import { type AuditDeps, pageSize } from './deps';

export async function listAuditTrail(deps: AuditDeps, campaignId: string, cursor: string | undefined) {
  await requireCampaign(deps, campaignId);
  return deps.audit.list(campaignId, cursor, pageSize);
}

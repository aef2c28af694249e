// Use cases: the audit trails, newest first: a campaign's, user administration's and organization renames'.
import { requireCampaign } from './campaigns';
import { type AuditDeps, pageSize } from './deps';

export async function listAuditTrail(deps: AuditDeps, campaignId: string, cursor: string | undefined) {
  await requireCampaign(deps, campaignId);
  return deps.audit.list(campaignId, cursor, pageSize);
}

/** Who invited or disabled which account, with which role: for admins, who alone administer users. */
export function listStaffAuditTrail(deps: Pick<AuditDeps, 'audit'>, cursor: string | undefined) {
  return deps.audit.listStaffEntries(cursor, pageSize);
}

/** Organization renames: for the staff who may rename. */
export function listOrganizationAuditTrail(deps: Pick<AuditDeps, 'audit'>, cursor: string | undefined) {
  return deps.audit.listOrganizationEntries(cursor, pageSize);
}

// Use cases: progress and the year-end report, both from one read of the campaign's partition.
import { NotFoundError } from '../domain/errors';
import type { CampaignSnapshot } from '../domain/model';
import { summarizeMoney } from '../domain/money';
import { officialReport } from '../domain/official-report';
import { type Basis, computeProgress } from '../domain/progress';
import { type Language, renderReportCsv, renderReportText } from '../domain/report';
import { renderReportHtml } from '../domain/report-html';
import { type ReportMoney, reportTables } from '../domain/report-tables';
import type { OfficialDocumentWriter, WorkbookWriter } from '../ports';
import type { LedgerDeps } from './deps';

export type ReportFormat = 'text' | 'csv' | 'html' | 'xlsx' | 'docx';

export type ReportDocument =
  | { format: 'text' | 'csv' | 'html'; body: string }
  | { format: 'xlsx' | 'docx'; body: Uint8Array };

export interface ReportDeps extends LedgerDeps {
  workbook: WorkbookWriter;
  officialDocument: OfficialDocumentWriter;
}

export async function getProgress(deps: LedgerDeps, campaignId: string, basis: Basis = 'recorded') {
  const snapshot = await deps.ledger.loadSnapshot(campaignId);
  if (!snapshot) throw new NotFoundError('Campaign', campaignId);
  return { snapshot, progress: computeProgress(snapshot, deps.clock.now(), basis) };
}

export async function getReport(
  deps: ReportDeps,
  campaignId: string,
  options: { lang: Language; format: ReportFormat; basis?: Basis },
): Promise<ReportDocument> {
  const basis = options.basis ?? 'recorded';
  const { snapshot, progress } = await getProgress(deps, campaignId, basis);
  const { campaign } = snapshot;
  switch (options.format) {
    case 'text':
      return {
        format: 'text',
        body: renderReportText(campaign, progress, options.lang, moneyOf(snapshot, basis)),
      };
    case 'csv':
      return { format: 'csv', body: renderReportCsv(progress, options.lang) };
    case 'html':
      return {
        format: 'html',
        body: renderReportHtml(campaign, progress, options.lang, await reportMoney(deps, snapshot, basis)),
      };
    case 'xlsx':
      return {
        format: 'xlsx',
        body: await deps.workbook.write(
          reportTables(campaign, progress, options.lang, await reportMoney(deps, snapshot, basis)),
          {
            title: campaign.name,
            created: new Date(progress.asOf),
          },
        ),
      };
    case 'docx':
      return {
        format: 'docx',
        body: await deps.officialDocument.write(
          officialReport(campaign, progress, options.lang, await reportMoney(deps, snapshot, basis)),
        ),
      };
  }
}

/** The money from the counters the snapshot read (#15), on the report's basis. */
function moneyOf(snapshot: CampaignSnapshot, basis: Basis) {
  return summarizeMoney(snapshot.money?.counters ?? [], snapshot.money?.sources ?? [], basis);
}

/**
 * The money with the organizations' names, for the tables. Organizations are named as
 * their pledges name them; one that recorded houses without a pledge is read by itself (rare: one Get each).
 */
async function reportMoney(deps: LedgerDeps, snapshot: CampaignSnapshot, basis: Basis): Promise<ReportMoney> {
  const summary = moneyOf(snapshot, basis);
  const organizationNames: Record<string, string> = {};
  for (const pledge of snapshot.pledges) organizationNames[pledge.organizationId] = pledge.organizationName;
  for (const { organizationId } of summary.byOrganization) {
    if (organizationNames[organizationId] !== undefined) continue;
    const organization = await deps.ledger.getOrganization(organizationId);
    if (organization) organizationNames[organizationId] = organization.name;
  }
  return { ...summary, organizationNames };
}

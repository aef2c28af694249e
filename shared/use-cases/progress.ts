// Use cases: progress and the year-end report, both from one read of the campaign's partition.
import { NotFoundError } from '../domain/errors';
import { officialReport } from '../domain/official-report';
import { type Basis, computeProgress } from '../domain/progress';
import { type Language, renderReportCsv, renderReportText } from '../domain/report';
import { renderReportHtml } from '../domain/report-html';
import { reportTables } from '../domain/report-tables';
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
  const { snapshot, progress } = await getProgress(deps, campaignId, options.basis ?? 'recorded');
  const { campaign } = snapshot;
  switch (options.format) {
    case 'text':
      return { format: 'text', body: renderReportText(campaign, progress, options.lang) };
    case 'csv':
      return { format: 'csv', body: renderReportCsv(progress, options.lang) };
    case 'html':
      return { format: 'html', body: renderReportHtml(campaign, progress, options.lang) };
    case 'xlsx':
      return {
        format: 'xlsx',
        body: await deps.workbook.write(reportTables(campaign, progress, options.lang), {
          title: campaign.name,
          created: new Date(progress.asOf),
        }),
      };
    case 'docx':
      return {
        format: 'docx',
        body: await deps.officialDocument.write(officialReport(campaign, progress, options.lang)),
      };
  }
}

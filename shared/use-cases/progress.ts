// Use cases: progress and the year-end report, both from one read of the campaign's partition.
import { NotFoundError } from '../domain/errors';
import { computeProgress } from '../domain/progress';
import { type Language, renderReportCsv, renderReportText } from '../domain/report';
import type { LedgerDeps } from './deps';

export async function getProgress(deps: LedgerDeps, campaignId: string) {
  const snapshot = await deps.ledger.loadSnapshot(campaignId);
  if (!snapshot) throw new NotFoundError('Campaign', campaignId);
  return { snapshot, progress: computeProgress(snapshot, deps.clock.now()) };
}

export async function getReport(
  deps: LedgerDeps,
  campaignId: string,
  options: { lang: Language; format: 'text' | 'csv' },
): Promise<string> {
  const { snapshot, progress } = await getProgress(deps, campaignId);
  return options.format === 'csv'
    ? renderReportCsv(progress, options.lang)
    : renderReportText(snapshot.campaign, progress, options.lang);
}

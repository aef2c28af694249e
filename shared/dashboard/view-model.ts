// What the dashboard shows, computed from the public progress and campaign: pure, so it is tested without a browser.
import { type Category, categoryCodes } from '../domain/categories';
import type { CampaignSummary } from '../domain/model';
import type { CategoryProgress, PledgeProgress, Progress } from '../domain/progress';
import {
  type CampaignPeriod,
  deliveredPerDay,
  elapsedDays,
  type NeededPace,
  neededPerDay,
  type ProjectedFinish,
  projectedFinish,
} from './forecast';

export interface CategoryBar {
  category: Category;
  pledged: number;
  delivered: number;
  surplus: number;
  percent: number | null;
  /**
   * Widths in percent of the bar, whose full length is the larger of pledged and delivered, so that a category
   * past its pledge shows how far past: `within` up to the pledge, `beyond` the surplus, `pledgeMark` the pledge.
   */
  within: number;
  beyond: number;
  pledgeMark: number | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

export function categoryBar(total: CategoryProgress): CategoryBar {
  const scale = Math.max(total.pledged, total.delivered, 1);
  return {
    category: total.category,
    pledged: total.pledged,
    delivered: total.delivered,
    surplus: total.surplus,
    percent: total.percent,
    within: oneDecimal((Math.min(total.delivered, total.pledged) / scale) * 100),
    beyond: oneDecimal((total.surplus / scale) * 100),
    pledgeMark: total.pledged > 0 ? oneDecimal((total.pledged / scale) * 100) : null,
  };
}

export interface OrganizationGroup {
  organizationId: string;
  organizationName: string;
  pledges: PledgeProgress[];
}

/** Organizations in Vietnamese alphabetical order, each with its pledges in catalog order. */
export function organizationGroups(pledges: readonly PledgeProgress[]): OrganizationGroup[] {
  const groups = new Map<string, OrganizationGroup>();
  for (const pledge of pledges) {
    let group = groups.get(pledge.organizationId);
    if (!group) {
      group = {
        organizationId: pledge.organizationId,
        organizationName: pledge.organizationName,
        pledges: [],
      };
      groups.set(pledge.organizationId, group);
    }
    group.pledges.push(pledge);
  }
  for (const group of groups.values()) {
    group.pledges.sort((a, b) => categoryCodes.indexOf(a.category) - categoryCodes.indexOf(b.category));
  }
  return [...groups.values()].sort((a, b) => a.organizationName.localeCompare(b.organizationName, 'vi'));
}

export interface WardRow {
  ward: string;
  counts: number[];
  total: number;
}

export interface WardMatrix {
  categories: readonly Category[];
  rows: WardRow[];
  /** The largest single cell, which gets the darkest shade. */
  max: number;
}

/** Every ward of the campaign in its order (then any other ward that has handovers), by catalog category. */
export function wardMatrix(wards: readonly string[], progress: Pick<Progress, 'wards'>): WardMatrix {
  const names = [...wards];
  for (const { ward } of progress.wards) if (!names.includes(ward)) names.push(ward);
  const rows = names.map((ward) => {
    const counts = categoryCodes.map(
      (category) => progress.wards.find((w) => w.ward === ward && w.category === category)?.delivered ?? 0,
    );
    return { ward, counts, total: counts.reduce((sum, n) => sum + n, 0) };
  });
  return { categories: categoryCodes, rows, max: Math.max(0, ...rows.flatMap((r) => r.counts)) };
}

/** Shade 0 (nothing) to 4 (the most), so that any cell with a handover is visibly shaded. */
export function heatLevel(count: number, max: number): 0 | 1 | 2 | 3 | 4 {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4))) as 1 | 2 | 3 | 4;
}

export interface CategoryForecast {
  category: Category;
  pledged: number;
  delivered: number;
  perDay: number | null;
  needed: NeededPace;
  projected: ProjectedFinish;
}

export interface PledgeForecast {
  pledge: PledgeProgress;
  needed: NeededPace;
  projected: ProjectedFinish;
}

export interface Forecast {
  /** All categories together: handed over per day since the start, through today or the end. */
  pace: { delivered: number; days: number; perDay: number | null };
  /** Categories with a pledge or a handover. */
  categories: CategoryForecast[];
  /** Active pledges short of their target. */
  unmet: PledgeForecast[];
}

export function forecast(
  progress: Pick<Progress, 'totals' | 'pledges'>,
  campaign: Pick<CampaignSummary, 'startsOn' | 'endsOn'>,
  today: string,
): Forecast {
  const period: CampaignPeriod = { startsOn: campaign.startsOn, endsOn: campaign.endsOn, today };
  const delivered = progress.totals.reduce((sum, t) => sum + t.delivered, 0);
  return {
    pace: { delivered, days: elapsedDays(period), perDay: deliveredPerDay(delivered, period) },
    categories: progress.totals
      .filter((t) => t.pledged > 0 || t.delivered > 0)
      .map((t) => ({
        category: t.category,
        pledged: t.pledged,
        delivered: t.delivered,
        perDay: deliveredPerDay(t.delivered, period),
        needed: neededPerDay(t.remaining, period),
        projected: t.pledged > 0 ? projectedFinish(t.pledged, t.delivered, period) : { kind: 'reached' },
      })),
    unmet: progress.pledges
      .filter((p) => p.status === 'in-progress' || p.status === 'overdue')
      .map((pledge) => ({
        pledge,
        needed: neededPerDay(pledge.remaining, period),
        projected: projectedFinish(pledge.target, pledge.delivered, period),
      })),
  };
}

/** The campaign a visitor most likely wants: the latest one that has started, else the next one to start. */
export function defaultCampaign<T extends Pick<CampaignSummary, 'id' | 'startsOn'>>(
  campaigns: readonly T[],
  today: string,
): T | undefined {
  const byStart = [...campaigns].sort(
    (a, b) => a.startsOn.localeCompare(b.startsOn) || a.id.localeCompare(b.id),
  );
  return byStart.filter((c) => c.startsOn <= today).at(-1) ?? byStart[0];
}

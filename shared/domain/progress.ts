// Progress arithmetic and derived statuses: pure functions of the counters, the targets and the date.
import { type Category, categoryCodes } from './categories';
import { isAfter, localDate } from './dates';
import type { CampaignSnapshot, Pledge } from './model';

export type PledgeStatus = 'in-progress' | 'fulfilled' | 'exceeded' | 'overdue' | 'withdrawn';

export interface Measures {
  remaining: number;
  surplus: number;
  /** Delivered over target in percent with one decimal; null where nothing was pledged. */
  percent: number | null;
}

/**
 * What `delivered` (and every measure and status from it) counts: every recorded handover, or only those a
 * second front-committee member verified. `verified` is shown beside it either way.
 */
export type Basis = 'recorded' | 'verified';

export interface CategoryProgress extends Measures {
  category: Category;
  pledged: number;
  delivered: number;
  verified: number;
}

export interface PledgeProgress extends Measures {
  id: string;
  organizationId: string;
  organizationName: string;
  category: Category;
  target: number;
  delivered: number;
  verified: number;
  status: PledgeStatus;
}

export interface WardProgress {
  ward: string;
  category: Category;
  delivered: number;
  verified: number;
}

export interface Progress {
  campaignId: string;
  asOf: string;
  basis: Basis;
  /** When the campaign was closed: its figures are final. */
  closedAt?: string;
  totals: CategoryProgress[];
  pledges: PledgeProgress[];
  wards: WardProgress[];
}

export function measure(target: number, delivered: number): Measures {
  return {
    remaining: Math.max(0, target - delivered),
    surplus: Math.max(0, delivered - target),
    percent: target > 0 ? Math.round((delivered / target) * 1000) / 10 : null,
  };
}

export function pledgeStatus(
  pledge: Pick<Pledge, 'target' | 'delivered' | 'state'>,
  campaignEnded: boolean,
): PledgeStatus {
  if (pledge.state === 'withdrawn') return 'withdrawn';
  if (pledge.delivered > pledge.target) return 'exceeded';
  if (pledge.delivered === pledge.target) return 'fulfilled';
  return campaignEnded ? 'overdue' : 'in-progress';
}

export function toPledgeProgress(
  pledge: Pledge,
  campaignEnded: boolean,
  basis: Basis = 'recorded',
): PledgeProgress {
  const verified = pledge.verified ?? 0;
  const delivered = basis === 'verified' ? verified : pledge.delivered;
  return {
    id: pledge.id,
    organizationId: pledge.organizationId,
    organizationName: pledge.organizationName,
    category: pledge.category,
    target: pledge.target,
    delivered,
    verified,
    ...measure(pledge.target, delivered),
    status: pledgeStatus({ ...pledge, delivered }, campaignEnded),
  };
}

export function campaignHasEnded(endsOn: string, now: Date): boolean {
  return isAfter(localDate(now), endsOn);
}

/**
 * Category totals count every recorded handover (with or without a pledge); `pledged` sums the
 * targets of active pledges only, because a withdrawn pledge stops counting.
 */
export function computeProgress(snapshot: CampaignSnapshot, now: Date, basis: Basis = 'recorded'): Progress {
  const counted = (counter: { delivered: number; verified?: number }) =>
    basis === 'verified' ? (counter.verified ?? 0) : counter.delivered;
  const ended = campaignHasEnded(snapshot.campaign.endsOn, now);
  // Public progress and the report show the pledges that count: a withdrawn one counts nowhere, and listing
  // each would let register-and-withdraw cycles grow every public read. Signed-in users list them all.
  const pledges = snapshot.pledges
    .filter((p) => p.state === 'active')
    .sort(
      (a, b) =>
        categoryCodes.indexOf(a.category) - categoryCodes.indexOf(b.category) ||
        a.organizationName.localeCompare(b.organizationName, 'vi') ||
        a.createdAt.localeCompare(b.createdAt),
    );
  const totals = categoryCodes.map((category): CategoryProgress => {
    const pledged = pledges.filter((p) => p.category === category).reduce((sum, p) => sum + p.target, 0);
    const total = snapshot.categoryTotals.find((t) => t.category === category);
    const delivered = total ? counted(total) : 0;
    const verified = total?.verified ?? 0;
    return { category, pledged, delivered, verified, ...measure(pledged, delivered) };
  });
  const wardOrder = snapshot.campaign.wards;
  const wards = snapshot.wardTotals
    .map((w) => ({ ward: w.ward, category: w.category, delivered: counted(w), verified: w.verified ?? 0 }))
    .filter((w) => w.delivered > 0)
    .sort(
      (a, b) =>
        wardOrder.indexOf(a.ward) - wardOrder.indexOf(b.ward) ||
        categoryCodes.indexOf(a.category) - categoryCodes.indexOf(b.category),
    );
  return {
    campaignId: snapshot.campaign.id,
    asOf: now.toISOString(),
    basis,
    ...(snapshot.campaign.closedAt ? { closedAt: snapshot.campaign.closedAt } : {}),
    totals,
    pledges: pledges.map((p) => toPledgeProgress(p, ended, basis)),
    wards,
  };
}

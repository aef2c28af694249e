// Forecast arithmetic for the dashboard: the pace so far, the pace each unmet pledge needs, the projected finish.
// Dates are ISO calendar days (YYYY-MM-DD) in the campaign's time zone; a campaign's days count inclusively.

export interface CampaignPeriod {
  startsOn: string;
  endsOn: string;
  /** Today in the campaign's time zone. */
  today: string;
}

const dayMs = 86_400_000;

function dayNumber(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Date.UTC(year as number, (month as number) - 1, day as number) / dayMs;
}

/** Whole days from `from` to `to`: 0 for the same day, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDays(iso: string, days: number): string {
  return new Date((dayNumber(iso) + days) * dayMs).toISOString().slice(0, 10);
}

/** Days of the campaign that have begun: from its start through today, or through its end once it is over. */
export function elapsedDays(period: CampaignPeriod): number {
  const last = [period.today, period.endsOn].sort()[0] as string;
  return Math.max(0, daysBetween(period.startsOn, last) + 1);
}

/** Days still open for handovers, today included; 0 once the campaign is over. */
export function daysLeft(period: CampaignPeriod): number {
  const first = [period.today, period.startsOn].sort()[1] as string;
  return Math.max(0, daysBetween(first, period.endsOn) + 1);
}

/** Handed over per day so far; null before the campaign starts, when there is no pace to speak of. */
export function deliveredPerDay(delivered: number, period: CampaignPeriod): number | null {
  const days = elapsedDays(period);
  return days === 0 ? null : delivered / days;
}

export type NeededPace =
  | { kind: 'done' }
  | { kind: 'overdue' }
  | { kind: 'per-day'; perDay: number; daysLeft: number };

/** What an unmet pledge needs per day to finish by the campaign's last day, today included. */
export function neededPerDay(remaining: number, period: CampaignPeriod): NeededPace {
  if (remaining <= 0) return { kind: 'done' };
  const left = daysLeft(period);
  if (left === 0) return { kind: 'overdue' };
  return { kind: 'per-day', perDay: remaining / left, daysLeft: left };
}

export type ProjectedFinish =
  | { kind: 'reached' }
  | { kind: 'never' }
  | { kind: 'date'; date: string; afterEnd: boolean };

/**
 * At the pace so far, the day the count reaches the target: day N of the campaign (counted from 1 on its
 * first day) where N = ⌈target ÷ pace⌉, so start + N − 1 days. Exact in integers: N = ⌈target × elapsed ÷ delivered⌉.
 */
export function projectedFinish(target: number, delivered: number, period: CampaignPeriod): ProjectedFinish {
  if (delivered >= target) return { kind: 'reached' };
  const elapsed = elapsedDays(period);
  if (delivered === 0 || elapsed === 0) return { kind: 'never' };
  const offset = Math.ceil((target * elapsed) / delivered) - 1;
  // Past the last day a calendar date can be written with four digits, the pace will not do it in any sense.
  if (dayNumber(period.startsOn) + offset > dayNumber(lastWritableDay)) return { kind: 'never' };
  return {
    kind: 'date',
    date: addDays(period.startsOn, offset),
    // By day numbers: a date string of year 10000 or later would not sort after the end.
    afterEnd: offset > daysBetween(period.startsOn, period.endsOn),
  };
}

const lastWritableDay = '9999-12-31';

export type PledgeStanding = 'met' | 'not-started' | 'on-track' | 'at-risk' | 'overdue';

/**
 * Where an active pledge stands, as the dashboard's forecast sees it (#15): met once delivered reaches the
 * target; overdue once the campaign is over short of it; at risk while it runs when the pace so far will not
 * reach the target by the last day (no handover yet, or a projected finish after the end); before the start
 * there is no pace to judge.
 */
export function pledgeStanding(target: number, delivered: number, period: CampaignPeriod): PledgeStanding {
  if (delivered >= target) return 'met';
  if (daysBetween(period.endsOn, period.today) > 0) return 'overdue';
  if (daysBetween(period.startsOn, period.today) < 0) return 'not-started';
  const projected = projectedFinish(target, delivered, period);
  if (projected.kind === 'never') return 'at-risk';
  return projected.kind === 'date' && projected.afterEnd ? 'at-risk' : 'on-track';
}

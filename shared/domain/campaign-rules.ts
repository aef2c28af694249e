// When a campaign stops taking changes: after its end and a grace period, pledges are the front committee's to correct.
import { type Caller, hasAnyRole } from './access';
import { addDays, toVietnameseDate } from './dates';
import { ConflictError } from './errors';
import type { Campaign } from './model';

/**
 * Days after a campaign's last day in which organizations may still register and revise pledges: a month
 * for paperwork that arrives late (the year-end report is written in the weeks after). Past it, a change
 * would rewrite a published report, so only the front committee (and admins) may make one, audited as always.
 */
export const pledgeGraceDays = 30;

/** The last day organizations may change pledges in `campaign`. */
export function pledgesCloseOn(campaign: Pick<Campaign, 'endsOn'>): string {
  return addDays(campaign.endsOn, pledgeGraceDays);
}

/** Throws 409 when `caller` may no longer change pledges of `campaign` on `today` (Vietnam's date). */
export function assertPledgesOpen(caller: Caller, campaign: Campaign, today: string): void {
  if (hasAnyRole(caller, ['admin', 'front-committee'])) return;
  const closesOn = pledgesCloseOn(campaign);
  if (today > closesOn) {
    throw new ConflictError(
      `Campaign ${campaign.id} ended on ${campaign.endsOn}; organizations could change pledges until ` +
        `${closesOn}. Ask the front committee to correct it (đợt thi đua đã kết thúc ngày ` +
        `${toVietnameseDate(campaign.endsOn)}).`,
    );
  }
}

/** What an edit of a campaign may not undo: wards and dates of the handovers that still count. */
export interface CampaignInUse {
  /** Handovers that count (recorded, not voided) per ward, from the ward totals. */
  handoversByWard: ReadonlyMap<string, number>;
  /** The earliest and latest `handedOverOn` of the handovers that count; absent when there are none. */
  handoverDates?: { first: string; last: string };
}

/**
 * Why an edit would orphan recorded handovers: a ward removed (or renamed) while handovers there still count,
 * or dates that no longer contain every counted handover. Pledges name no ward or date, so they stay valid;
 * moving `endsOn` moves the day organizations stop changing pledges with it (pledgesCloseOn). Empty when allowed.
 */
export function campaignEditConflicts(
  before: Pick<Campaign, 'wards'>,
  after: Pick<Campaign, 'startsOn' | 'endsOn' | 'wards'>,
  inUse: CampaignInUse,
): string[] {
  const conflicts: string[] = [];
  for (const ward of before.wards) {
    const count = inUse.handoversByWard.get(ward) ?? 0;
    if (!after.wards.includes(ward) && count > 0) {
      conflicts.push(
        `ward ${ward} has ${count} recorded handover(s): void them or keep the ward (phường ${ward} đã có ${count} bàn giao)`,
      );
    }
  }
  const dates = inUse.handoverDates;
  if (dates && dates.first < after.startsOn) {
    conflicts.push(
      `a handover was recorded on ${dates.first}, before the new start ${after.startsOn} ` +
        `(có bàn giao ngày ${toVietnameseDate(dates.first)})`,
    );
  }
  if (dates && dates.last > after.endsOn) {
    conflicts.push(
      `a handover was recorded on ${dates.last}, after the new end ${after.endsOn} ` +
        `(có bàn giao ngày ${toVietnameseDate(dates.last)})`,
    );
  }
  return conflicts;
}

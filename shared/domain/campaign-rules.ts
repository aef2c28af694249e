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

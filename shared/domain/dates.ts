// Calendar dates as the campaign's people live them: Vietnam's time zone, ISO YYYY-MM-DD strings.
export const campaignTimeZone = 'Asia/Ho_Chi_Minh';

/**
 * Vietnam has kept UTC+7, without daylight saving, since 1975. Plain arithmetic instead of an
 * Intl.DateTimeFormat with a time zone, which cost some 20 ms of every function's cold start to build.
 */
const campaignUtcOffsetMs = 7 * 60 * 60 * 1000;

/** Today's date in Vietnam, so a handover made this morning there is not "in the future". */
export function localDate(now: Date): string {
  return new Date(now.getTime() + campaignUtcOffsetMs).toISOString().slice(0, 10);
}

/** ISO dates compare correctly as strings. */
export function isAfter(a: string, b: string): boolean {
  return a > b;
}

/** 2018-12-31 → 31/12/2018, as Vietnamese documents write dates. */
export function toVietnameseDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** The ISO date `days` after `iso` (before, when negative), by the calendar: no time zone involved. */
export function addDays(iso: string, days: number): string {
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year as number, (month as number) - 1, (day as number) + days))
    .toISOString()
    .slice(0, 10);
}

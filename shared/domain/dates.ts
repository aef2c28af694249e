// Calendar dates as the campaign's people live them: Vietnam's time zone, ISO YYYY-MM-DD strings.
export const campaignTimeZone = 'Asia/Ho_Chi_Minh';

const isoDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: campaignTimeZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Vietnam, so a handover made this morning there is not "in the future". */
export function localDate(now: Date): string {
  return isoDateFormat.format(now);
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

// Numbers, percentages, dates and times as each language writes them: 193,3% and 31/12/2018 in Vietnamese.
import { campaignTimeZone } from '../domain/dates';
import type { Lang } from './i18n';

const locales: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' };

export function formatCount(n: number, lang: Lang): string {
  return n.toLocaleString(locales[lang], { maximumFractionDigits: 0 });
}

export function formatDecimal(n: number, lang: Lang, digits: number): string {
  return n.toLocaleString(locales[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A pace per day: two significant digits below one (0,079; 0,0027, never a misleading 0,00), two decimals
 * below ten, one below a hundred, whole numbers beyond.
 */
export function formatRate(n: number, lang: Lang): string {
  if (n > 0 && n < 1) return n.toLocaleString(locales[lang], { maximumSignificantDigits: 2 });
  return formatDecimal(n, lang, n < 10 ? 2 : n < 100 ? 1 : 0);
}

/** `percent` as the API gives it (one decimal, null where nothing was pledged). */
export function formatPercent(percent: number | null, lang: Lang): string {
  return percent === null ? '—' : `${formatDecimal(percent, lang, 1)}%`;
}

/** An ISO calendar date: 31/12/2018 in Vietnamese, 31 Dec 2018 in English. */
export function formatDate(iso: string, lang: Lang): string {
  const [year, month, day] = iso.split('-');
  if (lang === 'vi') return `${day}/${month}/${year}`;
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** The wall-clock time in Vietnam of an ISO timestamp, e.g. 14:05:09. */
export function formatTime(timestamp: string, lang: Lang): string {
  return new Date(timestamp).toLocaleTimeString(locales[lang], {
    timeZone: campaignTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

/** Date and time in Vietnam of an ISO timestamp, for the notification feed. */
export function formatDateTime(timestamp: string, lang: Lang): string {
  const date = new Date(timestamp);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: campaignTimeZone }).format(date);
  const time = date.toLocaleTimeString(locales[lang], {
    timeZone: campaignTimeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return `${formatDate(day, lang)} ${time}`;
}

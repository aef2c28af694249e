// EventBridge Scheduler's cron expressions, read as the service reads them, for the local scheduler stand-in.
// Supports what a schedule of ours may use: numbers, names, lists, ranges, steps, `*` and `?`; not L, W or #.
import { campaignTimeZone } from '../../shared/domain/dates';

export class UnsupportedScheduleError extends Error {
  readonly code = 'local.unsupportedSchedule';
}

interface CronFields {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number> | 'any';
  months: Set<number>;
  /** 1 = Sunday … 7 = Saturday, as AWS numbers them. */
  daysOfWeek: Set<number> | 'any';
  years: Set<number> | 'all';
}

const monthNames = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const dayNames = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Vietnam keeps UTC+7 all year (see shared/domain/dates.ts); the only time zone our schedules use. */
const offsetsMs: Record<string, number> = { [campaignTimeZone]: 7 * 60 * 60 * 1000 };

function field(text: string, min: number, max: number, names: string[] = [], nameBase = 1): Set<number> {
  const values = new Set<number>();
  const value = (token: string): number => {
    const named = names.indexOf(token.toUpperCase());
    const n = named >= 0 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max || token === '') {
      throw new UnsupportedScheduleError(`"${token}" is not a value from ${min} to ${max}`);
    }
    return n;
  };
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : value(stepText);
    let from: number;
    let to: number;
    if (range === '*') {
      from = min;
      to = max;
    } else if (range?.includes('-')) {
      const [a, b] = range.split('-');
      from = value(a ?? '');
      to = value(b ?? '');
    } else {
      from = value(range ?? '');
      to = stepText === undefined ? from : max;
    }
    if (/[LW#]/i.test(part)) throw new UnsupportedScheduleError(`"${part}" (L, W, #) is not supported here`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return values;
}

export function parseCron(expression: string): CronFields {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const parts = match?.[1]?.trim().split(/\s+/);
  if (parts?.length !== 6) {
    throw new UnsupportedScheduleError(
      `${expression} is not cron(minutes hours day-of-month month day-of-week year)`,
    );
  }
  const [minutes, hours, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new UnsupportedScheduleError(
      `${expression}: exactly one of day-of-month and day-of-week must be ?`,
    );
  }
  return {
    minutes: field(minutes, 0, 59),
    hours: field(hours, 0, 23),
    daysOfMonth: dom === '?' ? 'any' : field(dom, 1, 31),
    months: field(month, 1, 12, monthNames),
    daysOfWeek: dow === '?' ? 'any' : field(dow, 1, 7, dayNames),
    years: year === '*' ? 'all' : field(year, 1970, 2199),
  };
}

const dayMs = 86_400_000;

/**
 * The times the expression fires after `after` (exclusive) up to `until` (inclusive), in order, read in
 * `timeZone`. Walks day by day, then the listed hours and minutes: cheap for any span the stand-in meets.
 */
export function occurrences(expression: string, timeZone: string, after: Date, until: Date): Date[] {
  const offset = offsetsMs[timeZone];
  if (offset === undefined) throw new UnsupportedScheduleError(`Time zone ${timeZone} is not supported here`);
  const cron = parseCron(expression);
  const hours = [...cron.hours].sort((a, b) => a - b);
  const minutes = [...cron.minutes].sort((a, b) => a - b);
  const found: Date[] = [];
  const firstDay = Math.floor((after.getTime() + offset) / dayMs);
  const lastDay = Math.floor((until.getTime() + offset) / dayMs);
  for (let day = firstDay; day <= lastDay; day++) {
    const local = new Date(day * dayMs);
    if (cron.years !== 'all' && !cron.years.has(local.getUTCFullYear())) continue;
    if (!cron.months.has(local.getUTCMonth() + 1)) continue;
    if (cron.daysOfMonth !== 'any' && !cron.daysOfMonth.has(local.getUTCDate())) continue;
    if (cron.daysOfWeek !== 'any' && !cron.daysOfWeek.has(local.getUTCDay() + 1)) continue;
    for (const hour of hours) {
      for (const minute of minutes) {
        const at = day * dayMs + (hour * 60 + minute) * 60_000 - offset;
        if (at > after.getTime() && at <= until.getTime()) found.push(new Date(at));
      }
    }
  }
  return found;
}

/** The first time the expression fires after `after`, looking at most a year and a day ahead. */
export function nextOccurrence(expression: string, timeZone: string, after: Date): Date | undefined {
  let from = after;
  for (let i = 0; i < 13; i++) {
    const to = new Date(from.getTime() + 31 * dayMs);
    const [next] = occurrences(expression, timeZone, from, to);
    if (next) return next;
    from = to;
  }
  return undefined;
}

// The scheduled jobs declared once as data: the CDK stack builds EventBridge Scheduler schedules from this, and
// the local scheduler stand-in (infra/local/scheduler-standin.ts) runs the same handlers on the same expressions.
import { campaignTimeZone } from './domain/dates';
import type { TableAccess } from './routes';

export interface ScheduleDeclaration {
  /** Construct id of the schedule and of its function; also the function's name in logs. */
  name: string;
  description: string;
  /** EventBridge Scheduler's cron syntax: minutes hours day-of-month month day-of-week year. */
  expression: string;
  /** IANA time zone the expression is read in. */
  timeZone: typeof campaignTimeZone;
  /** File in functions/ that exports `handler`. */
  handler: string;
  /** What the function may do to each table; the stack grants exactly this. */
  tables: { ledger: TableAccess; handovers: TableAccess; audit: TableAccess };
  publishesToLeadership: boolean;
  publishesToOrganizations: boolean;
  /** The function's timeout: the digest reads a campaign's handovers, page by page. */
  timeoutSeconds: number;
  /** Retries of one run before it goes to the schedule's dead-letter queue. */
  retry: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
}

/**
 * The run's input: EventBridge Scheduler replaces the placeholder by the time the run was due, so a run
 * retried an hour late still reports on its own day; the local stand-in passes the same.
 */
export const scheduledTimePlaceholder = '<aws.scheduler.scheduled-time>';

export const schedules = [
  {
    name: 'WeeklyDigest',
    description:
      "Monday 07:00 Vietnam time: each active campaign's week, at-risk and overdue pledges to leadership",
    expression: 'cron(0 7 ? * MON *)',
    timeZone: campaignTimeZone,
    handler: 'send-weekly-digest',
    // Handovers are read to count the week's (their dates); the feed item and its claim are written.
    tables: { ledger: 'write', handovers: 'read', audit: 'none' },
    publishesToLeadership: true,
    publishesToOrganizations: false,
    timeoutSeconds: 60,
    retry: { maximumRetryAttempts: 4, maximumEventAgeSeconds: 6 * 60 * 60 },
  },
  {
    name: 'DailyCheck',
    description:
      'Every day 06:00 Vietnam time: reminders to organizations whose pledges are at risk or near the end',
    expression: 'cron(0 6 * * ? *)',
    timeZone: campaignTimeZone,
    handler: 'run-daily-check',
    // Each reminder is claimed by a conditional write in the ledger table (idempotent per pledge and milestone).
    tables: { ledger: 'write', handovers: 'none', audit: 'none' },
    publishesToLeadership: false,
    publishesToOrganizations: true,
    timeoutSeconds: 60,
    retry: { maximumRetryAttempts: 4, maximumEventAgeSeconds: 6 * 60 * 60 },
  },
] as const satisfies readonly ScheduleDeclaration[];

export type ScheduleName = (typeof schedules)[number]['name'];

export function scheduleNamed(name: ScheduleName): ScheduleDeclaration {
  const schedule = schedules.find((s) => s.name === name);
  if (!schedule) throw new Error(`No schedule named ${name}`);
  return schedule;
}

// Use cases (#15): the daily check that reminds organizations, the weekly digest to leadership, and an
// organization's list of its reminders.
import { type Caller, mayActFor } from '../domain/access';
import type { Category } from '../domain/categories';
import { addDays, localDate } from '../domain/dates';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { followUpMessageTypes } from '../domain/events';
import {
  type DueReminder,
  digestFacts,
  digestText,
  digestWeek,
  dueReminders,
  reminderText,
} from '../domain/follow-up';
import type { Campaign, CampaignSummary, DigestNotification, Reminder } from '../domain/model';
import type {
  Clock,
  HandoverRepository,
  LeadershipChannel,
  LedgerRepository,
  NotificationRepository,
  OrganizationChannel,
  ReminderRepository,
} from '../ports';
import { requireCampaign } from './campaigns';
import { pageSize } from './deps';

/** Longer than a scheduled function's timeout: a younger claim may belong to a run that is still publishing. */
export const followUpLeaseMs = 5 * 60_000;

/** After its end, a campaign stays in the digest this many days, so its overdue pledges are reported. */
export const digestDaysAfterEnd = 28;

async function allCampaigns(ledger: LedgerRepository): Promise<CampaignSummary[]> {
  const found: CampaignSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.listCampaigns(cursor, pageSize);
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

export interface DailyCheckDeps {
  ledger: LedgerRepository;
  reminders: ReminderRepository;
  organizationChannel: OrganizationChannel;
  clock: Clock;
}

export interface DailyCheckOutcome {
  day: string;
  sent: number;
  alreadySent: number;
  inFlight: number;
}

/**
 * Sends the reminders due on the Vietnam day of `scheduledTime`, each once per pledge and milestone however
 * often the check runs. A reminder whose publish fails is given back and the run fails after trying the
 * rest, so the scheduler's retry sends it; the ones already sent are skipped by their claim.
 */
export async function runDailyCheck(deps: DailyCheckDeps, scheduledTime: Date): Promise<DailyCheckOutcome> {
  const day = localDate(scheduledTime);
  const outcome: DailyCheckOutcome = { day, sent: 0, alreadySent: 0, inFlight: 0 };
  const failures: unknown[] = [];
  for (const summary of await allCampaigns(deps.ledger)) {
    if (summary.startsOn > day || summary.endsOn < day) continue;
    const snapshot = await deps.ledger.loadSnapshot(summary.id);
    if (!snapshot || isClosed(snapshot.campaign)) continue;
    for (const due of dueReminders(snapshot.campaign, snapshot.pledges, day)) {
      const now = deps.clock.now();
      const reminder = reminderOf(snapshot.campaign, due, day, now);
      const claim = await deps.reminders.claim(reminder, now.toISOString());
      if (claim === 'sent') outcome.alreadySent++;
      if (claim === 'in-flight') outcome.inFlight++;
      if (claim !== 'claimed') continue;
      try {
        await deps.organizationChannel.publish({
          subject: reminder.subject,
          body: `${reminder.message.vi}\n\n${reminder.message.en}`,
          attributes: {
            organizationId: reminder.organizationId,
            campaignId: reminder.campaignId,
            eventType:
              reminder.milestone === 'at-risk'
                ? followUpMessageTypes.pledgeAtRisk
                : followUpMessageTypes.campaignEnding,
            milestone: reminder.milestone,
            reminderId: `${reminder.campaignId}#${reminder.pledgeId}#${reminder.milestone}`,
          },
        });
      } catch (error) {
        await deps.reminders.release(reminder);
        failures.push(error);
        continue;
      }
      await deps.reminders.markSent(reminder, deps.clock.now().toISOString());
      outcome.sent++;
    }
  }
  if (failures.length > 0) {
    throw new AggregateError(
      failures,
      `${failures.length} reminder(s) could not be published; retry the check`,
    );
  }
  return outcome;
}

function reminderOf(campaign: Campaign, due: DueReminder, day: string, now: Date): Reminder {
  const text = reminderText(campaign, due);
  return {
    organizationId: due.pledge.organizationId,
    campaignId: campaign.id,
    campaignName: campaign.name,
    pledgeId: due.pledge.id,
    organizationName: due.pledge.organizationName,
    category: due.pledge.category,
    milestone: due.milestone,
    target: due.pledge.target,
    delivered: due.pledge.delivered,
    daysLeft: due.daysLeft,
    dueOn: day,
    subject: text.subject,
    message: text.message,
    status: 'pending',
    createdAt: now.toISOString(),
    claimedUntil: new Date(now.getTime() + followUpLeaseMs).toISOString(),
  };
}

export interface DigestDeps {
  ledger: LedgerRepository;
  handovers: HandoverRepository;
  notifications: NotificationRepository;
  channel: LeadershipChannel;
  clock: Clock;
}

export type DigestOutcome = { campaignId: string; outcome: 'sent' | 'already-sent' };

/**
 * The weekly digest, one per campaign: the one asked for (404 when unknown, 409 when closed), or every
 * active one (started, not closed, ended at most `digestDaysAfterEnd` days ago). Its feed item's id carries
 * the run's scheduled time, so a retried run publishes nothing new and a run asked for by hand is its own.
 */
export async function sendWeeklyDigest(
  deps: DigestDeps,
  run: { scheduledTime: Date; campaignId?: string },
): Promise<DigestOutcome[]> {
  const today = localDate(run.scheduledTime);
  let campaigns: Campaign[];
  if (run.campaignId) {
    const campaign = await requireCampaign(deps, run.campaignId);
    if (isClosed(campaign)) {
      throw new ConflictError(`Campaign ${campaign.id} is closed: it gets no digest`);
    }
    campaigns = [campaign];
  } else {
    campaigns = [];
    for (const summary of await allCampaigns(deps.ledger)) {
      if (summary.startsOn > today || summary.endsOn < addDays(today, -digestDaysAfterEnd)) continue;
      const campaign = await deps.ledger.getCampaign(summary.id);
      if (campaign && !isClosed(campaign)) campaigns.push(campaign);
    }
  }
  const outcomes: DigestOutcome[] = [];
  for (const campaign of campaigns) {
    outcomes.push({
      campaignId: campaign.id,
      outcome: await digestOne(deps, campaign, run.scheduledTime, today),
    });
  }
  return outcomes;
}

async function weekCounts(
  handovers: HandoverRepository,
  campaignId: string,
  week: { from: string; to: string },
): Promise<Map<Category, number>> {
  const counts = new Map<Category, number>();
  let cursor: string | undefined;
  do {
    const page = await handovers.list(campaignId, {}, cursor, pageSize);
    for (const h of page.items) {
      if (h.state !== 'recorded' || h.handedOverOn < week.from || h.handedOverOn > week.to) continue;
      counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
    }
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

async function digestOne(
  deps: DigestDeps,
  campaign: Campaign,
  scheduledTime: Date,
  today: string,
): Promise<'sent' | 'already-sent'> {
  const snapshot = await deps.ledger.loadSnapshot(campaign.id);
  const awaiting = awaitingVerification(snapshot?.categoryTotals ?? []);
  const facts = digestFacts({
    campaign,
    pledges: snapshot?.pledges ?? [],
    categoryTotals: snapshot?.categoryTotals ?? [],
    weekCounts: await weekCounts(deps.handovers, campaign.id, digestWeek(today)),
    today,
    awaitingVerification: awaiting,
  });
  const text = digestText(facts);
  const now = deps.clock.now();
  const at = scheduledTime.toISOString();
  const notification: DigestNotification = {
    campaignId: campaign.id,
    eventId: `digest-${campaign.id}-${at.replace(/[-:]/g, '').slice(0, 13)}`,
    eventType: 'Weekly Digest',
    occurredAt: at,
    subject: text.subject,
    message: text.message,
    status: 'pending',
    createdAt: now.toISOString(),
    claimedUntil: new Date(now.getTime() + followUpLeaseMs).toISOString(),
  };
  const claim = await deps.notifications.claim(notification);
  if (claim.state === 'sent') return 'already-sent';
  if (claim.state === 'pending') {
    const expired = claim.claimedUntil <= now.toISOString();
    if (!expired || !(await deps.notifications.takeOver(notification, claim.claimedUntil))) {
      throw new ConflictError(`Another run is sending the digest ${notification.eventId}; retry later`);
    }
  }
  try {
    await deps.channel.publish({
      subject: notification.subject,
      body: `${notification.message.vi}\n\n${notification.message.en}`,
      attributes: {
        campaignId: campaign.id,
        eventType: followUpMessageTypes.weeklyDigest,
        eventId: notification.eventId,
      },
    });
  } catch (error) {
    await deps.notifications.release(notification);
    throw error;
  }
  await deps.notifications.markSent(notification, deps.clock.now().toISOString());
  return 'sent';
}

export interface ReminderListDeps {
  ledger: LedgerRepository;
  reminders: ReminderRepository;
  clock: Clock;
}

export const reminderView = (r: Reminder) => ({
  campaignId: r.campaignId,
  campaignName: r.campaignName,
  pledgeId: r.pledgeId,
  organizationId: r.organizationId,
  organizationName: r.organizationName,
  category: r.category,
  milestone: r.milestone,
  target: r.target,
  delivered: r.delivered,
  daysLeft: r.daysLeft,
  dueOn: r.dueOn,
  sent: r.status === 'sent',
  subject: r.subject,
  message: r.message,
});

/** An organization's reminders: its own staff, the front committee and admins; 404 for an unknown organization. */
export async function listReminders(
  deps: ReminderListDeps,
  caller: Caller,
  organizationId: string,
  cursor: string | undefined,
) {
  if (!mayActFor(caller, organizationId)) {
    throw new ForbiddenError("Organization staff see only their own organization's reminders");
  }
  if (!(await deps.ledger.getOrganization(organizationId)))
    throw new NotFoundError('Organization', organizationId);
  const page = await deps.reminders.listForOrganization(organizationId, cursor, pageSize);
  return { ...page, items: page.items.map(reminderView) };
}

/** A closed campaign gets no digest and no reminders, and asking for its digest is refused. */
const isClosed = (campaign: Campaign) => campaign.closedAt !== undefined;

/** Handovers recorded and not voided that no second front-committee member has verified yet. */
const awaitingVerification = (totals: readonly { delivered: number; verified?: number }[]) =>
  totals.reduce((sum, total) => sum + total.delivered - (total.verified ?? 0), 0);

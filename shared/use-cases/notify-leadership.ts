// Use case: tell leadership that a pledge was exceeded, once per crossing, however often the event arrives.
import { localDate } from '../domain/dates';
import type { ExceededNotification } from '../domain/model';
import { exceededMessage, exceededSubject } from '../domain/notification-text';
import type { Clock, LeadershipChannel, NotificationRepository } from '../ports';
import type { PledgeCrossingDetail } from '../schemas/events';

export interface NotifyDeps {
  notifications: NotificationRepository;
  channel: LeadershipChannel;
  clock: Clock;
  /** How long a claim keeps other deliveries off; longer than the notifier's timeout. `claimLeaseMs` when absent. */
  claimLeaseMs?: number;
}

/**
 * Longer than the notifier's Lambda timeout: a claim this young may belong to a delivery that is still
 * publishing, so a concurrent copy of the event waits (fails, to be retried) instead of publishing too.
 */
export const claimLeaseMs = 60_000;

export class NotificationInFlightError extends Error {
  constructor(eventId: string) {
    super(`Another delivery of ${eventId} is publishing it; retry later`);
    this.name = 'NotificationInFlightError';
  }
}

/**
 * Claim first (a conditional put keyed by the crossing), publish, then mark sent. A delivery that finds
 * a pending claim whose lease ran out (its holder died before publishing) takes it over and publishes;
 * one that finds a live claim fails, to be retried after the holder has marked it sent. A failed publish
 * gives the claim back, so the retry need not wait out the lease.
 */
export async function notifyLeadership(
  deps: NotifyDeps,
  detail: PledgeCrossingDetail,
): Promise<'notified' | 'already-notified' | 'bounded'> {
  const now = deps.clock.now();
  const notification: ExceededNotification = {
    campaignId: detail.campaignId,
    eventId: detail.eventId,
    eventType: 'Pledge Exceeded',
    pledgeId: detail.pledgeId,
    organizationId: detail.organizationId,
    organizationName: detail.organizationName,
    category: detail.category,
    target: detail.target,
    delivered: detail.delivered,
    surplus: detail.surplus,
    occurredAt: detail.occurredAt,
    subject: exceededSubject(detail),
    message: exceededMessage(detail),
    status: 'pending',
    createdAt: now.toISOString(),
    claimedUntil: new Date(now.getTime() + (deps.claimLeaseMs ?? claimLeaseMs)).toISOString(),
  };
  // One notification per pledge per day: a later crossing that day is counted, not sent (docs/events.md).
  if (!(await deps.notifications.reserveDay(notification, localDate(new Date(detail.occurredAt))))) {
    return 'bounded';
  }
  const claim = await deps.notifications.claim(notification);
  if (claim.state === 'sent') return 'already-notified';
  if (claim.state === 'pending') {
    const expired = claim.claimedUntil <= now.toISOString();
    if (!expired || !(await deps.notifications.takeOver(notification, claim.claimedUntil))) {
      throw new NotificationInFlightError(detail.eventId);
    }
  }
  try {
    await deps.channel.publish({
      subject: notification.subject,
      body: `${notification.message.vi}\n\n${notification.message.en}`,
      attributes: {
        campaignId: detail.campaignId,
        category: detail.category,
        eventType: 'Pledge Exceeded',
        eventId: detail.eventId,
      },
    });
  } catch (error) {
    await deps.notifications.release(notification);
    throw error;
  }
  await deps.notifications.markSent(notification, deps.clock.now().toISOString());
  return 'notified';
}

// Use case: tell leadership that a pledge was exceeded, once per crossing, however often the event arrives.
import type { Notification } from '../domain/model';
import { exceededMessage, exceededSubject } from '../domain/notification-text';
import type { Clock, LeadershipChannel, NotificationRepository } from '../ports';
import type { PledgeCrossingDetail } from '../schemas/events';

export interface NotifyDeps {
  notifications: NotificationRepository;
  channel: LeadershipChannel;
  clock: Clock;
}

/**
 * Claim first (a conditional put keyed by the crossing), publish, then mark sent. A notifier that dies
 * between claim and publish leaves a pending claim, which the retried invocation publishes.
 */
export async function notifyLeadership(
  deps: NotifyDeps,
  detail: PledgeCrossingDetail,
): Promise<'notified' | 'already-notified'> {
  const notification: Notification = {
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
    createdAt: deps.clock.now().toISOString(),
  };
  const claim = await deps.notifications.claim(notification);
  if (claim === 'sent') return 'already-notified';
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
  await deps.notifications.markSent(notification, deps.clock.now().toISOString());
  return 'notified';
}

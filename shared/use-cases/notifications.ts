// Use case: leadership's notification feed for a campaign, newest first.
import type { ExceededNotification, Notification } from '../domain/model';
import { requireCampaign } from './campaigns';
import { type FeedDeps, pageSize } from './deps';

export const notificationView = (n: Notification) =>
  n.eventType === 'Weekly Digest'
    ? {
        id: n.eventId,
        campaignId: n.campaignId,
        type: n.eventType,
        occurredAt: n.occurredAt,
        subject: n.subject,
        message: n.message,
      }
    : exceededView(n);

const exceededView = (n: ExceededNotification) => ({
  id: n.eventId,
  campaignId: n.campaignId,
  type: n.eventType,
  pledgeId: n.pledgeId,
  organizationId: n.organizationId,
  organizationName: n.organizationName,
  category: n.category,
  target: n.target,
  delivered: n.delivered,
  surplus: n.surplus,
  occurredAt: n.occurredAt,
  subject: n.subject,
  message: n.message,
});

export async function listNotifications(deps: FeedDeps, campaignId: string, cursor: string | undefined) {
  await requireCampaign(deps, campaignId);
  const page = await deps.notifications.list(campaignId, cursor, pageSize);
  return { ...page, items: page.items.map(notificationView) };
}

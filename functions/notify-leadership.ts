// Driving adapter: EventBridge "Pledge Exceeded" → notifyLeadership (SNS and the feed), idempotent per crossing.
import type { EventBridgeEvent } from 'aws-lambda';
import { notifyDeps } from '../shared/container';
import { logger } from '../shared/http/logger';
import { PledgeCrossingDetail } from '../shared/schemas/events';
import { notifyLeadership } from '../shared/use-cases/notify-leadership';

export const handler = async (event: EventBridgeEvent<string, unknown>): Promise<void> => {
  // An event we cannot read fails loudly: EventBridge retries it, then keeps it in the dead-letter queue.
  const detail = PledgeCrossingDetail.parse(event.detail);
  const outcome = await notifyLeadership(notifyDeps(), detail);
  logger.info('Exceeded pledge handled', { eventId: detail.eventId, pledgeId: detail.pledgeId, outcome });
};

// Driving adapter: EventBridge "Pledge Exceeded" → notifyLeadership (SNS and the feed), idempotent per crossing.
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import { leadershipChannelFor } from '../shared/adapters/sns-leadership-channel';
import { deployedDeps, documentClient } from '../shared/container';
import { logger } from '../shared/http/logger';
import { runInInvocation } from '../shared/invocation';
import { lazyHandler } from '../shared/lazy-handler';
import { metricNames } from '../shared/metric-names';
import { countMetric, flushMetrics } from '../shared/metrics';
import { PledgeCrossingDetail } from '../shared/schemas/events';
import { type NotifyDeps, notifyLeadership } from '../shared/use-cases/notify-leadership';

export const makeHandler =
  (deps: NotifyDeps) =>
  (event: EventBridgeEvent<string, unknown>, context: Context): Promise<void> =>
    runInInvocation(context, async () => {
      try {
        // An event we cannot read fails loudly: EventBridge retries it, then keeps it in the dead-letter queue.
        const detail = PledgeCrossingDetail.parse(event.detail);
        const outcome = await notifyLeadership(deps, detail);
        if (outcome === 'notified') countMetric(metricNames.notificationSent);
        logger.info('Exceeded pledge handled', {
          eventId: detail.eventId,
          pledgeId: detail.pledgeId,
          outcome,
        });
      } catch (error) {
        countMetric(metricNames.notificationFailed);
        throw error;
      } finally {
        flushMetrics();
      }
    });

/** Endpoints from AWS_ENDPOINT_URL_DYNAMODB and AWS_ENDPOINT_URL_SNS when set, as the SDK reads them. */
export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({ dynamo: documentClient() }),
      (config) => ({ channel: leadershipChannelFor(config, new SNSClient({})) }),
    ),
  ),
);

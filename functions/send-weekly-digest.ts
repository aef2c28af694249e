// Driving adapter: EventBridge Scheduler's Monday run (#15), or `npm run digest` → sendWeeklyDigest (SNS and feed).
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { leadershipChannelFor } from '../shared/adapters/sns-leadership-channel';
import { deployedDeps, documentClient } from '../shared/container';
import { logger } from '../shared/http/logger';
import { runInInvocation } from '../shared/invocation';
import { lazyHandler } from '../shared/lazy-handler';
import { ScheduledRunInput } from '../shared/schemas/events';
import { type DigestDeps, type DigestOutcome, sendWeeklyDigest } from '../shared/use-cases/follow-up';

export const makeHandler =
  (deps: DigestDeps) =>
  (event: unknown, context: Context): Promise<DigestOutcome[]> =>
    runInInvocation(context, async () => {
      const input = ScheduledRunInput.parse(event);
      const outcomes = await sendWeeklyDigest(deps, {
        scheduledTime: new Date(input.scheduledTime),
        ...(input.campaignId ? { campaignId: input.campaignId } : {}),
      });
      logger.info('Weekly digest done', { scheduledTime: input.scheduledTime, outcomes });
      return outcomes;
    });

export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({ dynamo: documentClient() }),
      (config) => ({ channel: leadershipChannelFor(config, new SNSClient({})) }),
    ),
  ),
);

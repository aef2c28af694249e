// Driving adapter: EventBridge Scheduler's daily run (#15) → runDailyCheck (reminders to organizations, once each).
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { organizationChannelFor } from '../shared/adapters/sns-leadership-channel';
import { deployedDeps, documentClient } from '../shared/container';
import { logger } from '../shared/http/logger';
import { runInInvocation } from '../shared/invocation';
import { lazyHandler } from '../shared/lazy-handler';
import { ScheduledRunInput } from '../shared/schemas/events';
import { type DailyCheckDeps, runDailyCheck } from '../shared/use-cases/follow-up';

export const makeHandler =
  (deps: DailyCheckDeps) =>
  (event: unknown, context: Context): Promise<void> =>
    runInInvocation(context, async () => {
      // An input we cannot read fails loudly: the scheduler retries it, then keeps it in the dead-letter queue.
      const input = ScheduledRunInput.parse(event);
      const outcome = await runDailyCheck(deps, new Date(input.scheduledTime));
      logger.info('Daily check done', { scheduledTime: input.scheduledTime, ...outcome });
    });

export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({ dynamo: documentClient() }),
      (config) => ({ organizationChannel: organizationChannelFor(config, new SNSClient({})) }),
    ),
  ),
);

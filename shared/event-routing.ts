// The event pipeline declared once as data: the stream consumer, the bus, its rules and targets, the topic.
// The CDK stack builds AWS resources from this and the local runtime builds its stand-ins from it.

import { eventSource, eventTypes, eventVersion } from './domain/events';
import type { TableAccess } from './routes';
import { keys } from './tables';

/** An EventBridge event pattern (also the syntax of Lambda event filters). */
export type EventPattern = { [field: string]: EventPattern | readonly unknown[] };

export const eventBus = {
  id: 'EventBus',
  localName: 'pledge-tracker',
  envVar: 'EVENT_BUS_NAME',
  archiveRetentionDays: 365,
} as const;

export const leadershipTopic = {
  id: 'LeadershipTopic',
  localName: 'pledge-tracker-leadership',
  envVar: 'LEADERSHIP_TOPIC_ARN',
} as const;

/** The ledger stream's consumer and its event source mapping. */
export const ledgerStreamConsumer = {
  name: 'ProcessLedgerStream',
  /** File in functions/ that exports `handler`. */
  handler: 'process-ledger-stream',
  batchSize: 100,
  /** No waiting to fill a batch: leadership hears of an exceeded pledge as soon as it happens. */
  maxBatchingWindowSeconds: 0,
  bisectBatchOnError: true,
  retryAttempts: 5,
  maxRecordAgeSeconds: 6 * 60 * 60,
  reportBatchItemFailures: true,
  parallelizationFactor: 1,
  startingPosition: 'TRIM_HORIZON',
  /** Only pledges, category totals and campaigns (closing) mean events; guards, ward totals and the rest do not. */
  filters: [
    {
      dynamodb: {
        NewImage: { type: { S: [keys.types.pledge, keys.types.categoryTotal, keys.types.campaign] } },
      },
    },
  ] as EventPattern[],
} as const;

export interface EventRuleDeclaration {
  name: string;
  description: string;
  pattern: EventPattern;
  target: {
    /** File in functions/ that exports `handler`. */
    handler: string;
    name: string;
    retry: { maximumRetryAttempts: number; maximumEventAgeSeconds: number };
    /** What the target may do to each table; the stack grants exactly this. */
    tables: { ledger: TableAccess; handovers: TableAccess; audit: TableAccess };
    /** Whether it may publish to the leadership topic. */
    publishesToLeadership: boolean;
  };
}

export const eventRules: readonly EventRuleDeclaration[] = [
  {
    name: 'NotifyLeadershipOfExceededPledges',
    description: 'Every Pledge Exceeded event reaches the leadership notifier',
    pattern: {
      source: [eventSource],
      'detail-type': [eventTypes.pledgeExceeded],
      detail: { version: [eventVersion] },
    },
    target: {
      handler: 'notify-leadership',
      name: 'NotifyLeadership',
      retry: { maximumRetryAttempts: 8, maximumEventAgeSeconds: 6 * 60 * 60 },
      // Writes the feed item with a conditional put (its idempotency), then marks it sent.
      tables: { ledger: 'write', handovers: 'none', audit: 'none' },
      publishesToLeadership: true,
    },
  },
];

/**
 * Reminders to organizations (#15). Every message carries an `organizationId` attribute, and every
 * subscription has a filter policy on it, so an organization's contacts receive only their own reminders.
 */
export const organizationTopic = {
  id: 'OrganizationTopic',
  localName: 'pledge-tracker-organizations',
  envVar: 'ORGANIZATION_TOPIC_ARN',
  filterAttribute: 'organizationId',
} as const;

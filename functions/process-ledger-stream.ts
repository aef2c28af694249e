// Driving adapter: the ledger's DynamoDB stream → publishLedgerChanges → EventBridge; partial batch failures.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { eventPublisherFor } from '../shared/adapters/eventbridge-publisher';
import { readConfig } from '../shared/config';
import { eventTypes } from '../shared/domain/events';
import { logger } from '../shared/http/logger';
import { runInInvocation } from '../shared/invocation';
import { deferred, lazyHandler } from '../shared/lazy-handler';
import { metricNames } from '../shared/metric-names';
import { countMetric, flushMetrics } from '../shared/metrics';
import type { EventPublisher } from '../shared/ports';
import { LedgerStreamRecord } from '../shared/schemas/events';
import { publishLedgerChanges, type StreamedChange } from '../shared/use-cases/publish-ledger-changes';

type Image = Record<string, AttributeValue>;

/** A record that does not parse is marked unreadable, so the batch stops there and it is retried. */
function toChange(record: DynamoDBRecord): StreamedChange {
  const parsed = LedgerStreamRecord.safeParse(record);
  if (!parsed.success) {
    return {
      recordId: record.eventID ?? 'unknown',
      sequenceNumber: record.dynamodb?.SequenceNumber ?? '',
      unreadable: 'not a stream record',
    };
  }
  const { eventID, dynamodb } = parsed.data;
  return {
    recordId: eventID,
    sequenceNumber: dynamodb.SequenceNumber,
    occurredAt: new Date(dynamodb.ApproximateCreationDateTime * 1000).toISOString(),
    ...(dynamodb.OldImage ? { before: unmarshall(dynamodb.OldImage as Image) } : {}),
    ...(dynamodb.NewImage ? { after: unmarshall(dynamodb.NewImage as Image) } : {}),
  };
}

export const makeHandler =
  (deps: { publisher: EventPublisher }) =>
  (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
    // PutEvents retries wait no longer than the invocation has left.
    runInInvocation(context, async () => {
      try {
        return await publishBatch(deps, event);
      } finally {
        flushMetrics();
      }
    });

async function publishBatch(
  deps: { publisher: EventPublisher },
  event: DynamoDBStreamEvent,
): Promise<DynamoDBBatchResponse> {
  const changes = event.Records.map(toChange);
  const outcome = await publishLedgerChanges(
    {
      publisher: countingCrossings(deps.publisher),
      onUnreadable: (record, reason) =>
        logger.error('Unreadable ledger change', { recordId: record.recordId, reason }),
    },
    changes,
  );
  if (outcome.retryFrom === undefined) return { batchItemFailures: [] };
  logger.warn('Ledger changes left for retry', { retryFrom: outcome.retryFrom });
  // An empty identifier (a record without a sequence number) makes Lambda retry the whole batch.
  return { batchItemFailures: [{ itemIdentifier: outcome.retryFrom }] };
}

/** Counts the `Pledge Exceeded` events the bus accepted: each is a pledge crossing its target. */
function countingCrossings(publisher: EventPublisher): EventPublisher {
  return {
    publish: async (events) => {
      const failed = new Set(await publisher.publish(events));
      const crossings = events.filter(
        (event, index) => event.detailType === eventTypes.pledgeExceeded && !failed.has(index),
      ).length;
      countMetric(metricNames.pledgeCrossed, crossings);
      return [...failed];
    },
  };
}

/** Endpoint from AWS_ENDPOINT_URL_EVENTBRIDGE when set, as the SDK reads it. */
export const handler = lazyHandler(() =>
  makeHandler(deferred(() => ({ publisher: eventPublisherFor(readConfig(), new EventBridgeClient({})) }))),
);

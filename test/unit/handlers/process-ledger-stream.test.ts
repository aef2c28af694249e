// The ledger stream handler with a mocked EventBridge: stream records in, PutEvents out, partial batch failures back.
import {
  EventBridgeClient,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../../shared/domain/ledger-changes';
import { logger } from '../../../shared/http/logger';
import { retryPolicy } from '../../../shared/retry';
import { categoryTotalImage, pledgeImage, streamRecord, wardTotalImage } from '../../fixtures/ledger-items';
import { lambdaContext } from '../../support/http-events';
import { buildHandler, busName } from './support';

const eventBridge = mockClient(EventBridgeClient);
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  const built =
    await buildHandler<
      (event: DynamoDBStreamEvent, context: typeof lambdaContext) => Promise<DynamoDBBatchResponse>
    >('process-ledger-stream');
  handler = (event) => built(event, lambdaContext);
});

beforeEach(() => {
  eventBridge.reset();
  // The publisher backs off by a random delay between attempts: no delay keeps refusal tests quick.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

/** The 16th great-unity house of the front committee's 15: one transaction, three ledger records. */
const pledgeEventId = '7de1555df0c2700329e815b93b1a9f0e';
const totalEventId = 'f1a8e2b05c6d4e3f9a7b8c1d2e3f4a5b';
const sequence = (n: number) => `44215845000000000174504390${n}`;
const pledgeCrossing = (n: number) =>
  streamRecord(
    sequence(n),
    { before: pledgeImage({ target: 15, delivered: 15 }), after: pledgeImage({ target: 15, delivered: 16 }) },
    pledgeEventId,
  );
const categoryTotalUp = (n: number) =>
  streamRecord(sequence(n), { before: categoryTotalImage(15), after: categoryTotalImage(16) }, totalEventId);
const wardTotalUp = (n: number) =>
  streamRecord(sequence(n), { before: wardTotalImage(3), after: wardTotalImage(4) });

const streamEvent = (...records: DynamoDBRecord[]): DynamoDBStreamEvent => ({ Records: records });

const exceededEntry = {
  EventBusName: busName,
  Source: 'pledge-tracker',
  DetailType: 'Pledge Exceeded',
  Detail: {
    version: 1,
    eventId: eventIdFor(pledgeEventId, 'Pledge Exceeded'),
    campaignId: 'longbien-2018',
    occurredAt: '2018-05-19T06:27:14.000Z',
    pledgeId: 'pledgemttq00001',
    organizationId: 'mttq-long-bien',
    organizationName: 'Ủy ban MTTQ quận',
    category: 'great-unity-house',
    target: 15,
    delivered: 16,
    surplus: 1,
  },
};

const handoverRecordedEntry = {
  EventBusName: busName,
  Source: 'pledge-tracker',
  DetailType: 'Handover Recorded',
  Detail: {
    version: 1,
    eventId: eventIdFor(totalEventId, 'Handover Recorded'),
    campaignId: 'longbien-2018',
    occurredAt: '2018-05-19T06:27:14.000Z',
    handoverId: '0123456789abcdef0123456789abcdef',
    organizationId: 'mttq-long-bien',
    category: 'great-unity-house',
    ward: 'Gia Thụy',
    categoryDelivered: 16,
  },
};

/** PutEvents inputs with each Detail read back from its JSON string, so they compare as whole objects. */
const putEventsInputs = () =>
  eventBridge.commandCalls(PutEventsCommand).map((call) => ({
    Entries: (call.args[0].input.Entries ?? []).map((entry) => ({
      ...entry,
      Detail: JSON.parse(entry.Detail ?? 'null'),
    })),
  }));

function answerRefusing(refuses: (e: PutEventsRequestEntry) => boolean) {
  return (input: PutEventsCommandInput) => {
    const results = (input.Entries ?? []).map((e, i) =>
      refuses(e)
        ? { ErrorCode: 'InternalFailure', ErrorMessage: 'Internal service error' }
        : { EventId: `eb-${i}` },
    );
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  };
}

/**
 * How the event source mapping reads the handler's answer (Lambda developer guide, partial batch
 * responses): an empty list is complete success; an empty or null itemIdentifier, or an error, is a
 * complete failure; otherwise it checkpoints before the lowest sequence number and retries from there.
 */
async function checkpointAfter(invocation: Promise<DynamoDBBatchResponse>): Promise<string> {
  let answer: DynamoDBBatchResponse;
  try {
    answer = await invocation;
  } catch {
    return 'whole batch retried';
  }
  const failures = answer?.batchItemFailures ?? [];
  if (failures.length === 0) return 'whole batch done';
  if (failures.some((f) => !f.itemIdentifier)) return 'whole batch retried';
  const lowest = failures.map((f) => f.itemIdentifier).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0];
  return `retried from ${lowest}`;
}

describe('processing the ledger stream', () => {
  it('publishes the events of a handover transaction in stream order and reports no failure', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));

    const answer = await handler(streamEvent(pledgeCrossing(91), categoryTotalUp(92), wardTotalUp(93)));

    expect(putEventsInputs()).toEqual([{ Entries: [exceededEntry, handoverRecordedEntry] }]);
    expect(answer).toEqual({ batchItemFailures: [] });
  });

  it('sends each Detail as a JSON string on the bus named by EVENT_BUS_NAME', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));

    await handler(streamEvent(categoryTotalUp(92)));

    expect(eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input)).toEqual([
      { Entries: [{ ...handoverRecordedEntry, Detail: JSON.stringify(handoverRecordedEntry.Detail) }] },
    ]);
  });

  it('gives a redelivered record the same event ids, so consumers can drop the repeat', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));

    await handler(streamEvent(pledgeCrossing(91)));
    await handler(streamEvent(pledgeCrossing(91)));

    expect(putEventsInputs()).toEqual([{ Entries: [exceededEntry] }, { Entries: [exceededEntry] }]);
  });

  it('names the record whose event PutEvents refuses every time as the first batch item failure', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing((e) => e.DetailType === 'Pledge Exceeded'));

    const answer = await handler(streamEvent(categoryTotalUp(91), pledgeCrossing(92), wardTotalUp(93)));

    expect(putEventsInputs()).toEqual([
      { Entries: [handoverRecordedEntry, exceededEntry] },
      ...Array.from({ length: retryPolicy.attempts - 1 }, () => ({ Entries: [exceededEntry] })),
    ]);
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(92) }] });
  });

  it.each<{ what: string; malformed: DynamoDBRecord }>([
    {
      what: 'a record without its creation time',
      malformed: {
        ...pledgeCrossing(92),
        dynamodb: { ...pledgeCrossing(92).dynamodb, ApproximateCreationDateTime: undefined },
      },
    },
    {
      what: 'a record without its event name',
      malformed: { ...pledgeCrossing(92), eventName: undefined },
    },
    {
      what: 'a pledge image missing its fields',
      malformed: streamRecord(sequence(92), {
        before: pledgeImage({ target: 15, delivered: 15 }),
        after: { ...pledgeImage({ target: 15, delivered: 16 }), organizationName: undefined },
      }),
    },
  ])('stops at $what: publishes what came before and retries from it', async ({ malformed }) => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));

    const answer = await handler(streamEvent(categoryTotalUp(91), malformed, wardTotalUp(93)));

    expect(putEventsInputs()).toEqual([{ Entries: [handoverRecordedEntry] }]);
    expect(answer).toEqual({ batchItemFailures: [{ itemIdentifier: sequence(92) }] });
  });

  it.each<{ what: string; malformed: DynamoDBRecord; reason: string }>([
    {
      what: 'a record that does not parse',
      malformed: { ...pledgeCrossing(92), eventName: undefined },
      reason: 'not a stream record',
    },
    {
      what: 'a pledge image missing its fields',
      malformed: streamRecord(sequence(92), {
        before: pledgeImage({ target: 15, delivered: 15 }),
        after: { ...pledgeImage({ target: 15, delivered: 16 }), organizationName: undefined },
      }),
      reason: `Ledger change event-${sequence(92)}: a pledge image lacks its fields`,
    },
  ])('logs $what by its id and why, and nothing of its content', async ({ malformed, reason }) => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);

    await handler(streamEvent(categoryTotalUp(91), malformed, wardTotalUp(93)));

    expect(logged.mock.calls).toEqual([
      ['Unreadable ledger change', { recordId: malformed.eventID, reason }],
    ]);
  });

  it('has the whole batch retried when a record has no sequence number to point at', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));
    const { SequenceNumber: _, ...withoutSequence } = pledgeCrossing(92).dynamodb ?? {};
    const malformed = { ...pledgeCrossing(92), dynamodb: withoutSequence };

    const checkpoint = await checkpointAfter(
      handler(streamEvent(categoryTotalUp(91), malformed, wardTotalUp(93))),
    );

    // Answering "no failures" would checkpoint past the malformed record and every record after it.
    expect(checkpoint).toBe('whole batch retried');
  });
});

// publishLedgerChanges with a fake publisher: stream order kept, and the first change not fully published named.
import { describe, expect, it, vi } from 'vitest';
import {
  type DomainEvent,
  eventsFromLedgerChange,
  UnreadableChangeError,
} from '../../shared/domain/ledger-changes';
import type { EventPublisher } from '../../shared/ports';
import {
  type OrderedChange,
  publishLedgerChanges,
  type StreamedChange,
  type UnreadableRecord,
} from '../../shared/use-cases/publish-ledger-changes';
import { categoryTotalImage, occurredAt, pledgeImage } from '../fixtures/ledger-items';

type Published = Parameters<EventPublisher['publish']>[0];

/** Records what it is asked to publish; refuses the events whose ids it is told to. */
class FakePublisher implements EventPublisher {
  readonly calls: Published[] = [];
  constructor(private readonly refusedEventIds: string[] = []) {}

  async publish(events: Published): Promise<number[]> {
    this.calls.push(events);
    return events.flatMap((event, i) =>
      this.refusedEventIds.includes(String(event.detail.eventId)) ? [i] : [],
    );
  }
}

const ordered = (
  index: number,
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown>,
): OrderedChange => ({
  recordId: `record-${index}`,
  sequenceNumber: `44215845000000000174504390${10 + index}`,
  occurredAt,
  ...(before ? { before } : {}),
  after,
});

/** Five changes in stream order; change #1 means two events, so event and change indexes differ. */
const changes: OrderedChange[] = [
  ordered(0, categoryTotalImage(13), categoryTotalImage(14)),
  ordered(1, pledgeImage({ target: 15, delivered: 14 }), pledgeImage({ target: 15, delivered: 16 })),
  ordered(2, categoryTotalImage(14), categoryTotalImage(15)),
  ordered(3, categoryTotalImage(15), categoryTotalImage(16)),
  ordered(4, categoryTotalImage(16), categoryTotalImage(17)),
];

const eventsOf = (...indexes: number[]): DomainEvent[] =>
  indexes.flatMap((i) => eventsFromLedgerChange(changes[i] as OrderedChange));

const eventIdOf = (changeIndex: number, position = 0) =>
  String(eventsOf(changeIndex)[position]?.detail.eventId);

const sequenceOf = (changeIndex: number) => changes[changeIndex]?.sequenceNumber;

describe('publishLedgerChanges', () => {
  it('publishes every event of every change in stream order and leaves nothing to retry', async () => {
    const publisher = new FakePublisher();

    const outcome = await publishLedgerChanges({ publisher }, changes);

    expect(publisher.calls).toEqual([eventsOf(0, 1, 2, 3, 4)]);
    expect(outcome).toEqual({ published: 6 });
  });

  it('asks for a retry from change #3 when the publisher still reports its event failed', async () => {
    const publisher = new FakePublisher([eventIdOf(3)]);

    const outcome = await publishLedgerChanges({ publisher }, changes);

    expect(publisher.calls).toEqual([eventsOf(0, 1, 2, 3, 4)]);
    expect(outcome).toEqual({ published: 5, retryFrom: sequenceOf(3) });
  });

  it('retries from the earliest change with a failed event, even when only its second event failed', async () => {
    const publisher = new FakePublisher([eventIdOf(3), eventIdOf(1, 1)]);

    const outcome = await publishLedgerChanges({ publisher }, changes);

    expect(outcome).toEqual({ published: 4, retryFrom: sequenceOf(1) });
  });

  it('stops at an unreadable change #2: publishes changes 0-1 only and retries from #2', async () => {
    const unreadable = ordered(2, categoryTotalImage(14), { ...categoryTotalImage(15), lastWard: undefined });
    const batch = [changes[0], changes[1], unreadable, changes[3], changes[4]] as OrderedChange[];
    const publisher = new FakePublisher();
    const onUnreadable = vi.fn();

    const outcome = await publishLedgerChanges({ publisher, onUnreadable }, batch);

    expect(publisher.calls).toEqual([eventsOf(0, 1)]);
    expect(outcome).toEqual({ published: 3, retryFrom: sequenceOf(2) });
    expect(onUnreadable.mock.calls).toEqual([
      [
        { recordId: 'record-2', sequenceNumber: sequenceOf(2) },
        new UnreadableChangeError('record-2', 'a category total lacks its last handover').message,
      ],
    ]);
  });

  it('stops at a record the stream adapter could not parse: publishes changes 0-1 only and retries from it', async () => {
    const unparsed: UnreadableRecord = {
      recordId: 'record-2',
      sequenceNumber: sequenceOf(2) as string,
      unreadable: 'not a stream record',
    };
    const publisher = new FakePublisher();
    const onUnreadable = vi.fn();

    const outcome = await publishLedgerChanges({ publisher, onUnreadable }, [
      changes[0],
      changes[1],
      unparsed,
      changes[3],
    ] as StreamedChange[]);

    expect(publisher.calls).toEqual([eventsOf(0, 1)]);
    expect(outcome).toEqual({ published: 3, retryFrom: sequenceOf(2) });
    expect(onUnreadable.mock.calls).toEqual([
      [{ recordId: 'record-2', sequenceNumber: sequenceOf(2) }, 'not a stream record'],
    ]);
  });

  it('retries from an earlier failed event rather than from a later unreadable change', async () => {
    const unreadable = ordered(2, categoryTotalImage(14), { ...categoryTotalImage(15), lastWard: undefined });
    const batch = [changes[0], changes[1], unreadable, changes[3]] as OrderedChange[];
    const publisher = new FakePublisher([eventIdOf(0)]);

    const outcome = await publishLedgerChanges({ publisher }, batch);

    expect(outcome).toEqual({ published: 2, retryFrom: sequenceOf(0) });
  });

  it('publishes nothing and retries from the first change when that one is unreadable', async () => {
    const unreadable = ordered(0, undefined, {
      ...pledgeImage({ target: 15, delivered: 0 }),
      state: 'paused',
    });
    const publisher = new FakePublisher();

    const outcome = await publishLedgerChanges({ publisher }, [unreadable, ...changes.slice(1)]);

    expect([publisher.calls, outcome]).toEqual([
      [[]],
      { published: 0, retryFrom: unreadable.sequenceNumber },
    ]);
  });

  it('needs no retry for changes that mean no event', async () => {
    const publisher = new FakePublisher();
    const quiet = [
      ordered(0, pledgeImage({ target: 15, delivered: 30 }), pledgeImage({ target: 15, delivered: 31 })),
    ];

    const outcome = await publishLedgerChanges({ publisher }, quiet);

    expect([publisher.calls, outcome]).toEqual([[[]], { published: 0 }]);
  });
});

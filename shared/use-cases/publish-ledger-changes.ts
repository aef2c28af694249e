// Use case: turn a batch of ledger changes, in stream order, into published events; say which to retry.
import { type DomainEvent, eventsFromLedgerChange, type LedgerChange } from '../domain/ledger-changes';
import type { EventPublisher } from '../ports';

export interface OrderedChange extends LedgerChange {
  sequenceNumber: string;
}

/** A stream record the driving adapter could not parse; `unreadable` says why, without its content. */
export interface UnreadableRecord {
  recordId: string;
  sequenceNumber: string;
  unreadable: string;
}

export type StreamedChange = OrderedChange | UnreadableRecord;

export interface PublishOutcome {
  /** The first change not fully published: it and every change after it must be delivered again. */
  retryFrom?: string;
  published: number;
}

/**
 * Changes are handled in order. A record that did not parse, or a change whose images lack what its
 * events need, stops the batch there: nothing after it is published, and `onUnreadable` hears of it by id.
 * An event that PutEvents still refuses after retries makes its change the retry point; later changes'
 * events, already published in this run, are published again on the retry. Delivery is at least once
 * either way, and the event ids let consumers drop the repeats.
 */
export async function publishLedgerChanges(
  deps: {
    publisher: EventPublisher;
    onUnreadable?: (record: { recordId: string; sequenceNumber: string }, reason: string) => void;
  },
  changes: StreamedChange[],
): Promise<PublishOutcome> {
  const events: { change: number; event: DomainEvent }[] = [];
  let readable = changes.length;
  for (const [index, change] of changes.entries()) {
    const reason = 'unreadable' in change ? change.unreadable : collectEvents(change, index, events);
    if (reason !== undefined) {
      deps.onUnreadable?.({ recordId: change.recordId, sequenceNumber: change.sequenceNumber }, reason);
      readable = index;
      break;
    }
  }
  const failed = await deps.publisher.publish(events.map((e) => e.event));
  const firstFailedChange = Math.min(readable, ...failed.map((i) => events[i]?.change ?? readable));
  return {
    published: events.length - failed.length,
    ...(firstFailedChange < changes.length ? { retryFrom: changes[firstFailedChange]?.sequenceNumber } : {}),
  };
}

/** Adds the change's events; gives back why it cannot be read instead, if it cannot. */
function collectEvents(
  change: OrderedChange,
  index: number,
  events: { change: number; event: DomainEvent }[],
): string | undefined {
  try {
    for (const event of eventsFromLedgerChange(change)) events.push({ change: index, event });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

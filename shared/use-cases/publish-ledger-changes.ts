// Use case: turn a batch of ledger changes, in stream order, into published events; say which to retry.
import { type DomainEvent, eventsFromLedgerChange, type LedgerChange } from '../domain/ledger-changes';
import type { EventPublisher } from '../ports';

export interface OrderedChange extends LedgerChange {
  sequenceNumber: string;
}

export interface PublishOutcome {
  /** The first change not fully published: it and every change after it must be delivered again. */
  retryFrom?: string;
  published: number;
}

/**
 * Changes are handled in order. A change that cannot be read stops the batch there: nothing after it
 * is published. An event that PutEvents still refuses after retries makes its change the retry point;
 * later changes' events, already published in this run, are published again on the retry. Delivery is
 * at least once either way, and the event ids let consumers drop the repeats.
 */
export async function publishLedgerChanges(
  deps: { publisher: EventPublisher; onUnreadable?: (change: OrderedChange, error: Error) => void },
  changes: OrderedChange[],
): Promise<PublishOutcome> {
  const events: { change: number; event: DomainEvent }[] = [];
  let readable = changes.length;
  for (const [index, change] of changes.entries()) {
    try {
      for (const event of eventsFromLedgerChange(change)) events.push({ change: index, event });
    } catch (error) {
      deps.onUnreadable?.(change, error as Error);
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

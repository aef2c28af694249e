// Driven adapter: domain events to our EventBridge bus, in PutEvents batches, resending only failed entries.
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Config } from '../config';
import { eventSource } from '../domain/events';
import { lacking, missing } from '../missing';
import type { EventPublisher } from '../ports';
import { type RetryOptions, withRetries } from '../retry';

/** PutEvents takes at most 10 entries a call. */
export const maxEntriesPerCall = 10;

export class EventBridgePublisher implements EventPublisher {
  private readonly client: EventBridgeClient;
  private readonly busName: string;
  private readonly retry: RetryOptions;

  /** `retry` defaults to the one retry policy; tests give it a fake sleep. */
  constructor(options: { client: EventBridgeClient; busName: string; retry?: RetryOptions }) {
    this.client = options.client;
    this.busName = options.busName;
    this.retry = options.retry ?? {};
  }

  async publish(events: { detailType: string; detail: Record<string, unknown> }[]): Promise<number[]> {
    const entries: PutEventsRequestEntry[] = events.map((event) => ({
      EventBusName: this.busName,
      Source: eventSource,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
    }));
    const failed: number[] = [];
    for (let start = 0; start < entries.length; start += maxEntriesPerCall) {
      const indexes = entries.slice(start, start + maxEntriesPerCall).map((_, i) => start + i);
      failed.push(...(await this.sendWithRetries(entries, indexes)));
    }
    return failed;
  }

  /** PutEvents can accept some entries and refuse others (FailedEntryCount); only those are sent again. */
  private async sendWithRetries(entries: PutEventsRequestEntry[], indexes: number[]): Promise<number[]> {
    let pending = indexes;
    try {
      await withRetries(
        async () => {
          const result = await this.client.send(
            new PutEventsCommand({ Entries: pending.map((i) => entries[i] as PutEventsRequestEntry) }),
          );
          if (!result.FailedEntryCount) pending = [];
          // Without per-entry results we cannot tell which were refused: all are sent again.
          else if (result.Entries) {
            pending = pending.filter((_, position) => result.Entries?.[position]?.ErrorCode !== undefined);
          }
          if (pending.length > 0) throw new Error(`PutEvents refused ${pending.length} entries`);
        },
        // A whole call that failed (after the SDK's own retries) is tried again with the same entries.
        () => true,
        this.retry,
      );
    } catch {
      // Still refused or failing when the retries ran out: the caller learns which entries.
    }
    return pending;
  }
}

/** The publisher for the configured bus, or a stand-in that names the missing variable on first use. */
export function eventPublisherFor(config: Config, client: EventBridgeClient): EventPublisher {
  return config.eventBusName
    ? new EventBridgePublisher({ client, busName: config.eventBusName })
    : missing<EventPublisher>(lacking(config, ['eventBusName'], client, 'an EventBridge client'));
}

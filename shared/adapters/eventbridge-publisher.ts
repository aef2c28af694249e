// Driven adapter: domain events to our EventBridge bus, in PutEvents batches, resending only failed entries.
import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { eventSource } from '../domain/events';
import type { EventPublisher } from '../ports';

/** PutEvents takes at most 10 entries a call. */
export const maxEntriesPerCall = 10;
export const publishAttempts = 4;

export class EventBridgePublisher implements EventPublisher {
  private readonly client: EventBridgeClient;
  private readonly busName: string;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: {
    client: EventBridgeClient;
    busName: string;
    sleep?: (ms: number) => Promise<void>;
  }) {
    this.client = options.client;
    this.busName = options.busName;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
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
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > publishAttempts) return pending;
      if (attempt > 1) await this.sleep(Math.random() * 50 * 2 ** attempt);
      try {
        const result = await this.client.send(
          new PutEventsCommand({ Entries: pending.map((i) => entries[i] as PutEventsRequestEntry) }),
        );
        if (!result.FailedEntryCount) return [];
        // Without per-entry results we cannot tell which were refused: all are sent again.
        if (!result.Entries) continue;
        pending = pending.filter((_, position) => result.Entries?.[position]?.ErrorCode !== undefined);
      } catch {
        // The whole call failed (after the SDK's own retries): try the same entries again.
      }
    }
    return pending;
  }
}

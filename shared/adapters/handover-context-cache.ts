// Remembers what recording a handover must check first, so a busy front committee pays one round trip, not two.
import type { HandoverContext } from '../ports';

/**
 * Safe to reuse because campaigns and organizations are never changed or deleted, and the one thing that
 * does change, the active pledge, is re-checked by the recording transaction itself: a pledge withdrawn or
 * registered meanwhile fails its condition, and the caller reads afresh. Incomplete contexts (an unknown
 * campaign or organization) are not kept, so something created a moment later is seen at once.
 */
export class HandoverContextCache {
  private readonly entries = new Map<string, { context: HandoverContext; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1000,
  ) {}

  async get(
    key: {
      campaignId: string;
      organizationIds: string[];
      credit: { organizationId: string; category: string };
    },
    load: () => Promise<HandoverContext>,
    options: { fresh: boolean },
  ): Promise<HandoverContext> {
    const id = JSON.stringify([key.campaignId, [...new Set(key.organizationIds)].sort(), key.credit]);
    const cached = this.entries.get(id);
    if (!options.fresh && cached && cached.expires > this.now()) return cached.context;
    const context = await load();
    const complete = context.campaign && key.organizationIds.every((o) => context.organizations.has(o));
    if (this.ttlMs > 0 && complete) {
      // Oldest first out: Map keeps insertion order.
      this.entries.delete(id);
      if (this.entries.size >= this.maxEntries)
        this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(id, { context, expires: this.now() + this.ttlMs });
    } else {
      this.entries.delete(id);
    }
    return context;
  }
}

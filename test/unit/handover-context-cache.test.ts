// The handover context cache: reuse while fresh and complete, read afresh when asked or when incomplete.
import { describe, expect, it } from 'vitest';
import { HandoverContextCache } from '../../shared/adapters/handover-context-cache';
import type { Campaign } from '../../shared/domain/model';
import type { HandoverContext } from '../../shared/ports';

const campaign = { id: 'longbien-2018' } as Campaign;
const key = {
  campaignId: 'longbien-2018',
  organizationIds: ['mttq-long-bien'],
  credit: { organizationId: 'mttq-long-bien', category: 'great-unity-house' },
};
const complete = (activePledgeId?: string): HandoverContext => ({
  campaign,
  organizations: new Map([['mttq-long-bien', { id: 'mttq-long-bien' } as never]]),
  ...(activePledgeId ? { activePledgeId } : {}),
});

function counting(contexts: HandoverContext[]) {
  let calls = 0;
  return {
    load: async () => contexts[Math.min(calls++, contexts.length - 1)] as HandoverContext,
    calls: () => calls,
  };
}

describe('the handover context cache', () => {
  it('answers a second request from memory while it is fresh', async () => {
    const clock = { now: 0 };
    const cache = new HandoverContextCache(60_000, () => clock.now);
    const source = counting([complete('p1')]);

    await cache.get(key, source.load, { fresh: false });
    clock.now = 59_999;
    const second = await cache.get(key, source.load, { fresh: false });

    expect(source.calls()).toBe(1);
    expect(second.activePledgeId).toBe('p1');
  });

  it('reads again once the entry expires, and whenever asked for a fresh one', async () => {
    const clock = { now: 0 };
    const cache = new HandoverContextCache(60_000, () => clock.now);
    const source = counting([complete('p1'), complete('p2'), complete('p3')]);

    await cache.get(key, source.load, { fresh: false });
    const fresh = await cache.get(key, source.load, { fresh: true });
    clock.now = 60_001;
    const expired = await cache.get(key, source.load, { fresh: false });

    expect([fresh.activePledgeId, expired.activePledgeId, source.calls()]).toEqual(['p2', 'p3', 3]);
  });

  it('keeps nothing incomplete, so a campaign or organization created a moment later is seen at once', async () => {
    const cache = new HandoverContextCache(60_000, () => 0);
    const source = counting([{ organizations: new Map() }, complete()]);

    const missing = await cache.get(key, source.load, { fresh: false });
    const found = await cache.get(key, source.load, { fresh: false });

    expect([missing.campaign, found.campaign, source.calls()]).toEqual([undefined, campaign, 2]);
  });

  it('keeps nothing when its time to live is 0', async () => {
    const cache = new HandoverContextCache(0, () => 0);
    const source = counting([complete('p1')]);

    await cache.get(key, source.load, { fresh: false });
    await cache.get(key, source.load, { fresh: false });

    expect(source.calls()).toBe(2);
  });

  it('forgets the oldest entry past its size limit', async () => {
    const cache = new HandoverContextCache(60_000, () => 0, 2);
    const source = counting([complete('p1')]);
    const other = (category: string) => ({ ...key, credit: { ...key.credit, category } });

    await cache.get(other('a'), source.load, { fresh: false });
    await cache.get(other('b'), source.load, { fresh: false });
    await cache.get(other('c'), source.load, { fresh: false });
    await cache.get(other('b'), source.load, { fresh: false });
    await cache.get(other('a'), source.load, { fresh: false });

    expect(source.calls()).toBe(4);
  });
});

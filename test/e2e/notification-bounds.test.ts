// Leadership cannot be flooded: toggling a pledge's target around what was delivered crosses it again and
// again, but each pledge is notified at most once a day (Vietnam's), in the feed and by SNS alike.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import { localDate } from '../../shared/domain/dates';

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-bounds-'));
let runtime: LocalRuntime;
let staff: string;
let leader: string;

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, dataDir, inMemory: true, demo: false });
  const key = await loadSigningKey(dataDir);
  staff = await issueToken(key, { role: 'front-committee' });
  leader = await issueToken(key, { role: 'leadership' });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(method: string, path: string, token: string, body?: unknown, headers = {}) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const isoDate = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('notification bounds', () => {
  it('notifies a pledge crossed five times in a row once a day, and counts every crossing', async () => {
    // Prepare: a pledge of 2 with 3 houses handed over: exceeded once.
    const suffix = randomUUID().slice(0, 8);
    const campaignId = `bounds-${suffix}`;
    const organizationId = `bounds-org-${suffix}`;
    await call('POST', '/v1/organizations', staff, {
      id: organizationId,
      name: 'Hội Phụ nữ',
      kind: 'womens-union',
    });
    await call('POST', '/v1/campaigns', staff, {
      id: campaignId,
      name: 'Đợt thử giới hạn thông báo',
      startsOn: isoDate(-30),
      endsOn: isoDate(30),
      wards: ['Bồ Đề'],
    });
    const pledge = await call('POST', `/v1/campaigns/${campaignId}/pledges`, staff, {
      organizationId,
      category: 'love-shelter',
      target: 2,
    });
    for (let n = 0; n < 3; n++) {
      await call(
        'POST',
        `/v1/campaigns/${campaignId}/handovers`,
        staff,
        { organizationId, category: 'love-shelter', ward: 'Bồ Đề', handedOverOn: isoDate(-1) },
        { 'idempotency-key': `bounds-${suffix}-${n}` },
      );
    }
    await runtime.settled();

    // Act: above and below what was delivered, four more times: four more crossings.
    for (const target of [5, 2, 6, 2, 7, 1, 9, 2]) {
      await call('PATCH', `/v1/campaigns/${campaignId}/pledges/${pledge.id}`, staff, {
        target,
        reason: 'Thử bật tắt chỉ tiêu',
      });
    }
    await runtime.settled();

    // Assert: five crossings reached the notifier; one notification per Vietnam day among them.
    const crossings = runtime.events.filter(
      (e) => e['detail-type'] === 'Pledge Exceeded' && e.detail.pledgeId === pledge.id,
    );
    const days = new Set(crossings.map((e) => localDate(new Date(String(e.detail.occurredAt)))));
    expect(crossings).toHaveLength(5);
    const feed = await call('GET', `/v1/notifications?campaignId=${campaignId}`, leader);
    expect(feed.items).toHaveLength(days.size);
    const messages = runtime.snsMessages.filter(
      (m) => m.messageAttributes.campaignId?.StringValue === campaignId,
    );
    expect(messages).toHaveLength(days.size);
    expect(days.size).toBeLessThanOrEqual(2);
  });
});

// The event pipeline in the in-process runtime: handovers over HTTP → stream → EventBridge → notifier → SNS and the feed.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localAwsSettings } from '../../infra/local/dynamodb-local';
import { type LocalFaults, type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-pipeline-'));
let runtime: LocalRuntime;
let staffToken: string;
let leadershipToken: string;
/** The hooks of the scenario being run; the runtime's faults delegate here, so one runtime serves every test. */
let activeFaults: LocalFaults = {};
const errors: string[] = [];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    inMemory: true,
    demo: false,
    logError: (message, error) =>
      errors.push(`${message} ${error instanceof Error ? error.message : String(error ?? '')}`),
    faults: {
      beforeStreamInvoke: (records, attempt) => activeFaults.beforeStreamInvoke?.(records, attempt),
      afterStreamInvoke: (records, attempt) => activeFaults.afterStreamInvoke?.(records, attempt),
      putEventsFailEntry: (entry) => activeFaults.putEventsFailEntry?.(entry) ?? false,
      publishFails: (request) => activeFaults.publishFails?.(request) ?? false,
    },
  });
  const key = await loadSigningKey(dataDir);
  staffToken = await issueToken(key, { role: 'front-committee' });
  leadershipToken = await issueToken(key, { role: 'leadership' });
});
afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${runtime.url}${path}`, {
    method: options.body === undefined ? 'GET' : 'POST',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const categories = [
  'great-unity-house',
  'love-shelter',
  'comradeship-house',
  'cultural-center',
  'house-support',
];

/** A campaign with `organizations` organizations and one pledge per (organization, category) given. */
async function prepareCampaign(pledges: { organization: number; category: string; target: number }[]) {
  const suffix = randomUUID().slice(0, 8);
  const campaignId = `pipeline-${suffix}`;
  const organizationIds = [...new Set(pledges.map((p) => p.organization))].map((n) => `org-${n}-${suffix}`);
  for (const id of organizationIds) {
    expect(
      (
        await call('/v1/organizations', {
          token: staffToken,
          body: { id, name: `Tổ chức ${id}`, kind: 'other' },
        })
      ).status,
    ).toBe(201);
  }
  const created = await call('/v1/campaigns', {
    token: staffToken,
    body: {
      id: campaignId,
      name: 'Đợt thi đua thử',
      startsOn: isoDate(-30),
      endsOn: isoDate(30),
      wards: ['Bồ Đề', 'Gia Thụy'],
    },
  });
  expect(created.status).toBe(201);
  const pledgeIds: string[] = [];
  for (const pledge of pledges) {
    const answer = await call(`/v1/campaigns/${campaignId}/pledges`, {
      token: staffToken,
      body: {
        organizationId: `org-${pledge.organization}-${suffix}`,
        category: pledge.category,
        target: pledge.target,
      },
    });
    expect(answer.status).toBe(201);
    pledgeIds.push(answer.body.id);
  }
  const handover = (organization: number, category: string) =>
    call(`/v1/campaigns/${campaignId}/handovers`, {
      token: staffToken,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        organizationId: `org-${organization}-${suffix}`,
        category,
        ward: 'Gia Thụy',
        handedOverOn: isoDate(-1),
        // A household of its own each time: the same one twice is a likely duplicate (409, #15).
        beneficiary: { name: `Người nhận thử nghiệm ${randomUUID().slice(0, 8)}` },
      },
    });
  return { campaignId, pledgeIds, handover };
}

async function feed(campaignId: string): Promise<{ pledgeId: string; delivered: number; surplus: number }[]> {
  const items: { pledgeId: string; delivered: number; surplus: number }[] = [];
  let cursor: string | undefined;
  do {
    const query = `campaignId=${campaignId}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await call(`/v1/notifications?${query}`, { token: leadershipToken });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Distinct crossing events of a pledge accepted by the bus (retries may resend one: same detail.eventId). */
function crossingEvents(pledgeId: string) {
  const ids = (detailType: string) =>
    new Set(
      runtime.events
        .filter((e) => e['detail-type'] === detailType && e.detail.pledgeId === pledgeId)
        .map((e) => e.detail.eventId),
    ).size;
  return { fulfilled: ids('Pledge Fulfilled'), exceeded: ids('Pledge Exceeded') };
}

const snsMessagesOf = (campaignId: string) =>
  runtime.snsMessages.filter((m) => m.messageAttributes.campaignId?.StringValue === campaignId);

const isPledgeOf = (campaignId: string) => (record: DynamoDBRecord) =>
  record.dynamodb?.NewImage?.pk?.S === `CAMPAIGN#${campaignId}`;

describe('the event pipeline of the local runtime', () => {
  it('turns 100 concurrent handovers on a pledge of target 15 into one Pledge Fulfilled event and one exceed notification', async () => {
    const { campaignId, pledgeIds, handover } = await prepareCampaign([
      { organization: 1, category: 'great-unity-house', target: 15 },
    ]);

    const answers = await Promise.all(Array.from({ length: 100 }, () => handover(1, 'great-unity-house')));
    await runtime.settled();

    expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
    const pledgeId = pledgeIds[0] as string;
    expect(crossingEvents(pledgeId)).toEqual({ fulfilled: 1, exceeded: 1 });
    expect(await feed(campaignId)).toEqual([
      expect.objectContaining({ pledgeId, target: 15, delivered: 16, surplus: 1 }),
    ]);
    expect(snsMessagesOf(campaignId)).toHaveLength(1);
    expect({ streamFailures: runtime.streamFailures, deadLetters: runtime.deadLetters }).toEqual({
      streamFailures: [],
      deadLetters: [],
    });
  });

  it('gives the same single event and notification with faults: a stream handler crash, a refused PutEvents entry, a notifier dying before it publishes', async () => {
    const { campaignId, pledgeIds, handover } = await prepareCampaign([
      { organization: 1, category: 'great-unity-house', target: 15 },
    ]);
    const pledgeId = pledgeIds[0] as string;
    const crashed = new Set<string>();
    const crashedPledgeCounts: number[] = [];
    const injected = { streamCrashes: 0, refusedEntries: 0, refusedPublishes: 0 };
    const ofThisCampaign = isPledgeOf(campaignId);
    activeFaults = {
      // The first delivery of every fifth record of this campaign, the crossing ones among them, crashes the consumer.
      beforeStreamInvoke: (records) => {
        const doomed = records.filter((r) => {
          const delivered = Number(r.dynamodb?.NewImage?.delivered?.N ?? 0);
          const sequence = r.dynamodb?.SequenceNumber as string;
          return ofThisCampaign(r) && (delivered % 5 === 0 || delivered === 16) && !crashed.has(sequence);
        });
        if (doomed.length === 0) return;
        for (const r of doomed) {
          crashed.add(r.dynamodb?.SequenceNumber as string);
          if (r.dynamodb?.NewImage?.type?.S === 'pledge')
            crashedPledgeCounts.push(Number(r.dynamodb.NewImage.delivered?.N));
        }
        injected.streamCrashes++;
        throw new Error('injected: the stream consumer crashed');
      },
      putEventsFailEntry: (entry) => {
        const crossing = entry.DetailType === 'Pledge Exceeded' || entry.DetailType === 'Pledge Fulfilled';
        if (!crossing || !entry.Detail?.includes(pledgeId) || injected.refusedEntries > 0) return false;
        injected.refusedEntries++;
        return true;
      },
      publishFails: (request) => {
        if (request.messageAttributes.campaignId?.StringValue !== campaignId || injected.refusedPublishes > 0)
          return false;
        injected.refusedPublishes++;
        return true;
      },
    };
    try {
      const answers = await Promise.all(Array.from({ length: 100 }, () => handover(1, 'great-unity-house')));
      await runtime.settled();

      expect(answers.map((a) => a.status)).toEqual(Array(100).fill(201));
      // Both crossing records were among those whose first delivery crashed.
      expect(crashedPledgeCounts).toEqual(expect.arrayContaining([15, 16]));
      expect(injected.streamCrashes).toBeGreaterThanOrEqual(1);
      expect({
        refusedEntries: injected.refusedEntries,
        refusedPublishes: injected.refusedPublishes,
      }).toEqual({
        refusedEntries: 1,
        refusedPublishes: 1,
      });
      expect(crossingEvents(pledgeId)).toEqual({ fulfilled: 1, exceeded: 1 });
      expect(await feed(campaignId)).toEqual([
        expect.objectContaining({ pledgeId, delivered: 16, surplus: 1 }),
      ]);
      expect(snsMessagesOf(campaignId)).toHaveLength(1);
      expect({ streamFailures: runtime.streamFailures, deadLetters: runtime.deadLetters }).toEqual({
        streamFailures: [],
        deadLetters: [],
      });
    } finally {
      activeFaults = {};
    }
  });

  it('notifies once for each of 50 pledges crossed at once, each notification with its own pledge', async () => {
    const pledges = Array.from({ length: 50 }, (_, i) => ({
      organization: Math.floor(i / categories.length),
      category: categories[i % categories.length] as string,
      target: 1,
    }));
    const { campaignId, pledgeIds, handover } = await prepareCampaign(pledges);
    const firsts = await Promise.all(pledges.map((p) => handover(p.organization, p.category)));
    await runtime.settled();
    expect(firsts.map((a) => a.status)).toEqual(Array(50).fill(201));
    expect(await feed(campaignId)).toEqual([]);

    const seconds = await Promise.all(pledges.map((p) => handover(p.organization, p.category)));
    await runtime.settled();

    expect(seconds.map((a) => a.status)).toEqual(Array(50).fill(201));
    const notified = (await feed(campaignId)).toSorted((a, b) => a.pledgeId.localeCompare(b.pledgeId));
    expect(notified).toEqual(
      pledgeIds
        .toSorted((a, b) => a.localeCompare(b))
        .map((pledgeId) => expect.objectContaining({ pledgeId, target: 1, delivered: 2, surplus: 1 })),
    );
    expect(snsMessagesOf(campaignId)).toHaveLength(50);
  });

  // EventBridge delivers at least once, so the same event can arrive several times at once: the copies
  // that find a live claim wait for a retry, by which time the first has marked it sent.
  it('notifies once when the bus delivers the same Pledge Exceeded several times at once', async () => {
    const { campaignId, pledgeIds } = await prepareCampaign([
      { organization: 1, category: 'love-shelter', target: 1 },
    ]);
    const detail = {
      version: 1,
      eventId: randomUUID().replaceAll('-', ''),
      campaignId,
      occurredAt: new Date().toISOString(),
      pledgeId: pledgeIds[0],
      organizationId: `org-1-${campaignId.slice('pipeline-'.length)}`,
      organizationName: 'Tổ chức thử',
      category: 'love-shelter',
      target: 1,
      delivered: 2,
      surplus: 1,
    };
    const entry = {
      EventBusName: 'pledge-tracker',
      Source: 'pledge-tracker',
      DetailType: 'Pledge Exceeded',
      Detail: JSON.stringify(detail),
    };
    const client = new EventBridgeClient({ endpoint: runtime.eventBridgeEndpoint, ...localAwsSettings });

    try {
      await client.send(new PutEventsCommand({ Entries: [entry, entry, entry] }));
      await runtime.settled();
    } finally {
      client.destroy();
    }

    expect(await feed(campaignId)).toHaveLength(1);
    expect(snsMessagesOf(campaignId)).toHaveLength(1);
  });

  it('keeps nothing in DATA_DIR but the signing key when in memory', () => {
    // The keys, and while it runs, where the identity provider listens (for `npm run users -- --local`).
    expect(readdirSync(dataDir).sort()).toEqual(['identity-provider.json', 'keys']);
    // Injected faults, and copies of an event that waited for the first to finish, are the only errors.
    expect(errors.filter((line) => !/injected|retry later/i.test(line))).toEqual([]);
  });
});

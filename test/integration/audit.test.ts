// The audit trail and beneficiary erasure against DynamoDB Local: one entry per change, in the change's own
// transaction, never with personal data; erasure keeps the handover and every count.
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, graceClock, handoverBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, admin, frontCommittee, handlerApi, organizationUser } from '../support/api';
import { freshTables, type TestTables } from '../support/dynamo';

let api: Api;
let tables: TestTables;

beforeAll(async () => {
  tables = await freshTables();
  api = handlerApi(tables.deps(graceClock()));
});

async function campaignWithPledge() {
  const campaign = campaignBody();
  const organization = organizationBody();
  expect((await api('CreateCampaign', { body: campaign, as: frontCommittee })).status).toBe(201);
  expect((await api('CreateOrganization', { body: organization, as: frontCommittee })).status).toBe(201);
  const pledge = await api('RegisterPledge', {
    pathParameters: { campaignId: campaign.id },
    body: { organizationId: organization.id, category: 'great-unity-house', target: 15 },
    as: organizationUser(organization.id),
  });
  expect(pledge.status).toBe(201);
  return { campaignId: campaign.id, organizationId: organization.id, pledgeId: pledge.body.id as string };
}

const record = (campaignId: string, body: unknown, key = unique('key')) =>
  api('RecordHandover', {
    pathParameters: { campaignId },
    body,
    headers: { 'idempotency-key': key },
    as: frontCommittee,
  });

async function auditOf(campaignId: string, as: typeof admin | typeof frontCommittee = admin) {
  const answer = await api('GetAudit', { pathParameters: { campaignId }, as });
  expect(answer.status).toBe(200);
  return answer.body.items as Record<string, unknown>[];
}

describe('the audit trail', () => {
  it('has one entry per change, newest first: who, when, what changed and why', async () => {
    const { campaignId, organizationId, pledgeId } = await campaignWithPledge();
    const recorded = await record(campaignId, handoverBody(organizationId));
    const handoverId = recorded.body.id as string;
    await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId },
      body: { target: 20, reason: 'Thêm kinh phí từ doanh nghiệp' },
      as: frontCommittee,
    });
    await api('VoidHandover', {
      pathParameters: { campaignId, handoverId },
      body: { reason: 'Ghi nhầm phường' },
      as: frontCommittee,
    });
    await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId },
      body: { status: 'withdrawn', reason: 'Đơn vị rút đăng ký' },
      as: organizationUser(organizationId),
    });

    const entries = await auditOf(campaignId);

    expect(entries.map((e) => e.action)).toEqual([
      'pledge.withdrawn',
      'handover.voided',
      'pledge.revised',
      'handover.recorded',
      'pledge.registered',
      'campaign.created',
    ]);
    const [withdrawn, voided, revised, handover, registered] = entries;
    expect(revised).toMatchObject({
      campaignId,
      subject: { type: 'pledge', id: pledgeId },
      actor: { sub: 'user-front-committee-staff', roles: ['front-committee'] },
      changes: [{ field: 'target', from: 15, to: 20 }],
      reason: 'Thêm kinh phí từ doanh nghiệp',
    });
    expect(withdrawn).toMatchObject({
      actor: { roles: ['organization'], organizationId },
      changes: [{ field: 'status', from: 'active', to: 'withdrawn' }],
      reason: 'Đơn vị rút đăng ký',
    });
    expect(voided).toMatchObject({
      subject: { type: 'handover', id: handoverId },
      reason: 'Ghi nhầm phường',
    });
    expect(handover?.changes).toContainEqual({ field: 'beneficiary', to: 'recorded' });
    expect(registered).toMatchObject({ changes: expect.arrayContaining([{ field: 'target', to: 15 }]) });
    for (const entry of entries) expect(Date.parse(String(entry.at))).not.toBeNaN();
  });

  it('is readable by admins and the front committee only', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();

    expect((await api('GetAudit', { pathParameters: { campaignId }, as: frontCommittee })).status).toBe(200);
    const organization = await api('GetAudit', {
      pathParameters: { campaignId },
      as: organizationUser(organizationId),
    });
    const leader = await api('GetAudit', { pathParameters: { campaignId }, as: { role: 'leadership' } });
    const unknown = await api('GetAudit', { pathParameters: { campaignId: 'no-such-campaign' }, as: admin });

    expect([organization.status, leader.status, unknown.status]).toEqual([403, 403, 404]);
  });

  it('writes no entry for a change that was refused or a replay that changed nothing', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();
    const body = handoverBody(organizationId);
    await record(campaignId, body, 'audit-replay-0001');
    const before = await auditOf(campaignId);

    const replay = await record(campaignId, body, 'audit-replay-0001');
    const duplicate = await api('RegisterPledge', {
      pathParameters: { campaignId },
      body: { organizationId, category: 'great-unity-house', target: 3 },
      as: frontCommittee,
    });
    const badWard = await record(campaignId, { ...body, ward: 'Phường Không Có' });

    expect([replay.status, duplicate.status, badWard.status]).toEqual([201, 409, 400]);
    expect(await auditOf(campaignId)).toEqual(before);
  });

  it('keeps one entry per revision when two revisions race, and refuses the one that read a stale target', async () => {
    const { campaignId, pledgeId } = await campaignWithPledge();

    const answers = await Promise.all(
      [16, 17, 18, 19].map((target) =>
        api('RevisePledge', {
          pathParameters: { campaignId, pledgeId },
          body: { target, reason: `Điều chỉnh lên ${target}` },
          as: frontCommittee,
        }),
      ),
    );

    const succeeded = answers.filter((a) => a.status === 200);
    expect(succeeded.length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const revisions = (await auditOf(campaignId)).filter((e) => e.action === 'pledge.revised');
    expect(revisions).toHaveLength(succeeded.length);
    // Each entry's "from" is what the pledge really was: the entries chain from 15 to the final target.
    const chain = revisions
      .reverse()
      .map((e) => (e.changes as { from: number; to: number }[])[0] as { from: number; to: number });
    expect(chain[0]?.from).toBe(15);
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.from).toBe(chain[i - 1]?.to);
    const pledges = await api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee });
    expect(pledges.body.items[0].target).toBe(chain[chain.length - 1]?.to);
  });

  it('is paginated with a cursor', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();
    for (let n = 0; n < 101; n++) {
      expect(
        (await record(campaignId, handoverBody(organizationId, { beneficiary: undefined }))).status,
      ).toBe(201);
    }

    const first = await api('GetAudit', { pathParameters: { campaignId }, as: admin });
    const second = await api('GetAudit', {
      pathParameters: { campaignId },
      query: { cursor: first.body.nextCursor },
      as: admin,
    });

    expect(first.body.items).toHaveLength(100);
    expect(second.body.items).toHaveLength(3);
    expect(second.body.nextCursor).toBeUndefined();
    const ids = new Set([...first.body.items, ...second.body.items].map((e: { id: string }) => e.id));
    expect(ids.size).toBe(103);
  });
});

describe('erasing a beneficiary', () => {
  it('removes name, address and the request fingerprint; the handover, every count and the trail stay', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();
    const beneficiary = { name: 'Trần Văn Bình', address: 'Số 7, tổ 12, phường Gia Thụy' };
    const recorded = await record(campaignId, handoverBody(organizationId, { beneficiary }));
    const handoverId = recorded.body.id as string;
    const progressBefore = (await api('GetProgress', { pathParameters: { campaignId } })).body;

    const erased = await api('EraseBeneficiary', {
      pathParameters: { campaignId, handoverId },
      as: frontCommittee,
    });

    expect(erased.status).toBe(204);
    const listed = await api('ListHandovers', { pathParameters: { campaignId }, as: frontCommittee });
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: handoverId,
        status: 'recorded',
        beneficiaryErasedAt: expect.any(String),
      }),
    ]);
    expect(listed.body.items[0]).not.toHaveProperty('beneficiary');
    const progressAfter = (await api('GetProgress', { pathParameters: { campaignId } })).body;
    expect({ ...progressAfter, asOf: '' }).toEqual({ ...progressBefore, asOf: '' });
    const { Item } = await tables.documentClient.send(
      new GetCommand({
        TableName: tables.handoversTableName,
        Key: { pk: `CAMPAIGN#${campaignId}`, sk: `HANDOVER#${handoverId}` },
      }),
    );
    expect(Item).not.toHaveProperty('beneficiary');
    expect(Item).not.toHaveProperty('requestFingerprint');
    const trail = await auditOf(campaignId);
    expect(trail[0]).toMatchObject({
      action: 'beneficiary.erased',
      subject: { type: 'handover', id: handoverId },
      changes: [{ field: 'beneficiary', from: 'recorded', to: 'erased' }],
    });
    // Nothing anywhere still holds the name: not the handovers table, not the trail.
    for (const tableName of [tables.handoversTableName, tables.auditTableName, tables.ledgerTableName]) {
      const stored = JSON.stringify(await everyItem(tableName));
      expect(stored).not.toContain(beneficiary.name);
      expect(stored).not.toContain(beneficiary.address);
    }
  });

  it('is idempotent: erasing again, or a handover without a beneficiary, answers 204 and adds no entry', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();
    const withOne = (await record(campaignId, handoverBody(organizationId))).body.id as string;
    const withNone = (await record(campaignId, handoverBody(organizationId, { beneficiary: undefined }))).body
      .id as string;
    const erase = (handoverId: string) =>
      api('EraseBeneficiary', { pathParameters: { campaignId, handoverId }, as: admin });

    const answers = await Promise.all([erase(withOne), erase(withOne), erase(withOne), erase(withNone)]);

    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204]);
    const erasures = (await auditOf(campaignId)).filter((e) => e.action === 'beneficiary.erased');
    expect(erasures).toHaveLength(1);
  });

  it('answers 404 for an unknown handover and refuses a replay of the erased handover key', async () => {
    const { campaignId, organizationId } = await campaignWithPledge();
    const body = handoverBody(organizationId);
    const handoverId = (await record(campaignId, body, 'erase-replay-0001')).body.id as string;
    await api('EraseBeneficiary', { pathParameters: { campaignId, handoverId }, as: frontCommittee });

    const unknown = await api('EraseBeneficiary', {
      pathParameters: { campaignId, handoverId: 'f'.repeat(32) },
      as: frontCommittee,
    });
    const replay = await record(campaignId, body, 'erase-replay-0001');

    expect(unknown.status).toBe(404);
    // The fingerprint went with the name, so the key can no longer prove a body is the same one.
    expect(replay.status).toBe(422);
    expect(replay.body.error.code).toBe('idempotency_key_reused');
    const progress = (await api('GetProgress', { pathParameters: { campaignId } })).body;
    expect(progress.totals[0].delivered).toBe(1);
  });
});

/** The test's tables are its own, so scanning them is small. */
async function everyItem(tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await tables.documentClient.send(
      new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

// Recording and voiding handovers against DynamoDB Local: the transaction, replays, concurrency, counters.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, handoverBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;

beforeAll(async () => {
  const tables = await freshTables();
  api = handlerApi(tables.deps());
});

async function campaignWithPledge(target: number) {
  const campaign = campaignBody();
  const organization = organizationBody();
  expect((await api('CreateCampaign', { body: campaign, as: frontCommittee })).status).toBe(201);
  expect((await api('CreateOrganization', { body: organization, as: frontCommittee })).status).toBe(201);
  const pledge = await api('RegisterPledge', {
    pathParameters: { campaignId: campaign.id },
    body: { organizationId: organization.id, category: 'great-unity-house', target },
    as: frontCommittee,
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

const progressOf = async (campaignId: string) =>
  (await api('GetProgress', { pathParameters: { campaignId } })).body;

describe('recording a handover', () => {
  it('credits the active pledge, the category total and the ward total in one go', async () => {
    const { campaignId, organizationId, pledgeId } = await campaignWithPledge(2);

    const answer = await record(campaignId, handoverBody(organizationId));

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      campaignId,
      organizationId,
      pledgeId,
      status: 'recorded',
      ward: 'Bồ Đề',
    });
    const progress = await progressOf(campaignId);
    expect(progress.pledges).toEqual([
      expect.objectContaining({
        id: pledgeId,
        target: 2,
        delivered: 1,
        verified: 0,
        remaining: 1,
        percent: 50,
        status: 'overdue',
      }),
    ]);
    expect(progress.totals[0]).toEqual({
      category: 'great-unity-house',
      pledged: 2,
      delivered: 1,
      verified: 0,
      remaining: 1,
      surplus: 0,
      percent: 50,
    });
    expect(progress.wards).toEqual([
      { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 1, verified: 0 },
    ]);
  });

  it('returns the first result for a replay with the same key and body, and counts it once', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(5);
    const body = handoverBody(organizationId);

    const first = await record(campaignId, body, 'replay-key-0001');
    const replay = await record(campaignId, { ...body }, 'replay-key-0001');

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((await progressOf(campaignId)).totals[0].delivered).toBe(1);
  });

  it('refuses the same key with a different body with 422 and records nothing new', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(5);
    await record(campaignId, handoverBody(organizationId), 'reused-key-0001');

    const answer = await record(
      campaignId,
      handoverBody(organizationId, { ward: 'Gia Thụy' }),
      'reused-key-0001',
    );

    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('idempotency_key_reused');
    const progress = await progressOf(campaignId);
    expect(progress.totals[0].delivered).toBe(1);
    expect(progress.wards).toEqual([
      { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 1, verified: 0 },
    ]);
  });

  it('counts 50 concurrent handovers on one pledge exactly', async () => {
    const { campaignId, organizationId, pledgeId } = await campaignWithPledge(15);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        record(campaignId, handoverBody(organizationId, { ward: ['Bồ Đề', 'Cự Khối'][i % 2] })),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(201));
    const progress = await progressOf(campaignId);
    expect(progress.pledges).toEqual([
      expect.objectContaining({ id: pledgeId, delivered: 50, surplus: 35, status: 'exceeded' }),
    ]);
    expect(progress.totals[0]).toMatchObject({ pledged: 15, delivered: 50, surplus: 35 });
    expect(progress.wards).toEqual([
      { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 25, verified: 0 },
      { ward: 'Cự Khối', category: 'great-unity-house', delivered: 25, verified: 0 },
    ]);
  });

  it('counts a handover without a pledge in the category and ward totals only', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);

    const answer = await record(campaignId, handoverBody(organizationId, { category: 'love-shelter' }));

    expect(answer.status).toBe(201);
    expect(answer.body.pledgeId).toBeUndefined();
    const progress = await progressOf(campaignId);
    expect(progress.totals.find((t: { category: string }) => t.category === 'love-shelter')).toEqual({
      category: 'love-shelter',
      pledged: 0,
      delivered: 1,
      verified: 0,
      remaining: 0,
      surplus: 1,
      percent: null,
    });
    expect(progress.pledges[0].delivered).toBe(0);
  });

  it('stops crediting a withdrawn pledge', async () => {
    const { campaignId, organizationId, pledgeId } = await campaignWithPledge(3);
    await record(campaignId, handoverBody(organizationId));
    const withdrawal = await api('RevisePledge', {
      pathParameters: { campaignId, pledgeId },
      body: { status: 'withdrawn', reason: 'Đơn vị chuyển sang hạng mục khác' },
      as: frontCommittee,
    });
    expect(withdrawal.status).toBe(200);

    const answer = await record(campaignId, handoverBody(organizationId));

    expect(answer.body.pledgeId).toBeUndefined();
    const progress = await progressOf(campaignId);
    // Public progress lists the pledges that count; the withdrawn one, with what it had, is for signed-in users.
    expect(progress.pledges).toEqual([]);
    expect(progress.totals[0]).toMatchObject({ pledged: 0, delivered: 2 });
    const pledges = await api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee });
    expect(pledges.body.items).toEqual([
      expect.objectContaining({ id: pledgeId, delivered: 1, status: 'withdrawn' }),
    ]);
  });
});

describe('voiding a handover', () => {
  it('takes it out of every count, once, however often it is voided', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(2);
    const kept = await record(campaignId, handoverBody(organizationId));
    const wrong = await record(campaignId, handoverBody(organizationId, { ward: 'Gia Thụy' }));
    expect(kept.status).toBe(201);

    const voids = await Promise.all(
      [1, 2, 3].map(() =>
        api('VoidHandover', {
          pathParameters: { campaignId, handoverId: wrong.body.id },
          body: { reason: 'Ghi nhầm phường' },
          as: frontCommittee,
        }),
      ),
    );

    expect(voids.map((v) => v.status)).toEqual([200, 200, 200]);
    expect(voids[0]?.body).toMatchObject({
      id: wrong.body.id,
      status: 'voided',
      voidReason: 'Ghi nhầm phường',
    });
    const progress = await progressOf(campaignId);
    expect(progress.pledges[0]).toMatchObject({ delivered: 1, remaining: 1 });
    expect(progress.totals[0]).toMatchObject({ delivered: 1 });
    expect(progress.wards).toEqual([
      { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 1, verified: 0 },
    ]);
  });

  it('answers 404 for a handover that does not exist', async () => {
    const { campaignId } = await campaignWithPledge(1);

    const answer = await api('VoidHandover', {
      pathParameters: { campaignId, handoverId: '0123456789abcdef0123456789abcdef' },
      body: { reason: 'không có' },
      as: frontCommittee,
    });

    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });
});

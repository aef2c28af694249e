// Verification (four eyes) and closing a campaign against DynamoDB Local: counters exact, races lost cleanly.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, handoverBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, admin, handlerApi } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;

beforeAll(async () => {
  const tables = await freshTables();
  api = handlerApi(tables.deps());
});

// Two members of the front committee: four eyes compares their user ids (the token's sub).
type Member = { role: 'front-committee'; sub: string };
const recorder: Member = { role: 'front-committee', sub: 'sub-recorder-0001' };
const checker: Member = { role: 'front-committee', sub: 'sub-checker-0002' };

async function campaignWithPledge(target: number) {
  const campaign = campaignBody();
  const organization = organizationBody();
  expect((await api('CreateCampaign', { body: campaign, as: recorder })).status).toBe(201);
  expect((await api('CreateOrganization', { body: organization, as: recorder })).status).toBe(201);
  const pledge = await api('RegisterPledge', {
    pathParameters: { campaignId: campaign.id },
    body: { organizationId: organization.id, category: 'great-unity-house', target },
    as: recorder,
  });
  expect(pledge.status).toBe(201);
  return { campaignId: campaign.id, organizationId: organization.id, pledgeId: pledge.body.id as string };
}

async function recordOne(campaignId: string, organizationId: string, ward = 'Bồ Đề') {
  const answer = await api('RecordHandover', {
    pathParameters: { campaignId },
    // A household of its own each: the same one twice would be refused as a likely duplicate (#15).
    body: handoverBody(organizationId, { ward }),
    headers: { 'idempotency-key': unique('key') },
    as: recorder,
  });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

const on = (campaignId: string, handoverId: string) => ({ pathParameters: { campaignId, handoverId } });
const verify = (campaignId: string, handoverId: string, as: Member = checker) =>
  api('VerifyHandover', { ...on(campaignId, handoverId), as });
const unverify = (campaignId: string, handoverId: string, reason = 'Biên bản thiếu chữ ký') =>
  api('UnverifyHandover', { ...on(campaignId, handoverId), body: { reason }, as: checker });
const voidIt = (campaignId: string, handoverId: string) =>
  api('VoidHandover', { ...on(campaignId, handoverId), body: { reason: 'Ghi nhầm' }, as: checker });

/** What progress shows of the one category and ward these tests use: delivered and verified, side by side. */
async function counts(campaignId: string) {
  const progress = (await api('GetProgress', { pathParameters: { campaignId } })).body;
  const total = progress.totals.find((t: { category: string }) => t.category === 'great-unity-house');
  return {
    total: [total.delivered, total.verified],
    pledge: progress.pledges.map((p: { delivered: number; verified: number }) => [p.delivered, p.verified]),
    wards: progress.wards.map((w: { ward: string; delivered: number; verified: number }) => [
      w.ward,
      w.delivered,
      w.verified,
    ]),
  };
}

describe('verifying a handover', () => {
  it('counts it verified beside recorded once a second member verifies it, and audits who did it', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);
    const handoverId = await recordOne(campaignId, organizationId);
    await recordOne(campaignId, organizationId);

    const answer = await verify(campaignId, handoverId);

    expect([answer.status, answer.body.verification, answer.body.verifiedAt]).toEqual([
      200,
      'verified',
      expect.any(String),
    ]);
    expect(await counts(campaignId)).toEqual({ total: [2, 1], pledge: [[2, 1]], wards: [['Bồ Đề', 2, 1]] });
    const trail = (await api('GetAudit', { pathParameters: { campaignId }, as: admin })).body.items;
    expect(trail[0]).toMatchObject({
      action: 'handover.verified',
      actor: { sub: checker.sub },
      subject: { type: 'handover', id: handoverId },
      changes: [{ field: 'verification', from: 'unverified', to: 'verified' }],
    });
  });

  it("refuses the recorder's own verification with 403 four_eyes, and counts nothing", async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);
    const handoverId = await recordOne(campaignId, organizationId);

    const answer = await verify(campaignId, handoverId, recorder);

    expect([answer.status, answer.body.error.code]).toEqual([403, 'four_eyes']);
    expect(await counts(campaignId)).toEqual({ total: [1, 0], pledge: [[1, 0]], wards: [['Bồ Đề', 1, 0]] });
  });

  it('counts ten concurrent verifications of one handover once (the rest answer it as verified)', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);
    const handoverId = await recordOne(campaignId, organizationId);

    const answers = await Promise.all(Array.from({ length: 10 }, () => verify(campaignId, handoverId)));

    expect(answers.map((a) => [a.status, a.body.verification])).toEqual(
      Array.from({ length: 10 }, () => [200, 'verified']),
    );
    expect(await counts(campaignId)).toEqual({ total: [1, 1], pledge: [[1, 1]], wards: [['Bồ Đề', 1, 1]] });
    const trail = (await api('GetAudit', { pathParameters: { campaignId }, as: admin })).body.items;
    expect(trail.filter((e: { action: string }) => e.action === 'handover.verified')).toHaveLength(1);
  });

  it('keeps verified exact when verified handovers are voided, erased and unverified, concurrently', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(10);
    const ids = await Promise.all(
      Array.from({ length: 6 }, (_, i) => recordOne(campaignId, organizationId, i % 2 ? 'Cự Khối' : 'Bồ Đề')),
    );
    // Verifications racing voids of the same handovers: whichever commits first, the void takes out of
    // the verified counters exactly what is verified when it commits.
    await Promise.all(ids.slice(0, 4).flatMap((id) => [verify(campaignId, id), voidIt(campaignId, id)]));
    await Promise.all(ids.slice(4).map((id) => verify(campaignId, id)));
    const erased = await api('EraseBeneficiary', { ...on(campaignId, ids[4] as string), as: checker });
    const unverified = await unverify(campaignId, ids[5] as string);

    expect([erased.status, unverified.status, unverified.body.verification]).toEqual([
      204,
      200,
      'unverified',
    ]);
    // Left: ids[4] (Bồ Đề) recorded and verified, its beneficiary erased; ids[5] (Cự Khối) recorded only.
    expect(await counts(campaignId)).toEqual({
      total: [2, 1],
      pledge: [[2, 1]],
      wards: [
        ['Bồ Đề', 1, 1],
        ['Cự Khối', 1, 0],
      ],
    });
  });

  it('refuses to verify or unverify a voided handover with 409 handover_voided', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);
    const handoverId = await recordOne(campaignId, organizationId);
    expect((await voidIt(campaignId, handoverId)).status).toBe(200);

    const answers = [await verify(campaignId, handoverId), await unverify(campaignId, handoverId)];

    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [409, 'handover_voided'],
      [409, 'handover_voided'],
    ]);
    expect(await counts(campaignId)).toEqual({ total: [0, 0], pledge: [[0, 0]], wards: [] });
  });

  it('refuses to unverify without a reason, and leaves the verification as it was', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(3);
    const handoverId = await recordOne(campaignId, organizationId);
    expect((await verify(campaignId, handoverId)).status).toBe(200);

    const answers = [
      await api('UnverifyHandover', { ...on(campaignId, handoverId), body: {}, as: checker }),
      await unverify(campaignId, handoverId, '   '),
    ];

    expect(answers.map((a) => [a.status, a.body.error.code, a.body.error.details[0].path])).toEqual([
      [400, 'validation_failed', 'reason'],
      [400, 'validation_failed', 'reason'],
    ]);
    expect(await counts(campaignId)).toEqual({ total: [1, 1], pledge: [[1, 1]], wards: [['Bồ Đề', 1, 1]] });
  });
});

describe('closing a campaign', () => {
  it('freezes it: every later write answers 409 campaign_closed and the figures stay; erasure still works', async () => {
    const { campaignId, organizationId, pledgeId } = await campaignWithPledge(3);
    const verified = await recordOne(campaignId, organizationId);
    const recorded = await recordOne(campaignId, organizationId);
    expect((await verify(campaignId, verified)).status).toBe(200);
    const before = await counts(campaignId);

    const closed = await api('CloseCampaign', { pathParameters: { campaignId }, as: admin });
    const writes = {
      register: await api('RegisterPledge', {
        pathParameters: { campaignId },
        body: { organizationId, category: 'love-shelter', target: 1 },
        as: recorder,
      }),
      revise: await api('RevisePledge', {
        pathParameters: { campaignId, pledgeId },
        body: { target: 5, reason: 'Tăng chỉ tiêu' },
        as: recorder,
      }),
      withdraw: await api('RevisePledge', {
        pathParameters: { campaignId, pledgeId },
        body: { status: 'withdrawn', reason: 'Rút' },
        as: recorder,
      }),
      record: await api('RecordHandover', {
        pathParameters: { campaignId },
        body: handoverBody(organizationId),
        headers: { 'idempotency-key': unique('key') },
        as: recorder,
      }),
      void: await voidIt(campaignId, recorded),
      verify: await verify(campaignId, recorded),
      unverify: await unverify(campaignId, verified),
    };
    const erase = await api('EraseBeneficiary', { ...on(campaignId, recorded), as: checker });
    const again = await api('CloseCampaign', { pathParameters: { campaignId }, as: admin });

    expect([closed.status, closed.body.closedAt]).toEqual([200, expect.any(String)]);
    expect(
      Object.fromEntries(Object.entries(writes).map(([k, a]) => [k, [a.status, a.body.error?.code]])),
    ).toEqual(Object.fromEntries(Object.keys(writes).map((k) => [k, [409, 'campaign_closed']])));
    expect(erase.status).toBe(204);
    expect([again.status, again.body.closedAt]).toEqual([200, closed.body.closedAt]);
    expect(await counts(campaignId)).toEqual(before);
    const trail = (await api('GetAudit', { pathParameters: { campaignId }, as: admin })).body.items;
    expect(trail.filter((e: { action: string }) => e.action === 'campaign.closed')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ roles: ['admin'] }) }),
    ]);
  });

  it('lets no write slip in while it closes: each racing write either counts before the close or gets 409', async () => {
    const { campaignId, organizationId } = await campaignWithPledge(50);
    const recorded = await Promise.all(
      Array.from({ length: 10 }, () => recordOne(campaignId, organizationId)),
    );

    // Twenty handovers, ten verifications and the close, all at once.
    const [closed, ...writes] = await Promise.all([
      api('CloseCampaign', { pathParameters: { campaignId }, as: admin }),
      ...Array.from({ length: 20 }, () =>
        api('RecordHandover', {
          pathParameters: { campaignId },
          body: handoverBody(organizationId),
          headers: { 'idempotency-key': unique('key') },
          as: recorder,
        }),
      ),
      ...recorded.map((id) => verify(campaignId, id)),
    ]);
    const frozen = await counts(campaignId);
    const late = await api('RecordHandover', {
      pathParameters: { campaignId },
      body: handoverBody(organizationId),
      headers: { 'idempotency-key': unique('key') },
      as: recorder,
    });

    expect(closed?.status).toBe(200);
    const outcomes = writes.map((w) => (w.status === 409 ? w.body.error.code : w.status));
    expect(outcomes.filter((o) => o !== 201 && o !== 200 && o !== 'campaign_closed')).toEqual([]);
    const recordedInTime = writes.slice(0, 20).filter((w) => w.status === 201).length;
    const verifiedInTime = writes.slice(20).filter((w) => w.status === 200).length;
    expect(frozen.total).toEqual([10 + recordedInTime, verifiedInTime]);
    expect([late.status, late.body.error.code]).toEqual([409, 'campaign_closed']);
    expect(await counts(campaignId)).toEqual(frozen);
  });
});

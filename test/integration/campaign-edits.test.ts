// Editing a campaign and renaming an organization against DynamoDB Local: audited, and refused with 409 when a
// handover that still counts would be left in a removed ward or outside the new dates.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, graceClock, handoverBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, admin, frontCommittee, handlerApi } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;

beforeAll(async () => {
  api = handlerApi((await freshTables()).deps(graceClock()));
});

/** A 2018 campaign with one handover in Bồ Đề on 19 May. */
async function campaignWithHandover() {
  const campaign = campaignBody();
  const organization = organizationBody();
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  await api('CreateOrganization', { body: organization, as: frontCommittee });
  const recorded = await api('RecordHandover', {
    pathParameters: { campaignId: campaign.id },
    body: handoverBody(organization.id),
    headers: { 'idempotency-key': unique('key') },
    as: frontCommittee,
  });
  expect(recorded.status).toBe(201);
  return { campaign, handoverId: recorded.body.id as string };
}

const edit = (campaignId: string, body: unknown) =>
  api('UpdateCampaign', { pathParameters: { campaignId }, body, as: frontCommittee });
const read = async (campaignId: string) =>
  (await api('GetCampaign', { pathParameters: { campaignId } })).body;
const auditOf = async (campaignId: string) =>
  (await api('GetAudit', { pathParameters: { campaignId }, as: admin })).body.items as Record<
    string,
    unknown
  >[];

describe('editing a campaign', () => {
  it('changes name, dates and wards, lists the new name, and audits exactly what changed', async () => {
    const { campaign } = await campaignWithHandover();

    const answer = await edit(campaign.id, {
      name: 'Mái ấm 2018 (điều chỉnh)',
      endsOn: '2019-01-31',
      wards: [...campaign.wards, 'Phường mới'],
      reason: 'Quyết định gia hạn',
    });

    expect(answer.status).toBe(200);
    expect(await read(campaign.id)).toEqual({
      ...campaign,
      name: 'Mái ấm 2018 (điều chỉnh)',
      endsOn: '2019-01-31',
      wards: [...campaign.wards, 'Phường mới'],
      createdAt: expect.any(String),
    });
    const listed = (await api('ListCampaigns', {})).body.items as { id: string; name: string }[];
    expect(listed.find((c) => c.id === campaign.id)?.name).toBe('Mái ấm 2018 (điều chỉnh)');
    expect((await auditOf(campaign.id))[0]).toMatchObject({
      action: 'campaign.updated',
      subject: { type: 'campaign', id: campaign.id },
      changes: [
        { field: 'name', from: campaign.name, to: 'Mái ấm 2018 (điều chỉnh)' },
        { field: 'endsOn', from: '2018-12-31', to: '2019-01-31' },
        { field: 'wards', from: campaign.wards, to: [...campaign.wards, 'Phường mới'] },
      ],
      reason: 'Quyết định gia hạn',
    });
  });

  it.each([
    [
      'removes the ward of a recorded handover',
      { wards: ['Gia Thụy'] },
      /ward Bồ Đề has 1 recorded handover/,
    ],
    [
      'starts after a recorded handover',
      { startsOn: '2018-06-01' },
      /recorded on 2018-05-19, before the new start/,
    ],
    [
      'ends before a recorded handover',
      { endsOn: '2018-05-01' },
      /recorded on 2018-05-19, after the new end/,
    ],
  ])('refuses with 409 an edit that %s, and changes nothing', async (_, body, message) => {
    const { campaign } = await campaignWithHandover();
    const trail = await auditOf(campaign.id);

    const answer = await edit(campaign.id, body);

    expect(answer.status).toBe(409);
    expect(answer.body.error.message).toMatch(message);
    expect(await read(campaign.id)).toEqual({ ...campaign, createdAt: expect.any(String) });
    expect(await auditOf(campaign.id)).toEqual(trail);
  });

  it('allows removing the ward and the dates of a handover once it is voided', async () => {
    const { campaign, handoverId } = await campaignWithHandover();
    await api('VoidHandover', {
      pathParameters: { campaignId: campaign.id, handoverId },
      body: { reason: 'Ghi nhầm' },
      as: frontCommittee,
    });

    const answer = await edit(campaign.id, { wards: ['Gia Thụy'], startsOn: '2018-06-01' });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ wards: ['Gia Thụy'], startsOn: '2018-06-01' });
  });

  it('refuses an end before the start, an empty edit and an unknown campaign', async () => {
    const { campaign } = await campaignWithHandover();

    expect((await edit(campaign.id, { endsOn: '2017-12-31' })).status).toBe(400);
    expect((await edit(campaign.id, { reason: 'không đổi gì' })).status).toBe(400);
    expect((await edit(unique('campaign'), { name: 'Không có' })).status).toBe(404);
  });
});

describe('renaming an organization', () => {
  it('renames it for the lists while its pledges keep the name they were registered under', async () => {
    const campaign = campaignBody();
    const organization = organizationBody();
    await api('CreateCampaign', { body: campaign, as: frontCommittee });
    await api('CreateOrganization', { body: organization, as: frontCommittee });
    await api('RegisterPledge', {
      pathParameters: { campaignId: campaign.id },
      body: { organizationId: organization.id, category: 'love-shelter', target: 2 },
      as: frontCommittee,
    });

    const answer = await api('RenameOrganization', {
      pathParameters: { organizationId: organization.id },
      body: { name: 'Hội LHPN quận Long Biên' },
      as: admin,
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ...organization,
      name: 'Hội LHPN quận Long Biên',
      createdAt: expect.any(String),
    });
    const pledges = (await api('ListPledges', { pathParameters: { campaignId: campaign.id }, as: admin }))
      .body.items as { organizationName: string }[];
    expect(pledges.map((p) => p.organizationName)).toEqual([organization.name]);
    expect(
      (
        await api('RenameOrganization', {
          pathParameters: { organizationId: unique('org') },
          body: { name: 'Không có' },
          as: admin,
        })
      ).status,
    ).toBe(404);
  });
});

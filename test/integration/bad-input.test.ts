// Bad input of every kind gets its documented 4xx naming the field, and a read-back shows nothing changed.
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, handoverBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi } from '../support/api';
import { freshTables } from '../support/dynamo';

let api: Api;
let campaignId: string;
let openCampaignId: string;
let organizationId: string;

beforeAll(async () => {
  api = handlerApi((await freshTables()).deps());
  const campaign = campaignBody();
  const open = campaignBody({ startsOn: '2024-01-01', endsOn: '2099-12-31' });
  const organization = organizationBody();
  campaignId = campaign.id;
  openCampaignId = open.id;
  organizationId = organization.id;
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  await api('CreateCampaign', { body: open, as: frontCommittee });
  await api('CreateOrganization', { body: organization, as: frontCommittee });
});

interface Case {
  name: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  campaign?: () => string;
  status: number;
  code: string;
  path?: string;
}

const pledge = (overrides: Record<string, unknown>) => ({
  organizationId: 'placeholder',
  category: 'great-unity-house',
  target: 15,
  ...overrides,
});

const pledgeCases: Case[] = [
  { name: 'malformed JSON', rawBody: '{"organizationId":', status: 400, code: 'malformed_json' },
  {
    name: 'a text/plain body',
    rawBody: 'target=15',
    headers: { 'content-type': 'text/plain' },
    status: 415,
    code: 'unsupported_media_type',
  },
  { name: 'a target of 0', body: { target: 0 }, status: 400, code: 'validation_failed', path: 'target' },
  { name: 'a target of -1', body: { target: -1 }, status: 400, code: 'validation_failed', path: 'target' },
  { name: 'a target of 1.5', body: { target: 1.5 }, status: 400, code: 'validation_failed', path: 'target' },
  {
    name: 'a target of "15"',
    body: { target: '15' },
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  { name: 'a target of 1e9', body: { target: 1e9 }, status: 400, code: 'validation_failed', path: 'target' },
  {
    name: 'an unknown category',
    body: { category: 'castle' },
    status: 400,
    code: 'validation_failed',
    path: 'category',
  },
  {
    name: 'an unknown organization',
    body: { organizationId: 'no-such-org' },
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'an unknown field',
    body: { colour: 'red' },
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'an unknown campaign',
    body: {},
    campaign: () => 'no-such-campaign',
    status: 404,
    code: 'not_found',
  },
];

const handover = (overrides: Record<string, unknown>) => handoverBody('placeholder', overrides);

const handoverCases: Case[] = [
  { name: 'malformed JSON', rawBody: '[1,', status: 400, code: 'malformed_json' },
  {
    name: 'no Idempotency-Key',
    body: {},
    headers: { 'idempotency-key': '' },
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'an unknown ward',
    body: { ward: 'Hoàn Kiếm' },
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a date that is not a date',
    body: { handedOverOn: '2018-02-30' },
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date written otherwise',
    body: { handedOverOn: '19/05/2018' },
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date outside the campaign',
    body: { handedOverOn: '2019-01-01' },
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date in the future',
    body: { handedOverOn: '2099-01-01' },
    campaign: () => openCampaignId,
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'an unknown organization',
    body: { organizationId: 'no-such-org' },
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'an unknown category',
    body: { category: 'castle' },
    status: 400,
    code: 'validation_failed',
    path: 'category',
  },
  {
    name: 'a control character in a name',
    body: { beneficiary: { name: 'Nguyễn\u0007A' } },
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a __proto__ key',
    rawBody: '{"__proto__":{"admin":true}}',
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a body over 64 KB',
    body: { note: 'x'.repeat(70_000) },
    status: 413,
    code: 'payload_too_large',
  },
];

async function readBack() {
  const [progress, open, pledges, handovers] = await Promise.all([
    api('GetProgress', { pathParameters: { campaignId } }),
    api('GetProgress', { pathParameters: { campaignId: openCampaignId } }),
    api('ListPledges', { pathParameters: { campaignId }, as: frontCommittee }),
    api('ListHandovers', { pathParameters: { campaignId }, as: frontCommittee }),
  ]);
  return {
    totals: [progress.body.totals, open.body.totals],
    wards: [progress.body.wards, open.body.wards],
    pledges: pledges.body.items,
    handovers: handovers.body.items,
  };
}

describe('bad input', () => {
  it.each(pledgeCases)('registering a pledge with $name answers $status $code', async (c) => {
    const before = await readBack();

    const answer = await api('RegisterPledge', {
      pathParameters: { campaignId: c.campaign?.() ?? campaignId },
      ...(c.rawBody !== undefined
        ? { rawBody: c.rawBody }
        : { body: pledge({ organizationId, ...(c.body as object) }) }),
      headers: { 'content-type': 'application/json', ...c.headers },
      as: frontCommittee,
    });

    expect(answer.status).toBe(c.status);
    expect(answer.body.error.code).toBe(c.code);
    expect(answer.body.error.message).toEqual(expect.any(String));
    if (c.path)
      expect(answer.body.error.details).toContainEqual({ path: c.path, message: expect.any(String) });
    expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
    expect(await readBack()).toEqual(before);
  });

  it.each(handoverCases)('recording a handover with $name answers $status $code', async (c) => {
    const before = await readBack();

    const answer = await api('RecordHandover', {
      pathParameters: { campaignId: c.campaign?.() ?? campaignId },
      ...(c.rawBody !== undefined
        ? { rawBody: c.rawBody }
        : { body: handover({ organizationId, ...(c.body as object) }) }),
      headers: { 'content-type': 'application/json', 'idempotency-key': unique('bad-input'), ...c.headers },
      as: frontCommittee,
    });

    expect(answer.status).toBe(c.status);
    expect(answer.body.error.code).toBe(c.code);
    if (c.path)
      expect(answer.body.error.details).toContainEqual({ path: c.path, message: expect.any(String) });
    expect(await readBack()).toEqual(before);
  });

  it('stores decomposed Vietnamese as NFC and matches it against NFC wards', async () => {
    const decomposedName = 'Hội Cựu chiến binh phường Đức Giang'.normalize('NFD');
    const organization = organizationBody({ name: decomposedName, kind: 'veterans-association' });

    const created = await api('CreateOrganization', { body: organization, as: frontCommittee });
    const recorded = await api('RecordHandover', {
      pathParameters: { campaignId },
      body: handoverBody(organization.id, { ward: 'Đức Giang'.normalize('NFD') }),
      headers: { 'idempotency-key': unique('nfc') },
      as: frontCommittee,
    });

    expect(decomposedName).not.toBe(decomposedName.normalize('NFC'));
    expect(created.body.name).toBe('Hội Cựu chiến binh phường Đức Giang'.normalize('NFC'));
    expect(recorded.status).toBe(201);
    expect(recorded.body.ward).toBe('Đức Giang'.normalize('NFC'));
    const organizations = await api('ListOrganizations', { as: frontCommittee });
    expect(organizations.body.items.find((o: { id: string }) => o.id === organization.id).name).toBe(
      'Hội Cựu chiến binh phường Đức Giang'.normalize('NFC'),
    );
  });
});

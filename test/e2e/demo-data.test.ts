// The demo data file holds the seed facts of DESIGN.md section 2 and passes the API's own request schemas.
import { describe, expect, it } from 'vitest';
import { readDemoData } from '../../infra/local/demo/load-demo';
import {
  CreateCampaignBody,
  CreateOrganizationBody,
  IdempotencyKey,
  RecordHandoverBody,
  RegisterPledgeBody,
} from '../../shared/schemas/api';

const demo = readDemoData();

describe('the Long Biên 2018 demo data', () => {
  it('has the five organizations, the campaign with its 14 wards and the five pledges of the seed', () => {
    expect(demo.organizations.map(({ id, kind }) => ({ id, kind }))).toEqual([
      { id: 'mttq-long-bien', kind: 'front-committee' },
      { id: 'hoi-phu-nu-long-bien', kind: 'womens-union' },
      { id: 'hoi-ccb-long-bien', kind: 'veterans-association' },
      { id: 'quan-doan-long-bien', kind: 'youth-union' },
      { id: 'ldld-long-bien', kind: 'labor-federation' },
    ]);
    expect(demo.campaign).toEqual({
      id: 'longbien-2018',
      name: 'Chào mừng 15 năm thành lập quận Long Biên',
      startsOn: '2018-01-01',
      endsOn: '2018-12-31',
      wards: [
        'Bồ Đề',
        'Cự Khối',
        'Đức Giang',
        'Gia Thụy',
        'Giang Biên',
        'Long Biên',
        'Ngọc Lâm',
        'Ngọc Thụy',
        'Phúc Đồng',
        'Phúc Lợi',
        'Sài Đồng',
        'Thạch Bàn',
        'Thượng Thanh',
        'Việt Hưng',
      ],
    });
    expect(demo.pledges).toEqual([
      { organizationId: 'mttq-long-bien', category: 'great-unity-house', target: 15 },
      { organizationId: 'hoi-phu-nu-long-bien', category: 'love-shelter', target: 1 },
      { organizationId: 'hoi-ccb-long-bien', category: 'comradeship-house', target: 1 },
      { organizationId: 'quan-doan-long-bien', category: 'house-support', target: 2 },
      { organizationId: 'ldld-long-bien', category: 'cultural-center', target: 1 },
    ]);
  });

  it('has 38 handovers, 29+4+2+2+1, each credited to its category’s pledge, over all 14 wards in 2018', () => {
    const perCategory: Record<string, number> = {};
    for (const h of demo.handovers) perCategory[h.category] = (perCategory[h.category] ?? 0) + 1;
    expect(perCategory).toEqual({
      'great-unity-house': 29,
      'love-shelter': 4,
      'comradeship-house': 2,
      'house-support': 2,
      'cultural-center': 1,
    });
    for (const h of demo.handovers) {
      expect(demo.pledges).toContainEqual(
        expect.objectContaining({ organizationId: h.organizationId, category: h.category }),
      );
      expect(h.handedOverOn >= demo.campaign.startsOn && h.handedOverOn <= demo.campaign.endsOn).toBe(true);
    }
    expect(new Set(demo.handovers.map((h) => h.ward))).toEqual(new Set(demo.campaign.wards));
  });

  it('has a distinct, stable Idempotency-Key per handover, so a re-run cannot count twice', () => {
    const keys = demo.handovers.map((h) => IdempotencyKey.parse(h.idempotencyKey));
    expect(new Set(keys).size).toBe(38);
  });

  it('is valid input for the API, in Unicode NFC throughout', () => {
    for (const organization of demo.organizations) CreateOrganizationBody.parse(organization);
    CreateCampaignBody.parse(demo.campaign);
    for (const pledge of demo.pledges) RegisterPledgeBody.parse(pledge);
    for (const { idempotencyKey: _key, ...handover } of demo.handovers) RecordHandoverBody.parse(handover);
    const text = JSON.stringify(demo);
    expect(text).toBe(text.normalize('NFC'));
  });
});

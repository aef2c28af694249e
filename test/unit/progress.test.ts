// Progress arithmetic: measures, derived pledge statuses and the progress view of a campaign snapshot.
import { describe, expect, it } from 'vitest';
import type { CampaignSnapshot, Pledge } from '../../shared/domain/model';
import { computeProgress, measure, pledgeStatus } from '../../shared/domain/progress';

const now = new Date('2018-06-01T03:00:00.000Z');

describe('measure', () => {
  it.each([
    { target: 15, delivered: 29, expected: { remaining: 0, surplus: 14, percent: 193.3 } },
    { target: 15, delivered: 15, expected: { remaining: 0, surplus: 0, percent: 100 } },
    { target: 3, delivered: 1, expected: { remaining: 2, surplus: 0, percent: 33.3 } },
    { target: 3, delivered: 2, expected: { remaining: 1, surplus: 0, percent: 66.7 } },
    { target: 8, delivered: 1, expected: { remaining: 7, surplus: 0, percent: 12.5 } },
    { target: 2, delivered: 0, expected: { remaining: 2, surplus: 0, percent: 0 } },
    { target: 0, delivered: 0, expected: { remaining: 0, surplus: 0, percent: null } },
    { target: 0, delivered: 3, expected: { remaining: 0, surplus: 3, percent: null } },
  ])('gives $expected for $delivered delivered of $target', ({ target, delivered, expected }) => {
    const result = measure(target, delivered);

    expect(result).toEqual(expected);
  });
});

describe('pledgeStatus', () => {
  it.each([
    { target: 5, delivered: 2, state: 'active', ended: false, expected: 'in-progress' },
    { target: 5, delivered: 5, state: 'active', ended: false, expected: 'fulfilled' },
    { target: 5, delivered: 6, state: 'active', ended: false, expected: 'exceeded' },
    { target: 5, delivered: 2, state: 'active', ended: true, expected: 'overdue' },
    { target: 5, delivered: 5, state: 'active', ended: true, expected: 'fulfilled' },
    { target: 5, delivered: 6, state: 'active', ended: true, expected: 'exceeded' },
    { target: 5, delivered: 2, state: 'withdrawn', ended: false, expected: 'withdrawn' },
    { target: 5, delivered: 9, state: 'withdrawn', ended: true, expected: 'withdrawn' },
  ] as const)(
    'is $expected for $delivered of $target, $state, campaign ended: $ended',
    ({ target, delivered, state, ended, expected }) => {
      const status = pledgeStatus({ target, delivered, state }, ended);

      expect(status).toBe(expected);
    },
  );
});

function pledge(
  overrides: Partial<Pledge> & Pick<Pledge, 'id' | 'category' | 'target' | 'delivered'>,
): Pledge {
  return {
    campaignId: 'longbien-2018',
    organizationId: 'mttq-long-bien',
    organizationName: 'Ủy ban MTTQ quận',
    state: 'active',
    createdAt: '2018-01-02T00:00:00.000Z',
    updatedAt: '2018-01-02T00:00:00.000Z',
    ...overrides,
  };
}

const campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề', 'Cự Khối', 'Đức Giang', 'Gia Thụy'],
  createdAt: '2018-01-01T00:00:00.000Z',
};

describe('computeProgress', () => {
  it('totals every category in catalog order, counts and lists active pledges only and orders wards as the campaign does', () => {
    const snapshot: CampaignSnapshot = {
      campaign,
      pledges: [
        pledge({
          id: 'pledgeyouth0001',
          organizationId: 'quan-doan',
          organizationName: 'Quận đoàn',
          category: 'house-support',
          target: 2,
          delivered: 1,
        }),
        pledge({
          id: 'pledgewomen0002',
          organizationId: 'hoi-phu-nu',
          organizationName: 'Hội Liên hiệp Phụ nữ quận',
          category: 'love-shelter',
          target: 3,
          delivered: 1,
          state: 'withdrawn',
        }),
        pledge({ id: 'pledgemttq00003', category: 'great-unity-house', target: 2, delivered: 3 }),
        pledge({
          id: 'pledgewomen0004',
          organizationId: 'hoi-phu-nu',
          organizationName: 'Hội Liên hiệp Phụ nữ quận',
          category: 'love-shelter',
          target: 1,
          delivered: 1,
          createdAt: '2018-03-01T00:00:00.000Z',
        }),
      ],
      // Two great-unity houses were handed over by an organization without a pledge: totals count them.
      categoryTotals: [
        { category: 'love-shelter', delivered: 2 },
        { category: 'great-unity-house', delivered: 5 },
        { category: 'house-support', delivered: 1 },
      ],
      wardTotals: [
        { ward: 'Gia Thụy', category: 'great-unity-house', delivered: 1, verified: 0 },
        { ward: 'Bồ Đề', category: 'love-shelter', delivered: 2, verified: 0 },
        { ward: 'Cự Khối', category: 'great-unity-house', delivered: 0, verified: 0 },
        { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 4, verified: 0 },
        { ward: 'Đức Giang', category: 'house-support', delivered: 1, verified: 0 },
      ],
    };

    const progress = computeProgress(snapshot, now);

    expect(progress).toEqual({
      campaignId: 'longbien-2018',
      asOf: '2018-06-01T03:00:00.000Z',
      basis: 'recorded',
      totals: [
        {
          category: 'great-unity-house',
          pledged: 2,
          delivered: 5,
          verified: 0,
          remaining: 0,
          surplus: 3,
          percent: 250,
        },
        {
          category: 'love-shelter',
          pledged: 1,
          delivered: 2,
          verified: 0,
          remaining: 0,
          surplus: 1,
          percent: 200,
        },
        {
          category: 'comradeship-house',
          pledged: 0,
          delivered: 0,
          verified: 0,
          remaining: 0,
          surplus: 0,
          percent: null,
        },
        {
          category: 'cultural-center',
          pledged: 0,
          delivered: 0,
          verified: 0,
          remaining: 0,
          surplus: 0,
          percent: null,
        },
        {
          category: 'house-support',
          pledged: 2,
          delivered: 1,
          verified: 0,
          remaining: 1,
          surplus: 0,
          percent: 50,
        },
      ],
      pledges: [
        {
          id: 'pledgemttq00003',
          organizationId: 'mttq-long-bien',
          organizationName: 'Ủy ban MTTQ quận',
          category: 'great-unity-house',
          target: 2,
          delivered: 3,
          verified: 0,
          remaining: 0,
          surplus: 1,
          percent: 150,
          status: 'exceeded',
        },
        // pledgewomen0002, withdrawn, is not listed: it counts nowhere (ListPledges shows it to signed-in users).
        {
          id: 'pledgewomen0004',
          organizationId: 'hoi-phu-nu',
          organizationName: 'Hội Liên hiệp Phụ nữ quận',
          category: 'love-shelter',
          target: 1,
          delivered: 1,
          verified: 0,
          remaining: 0,
          surplus: 0,
          percent: 100,
          status: 'fulfilled',
        },
        {
          id: 'pledgeyouth0001',
          organizationId: 'quan-doan',
          organizationName: 'Quận đoàn',
          category: 'house-support',
          target: 2,
          delivered: 1,
          verified: 0,
          remaining: 1,
          surplus: 0,
          percent: 50,
          status: 'in-progress',
        },
      ],
      wards: [
        { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 4, verified: 0 },
        { ward: 'Bồ Đề', category: 'love-shelter', delivered: 2, verified: 0 },
        { ward: 'Đức Giang', category: 'house-support', delivered: 1, verified: 0 },
        { ward: 'Gia Thụy', category: 'great-unity-house', delivered: 1, verified: 0 },
      ],
    });
  });

  it.each([
    { now: '2018-12-31T16:59:59.000Z', expected: 'in-progress', when: 'on the last day, Vietnam time' },
    { now: '2018-12-31T17:00:00.000Z', expected: 'overdue', when: 'from the next day in Vietnam' },
  ])('marks a pledge short of its target $expected $when', ({ now: at, expected }) => {
    const snapshot: CampaignSnapshot = {
      campaign,
      pledges: [pledge({ id: 'pledgemttq00001', category: 'great-unity-house', target: 2, delivered: 1 })],
      categoryTotals: [{ category: 'great-unity-house', delivered: 1 }],
      wardTotals: [],
    };

    const progress = computeProgress(snapshot, new Date(at));

    expect(progress.pledges.map((p) => p.status)).toEqual([expected]);
  });

  it('answers an empty campaign with zero totals for every category and no pledges or wards', () => {
    const snapshot: CampaignSnapshot = { campaign, pledges: [], categoryTotals: [], wardTotals: [] };

    const progress = computeProgress(snapshot, now);

    expect(progress).toEqual({
      campaignId: 'longbien-2018',
      asOf: '2018-06-01T03:00:00.000Z',
      basis: 'recorded',
      totals: [
        'great-unity-house',
        'love-shelter',
        'comradeship-house',
        'cultural-center',
        'house-support',
      ].map((category) => ({
        category,
        pledged: 0,
        delivered: 0,
        verified: 0,
        remaining: 0,
        surplus: 0,
        percent: null,
      })),
      pledges: [],
      wards: [],
    });
  });

  it('shows verified beside recorded, and draws every measure and status on verified alone with basis verified', () => {
    const snapshot: CampaignSnapshot = {
      campaign: { ...campaign, closedAt: '2018-12-31T10:00:00.000Z' },
      pledges: [
        {
          ...pledge({ id: 'pledgemttq00001', category: 'great-unity-house', target: 2, delivered: 3 }),
          verified: 1,
        },
      ],
      categoryTotals: [{ category: 'great-unity-house', delivered: 3, verified: 1 }],
      wardTotals: [
        { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 2, verified: 1 },
        // Verified nowhere: on the verified basis this ward has nothing to show.
        { ward: 'Gia Thụy', category: 'great-unity-house', delivered: 1 },
      ],
    };

    const recorded = computeProgress(snapshot, now);
    const verified = computeProgress(snapshot, now, 'verified');

    expect([recorded.basis, recorded.closedAt, recorded.totals[0], recorded.pledges[0]?.status]).toEqual([
      'recorded',
      '2018-12-31T10:00:00.000Z',
      {
        category: 'great-unity-house',
        pledged: 2,
        delivered: 3,
        verified: 1,
        remaining: 0,
        surplus: 1,
        percent: 150,
      },
      'exceeded',
    ]);
    expect([verified.basis, verified.totals[0], verified.pledges[0], verified.wards]).toEqual([
      'verified',
      {
        category: 'great-unity-house',
        pledged: 2,
        delivered: 1,
        verified: 1,
        remaining: 1,
        surplus: 0,
        percent: 50,
      },
      {
        id: 'pledgemttq00001',
        organizationId: 'mttq-long-bien',
        organizationName: 'Ủy ban MTTQ quận',
        category: 'great-unity-house',
        target: 2,
        delivered: 1,
        verified: 1,
        remaining: 1,
        surplus: 0,
        percent: 50,
        status: 'in-progress',
      },
      [{ ward: 'Bồ Đề', category: 'great-unity-house', delivered: 1, verified: 1 }],
    ]);
  });
});

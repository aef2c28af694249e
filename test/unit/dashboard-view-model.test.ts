// What the dashboard shows, from the progress view: bars past 100 %, organizations, the ward heat table, the forecast.
import { describe, expect, it } from 'vitest';
import {
  categoryBar,
  defaultCampaign,
  forecast,
  heatLevel,
  organizationGroups,
  wardMatrix,
} from '../../shared/dashboard/view-model';
import type { CategoryProgress, PledgeProgress } from '../../shared/domain/progress';

const total = (
  category: CategoryProgress['category'],
  pledged: number,
  delivered: number,
): CategoryProgress => ({
  category,
  pledged,
  delivered,
  verified: 0,
  remaining: Math.max(0, pledged - delivered),
  surplus: Math.max(0, delivered - pledged),
  percent: pledged > 0 ? Math.round((delivered / pledged) * 1000) / 10 : null,
});

const pledge = (
  organizationName: string,
  category: PledgeProgress['category'],
  target: number,
  delivered: number,
  status: PledgeProgress['status'],
): PledgeProgress => ({
  id: `${organizationName}-${category}`
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .padEnd(8, 'x'),
  organizationId: organizationName.toLowerCase().replace(/[^a-z]/g, '-'),
  organizationName,
  category,
  target,
  delivered,
  verified: 0,
  remaining: Math.max(0, target - delivered),
  surplus: Math.max(0, delivered - target),
  percent: Math.round((delivered / target) * 1000) / 10,
  status,
});

describe('categoryBar', () => {
  it.each([
    {
      why: 'shows 29 of 15 honestly: the pledge mark at 15/29 of the bar and the surplus past it',
      total: total('great-unity-house', 15, 29),
      bar: { within: 51.7, beyond: 48.3, pledgeMark: 51.7, surplus: 14, percent: 193.3 },
    },
    {
      why: 'fills to the pledge mark at the end when exactly met',
      total: total('house-support', 2, 2),
      bar: { within: 100, beyond: 0, pledgeMark: 100, surplus: 0, percent: 100 },
    },
    {
      why: 'fills part of the way when short',
      total: total('love-shelter', 4, 1),
      bar: { within: 25, beyond: 0, pledgeMark: 100, surplus: 0, percent: 25 },
    },
    {
      why: 'has no pledge mark and all surplus when nothing was pledged',
      total: total('cultural-center', 0, 3),
      bar: { within: 0, beyond: 100, pledgeMark: null, surplus: 3, percent: null },
    },
    {
      why: 'is empty when nothing was pledged or delivered',
      total: total('comradeship-house', 0, 0),
      bar: { within: 0, beyond: 0, pledgeMark: null, surplus: 0, percent: null },
    },
  ])('$why', ({ total: t, bar }) => {
    expect(categoryBar(t)).toEqual({
      category: t.category,
      pledged: t.pledged,
      delivered: t.delivered,
      ...bar,
    });
  });
});

describe('organizationGroups', () => {
  it('groups pledges by organization in Vietnamese alphabetical order, each in catalog order', () => {
    const pledges = [
      pledge('Ủy ban MTTQ quận', 'great-unity-house', 15, 29, 'exceeded'),
      pledge('Hội Liên hiệp Phụ nữ quận', 'house-support', 1, 0, 'in-progress'),
      pledge('Đoàn phường', 'cultural-center', 1, 1, 'fulfilled'),
      pledge('Hội Liên hiệp Phụ nữ quận', 'love-shelter', 1, 4, 'exceeded'),
    ];

    const groups = organizationGroups(pledges);

    expect(groups.map((g) => [g.organizationName, g.pledges.map((p) => p.category)])).toEqual([
      ['Đoàn phường', ['cultural-center']],
      ['Hội Liên hiệp Phụ nữ quận', ['love-shelter', 'house-support']],
      ['Ủy ban MTTQ quận', ['great-unity-house']],
    ]);
  });
});

describe('wardMatrix and heatLevel', () => {
  it('lists every ward of the campaign in its order, zeros included, by catalog category with a total', () => {
    const matrix = wardMatrix(['Bồ Đề', 'Cự Khối', 'Gia Thụy'], {
      wards: [
        { ward: 'Gia Thụy', category: 'house-support', delivered: 1, verified: 0 },
        { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 2, verified: 1 },
        { ward: 'Bồ Đề', category: 'love-shelter', delivered: 1, verified: 0 },
      ],
    });

    expect(matrix).toEqual({
      categories: [
        'great-unity-house',
        'love-shelter',
        'comradeship-house',
        'cultural-center',
        'house-support',
      ],
      rows: [
        { ward: 'Bồ Đề', counts: [2, 1, 0, 0, 0], total: 3 },
        { ward: 'Cự Khối', counts: [0, 0, 0, 0, 0], total: 0 },
        { ward: 'Gia Thụy', counts: [0, 0, 0, 0, 1], total: 1 },
      ],
      max: 2,
    });
  });

  it.each([
    [0, 3, 0],
    [1, 3, 2],
    [2, 3, 3],
    [3, 3, 4],
    [1, 100, 1],
    [0, 0, 0],
  ])('shades %i of a largest %i as level %i', (count, max, level) => {
    expect(heatLevel(count, max)).toBe(level);
  });
});

describe('forecast', () => {
  const longBien = { startsOn: '2018-01-01', endsOn: '2018-12-31' };

  it('for the ended demo campaign: the year-long pace, every category reached, no unmet pledge', () => {
    const progress = {
      totals: [
        total('great-unity-house', 15, 29),
        total('love-shelter', 1, 4),
        total('comradeship-house', 0, 0),
      ],
      pledges: [
        pledge('Ủy ban MTTQ quận', 'great-unity-house', 15, 29, 'exceeded'),
        pledge('Hội Liên hiệp Phụ nữ quận', 'love-shelter', 1, 4, 'exceeded'),
      ],
    };

    const view = forecast(progress, longBien, '2019-01-10');

    expect(view).toEqual({
      pace: { delivered: 33, days: 365, perDay: 33 / 365 },
      categories: [
        {
          category: 'great-unity-house',
          pledged: 15,
          delivered: 29,
          perDay: 29 / 365,
          needed: { kind: 'done' },
          projected: { kind: 'reached' },
        },
        {
          category: 'love-shelter',
          pledged: 1,
          delivered: 4,
          perDay: 4 / 365,
          needed: { kind: 'done' },
          projected: { kind: 'reached' },
        },
      ],
      unmet: [],
    });
  });

  it('for a running campaign: what each unmet pledge needs per day and when it would finish', () => {
    const shelters = pledge('Hội Liên hiệp Phụ nữ quận', 'love-shelter', 10, 5, 'in-progress');
    const withdrawn = pledge('Quận đoàn', 'house-support', 3, 0, 'withdrawn');
    const progress = { totals: [total('love-shelter', 10, 5)], pledges: [shelters, withdrawn] };

    const view = forecast(progress, longBien, '2018-01-10');

    expect(view).toEqual({
      pace: { delivered: 5, days: 10, perDay: 0.5 },
      categories: [
        {
          category: 'love-shelter',
          pledged: 10,
          delivered: 5,
          perDay: 0.5,
          needed: { kind: 'per-day', perDay: 5 / 356, daysLeft: 356 },
          projected: { kind: 'date', date: '2018-01-20', afterEnd: false },
        },
      ],
      unmet: [
        {
          pledge: shelters,
          needed: { kind: 'per-day', perDay: 5 / 356, daysLeft: 356 },
          projected: { kind: 'date', date: '2018-01-20', afterEnd: false },
        },
      ],
    });
  });

  it('marks an ended campaign short of a pledge as overdue', () => {
    const short = pledge('Quận đoàn', 'house-support', 3, 1, 'overdue');

    const view = forecast(
      { totals: [total('house-support', 3, 1)], pledges: [short] },
      longBien,
      '2019-02-01',
    );

    expect(view.unmet).toEqual([
      {
        pledge: short,
        needed: { kind: 'overdue' },
        projected: { kind: 'date', date: '2020-12-30', afterEnd: true },
      },
    ]);
  });
});

describe('defaultCampaign', () => {
  const campaigns = [
    { id: 'longbien-2018', startsOn: '2018-01-01' },
    { id: 'gia-thuy-2019', startsOn: '2019-01-01' },
    { id: 'ke-hoach-2031', startsOn: '2031-01-01' },
  ];

  it.each([
    { today: '2026-11-28', id: 'gia-thuy-2019', why: 'the latest one that has started' },
    { today: '2018-06-01', id: 'longbien-2018', why: 'not one that starts later' },
    { today: '2010-01-01', id: 'longbien-2018', why: 'the next to start when none has started' },
  ])('picks $why', ({ today, id }) => {
    expect(defaultCampaign(campaigns, today)?.id).toBe(id);
  });

  it('picks nothing from no campaigns', () => {
    expect(defaultCampaign([], '2026-11-28')).toBeUndefined();
  });
});

// Money in the report (#15 item 6): the sums on the demo campaign against hand arithmetic, and how they are written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  formatLaborDays,
  formatVnd,
  type MoneyLine,
  moneySentence,
  sumMoney,
} from '../../shared/domain/money';

const demo = JSON.parse(
  readFileSync(new URL('../../infra/local/demo/longbien-2018.json', import.meta.url), 'utf8'),
) as { handovers: (Omit<MoneyLine, 'state'> & { beneficiary?: unknown })[] };

/** The demo's 38 handovers as stored: recorded, none verified (the loader records them through the API). */
const demoLines: MoneyLine[] = demo.handovers.map(({ category, organizationId, valueVnd }) => ({
  category,
  organizationId,
  state: 'recorded',
  ...(valueVnd !== undefined ? { valueVnd } : {}),
}));

const nothing = { coFunded: 0, cashVnd: 0, materialsVnd: 0, laborDays: 0 };

/** A house the Front recorded, which the veterans and the labour federation helped pay for. */
const coFunded: MoneyLine = {
  category: 'great-unity-house',
  organizationId: 'mttq-long-bien',
  state: 'recorded',
  valueVnd: 80_000_000,
  coFunders: ['hoi-ccb-long-bien', 'ldld-long-bien'],
  funding: {
    cashVnd: [
      { source: 'Quỹ Vì người nghèo quận', amount: 50_000_000 },
      { source: 'Công ty Thép Việt', amount: 10_000_000 },
    ],
    materialsVnd: 15_000_000,
    laborDays: 12.5,
  },
  verifiedAt: '2018-06-02T03:00:00.000Z',
};

/** A house recorded by mistake and voided: a billion đồng that must show nowhere. */
const voided: MoneyLine = {
  category: 'love-shelter',
  organizationId: 'hoi-phu-nu-long-bien',
  state: 'voided',
  valueVnd: 1_000_000_000,
  funding: { cashVnd: [{ source: 'Quỹ Vì người nghèo quận', amount: 1_000_000_000 }], laborDays: 40 },
  verifiedAt: '2018-06-03T03:00:00.000Z',
};

describe('sumMoney on the demo campaign (Long Biên 2018)', () => {
  it('adds up the value per category and per organization as counted by hand', () => {
    // Hand arithmetic from infra/local/demo/longbien-2018.json:
    //   great-unity-house, Front:      29 houses, 21 with 50 million each = 1,050 million
    //   love-shelter, women's union:    4 houses,  4 with 55 million each =   220 million
    //   comradeship-house, veterans:    2 houses,  1 with 60 million      =    60 million
    //   cultural-center, labour fed.:   1 house,   1 with 250 million     =   250 million
    //   house-support, youth union:     2 houses,  1 with 30 million      =    30 million
    //   all:                           38 houses, 28 with a value        = 1,610 million
    const summary = sumMoney(demoLines, 'recorded');

    expect(summary).toEqual({
      basis: 'recorded',
      total: { houses: 38, valued: 28, valueVnd: 1_610_000_000, ...nothing },
      byCategory: [
        { category: 'great-unity-house', houses: 29, valued: 21, valueVnd: 1_050_000_000, ...nothing },
        { category: 'love-shelter', houses: 4, valued: 4, valueVnd: 220_000_000, ...nothing },
        { category: 'comradeship-house', houses: 2, valued: 1, valueVnd: 60_000_000, ...nothing },
        { category: 'cultural-center', houses: 1, valued: 1, valueVnd: 250_000_000, ...nothing },
        { category: 'house-support', houses: 2, valued: 1, valueVnd: 30_000_000, ...nothing },
      ],
      byOrganization: [
        { organizationId: 'hoi-ccb-long-bien', houses: 2, valued: 1, valueVnd: 60_000_000, ...nothing },
        { organizationId: 'hoi-phu-nu-long-bien', houses: 4, valued: 4, valueVnd: 220_000_000, ...nothing },
        { organizationId: 'ldld-long-bien', houses: 1, valued: 1, valueVnd: 250_000_000, ...nothing },
        { organizationId: 'mttq-long-bien', houses: 29, valued: 21, valueVnd: 1_050_000_000, ...nothing },
        { organizationId: 'quan-doan-long-bien', houses: 2, valued: 1, valueVnd: 30_000_000, ...nothing },
      ],
      cashBySource: [],
    });
    expect(moneySentence(summary, 'vi')).toBe(
      'Tổng kinh phí 1.610 triệu đồng (28/38 công trình có ghi kinh phí).',
    );
    expect(moneySentence(summary, 'en')).toBe(
      'Total value VND 1,610 million (28 of 38 handovers recorded with a value).',
    );
  });

  it('counts a co-funded house once, for the organization that recorded it, and a voided one nowhere', () => {
    const summary = sumMoney([...demoLines, coFunded, voided], 'recorded');

    // 38 + 1 houses (the voided one is not a house), 1,610 + 80 = 1,690 million; the co-funders' rows unchanged.
    const split = { coFunded: 1, cashVnd: 60_000_000, materialsVnd: 15_000_000, laborDays: 12.5 };
    expect(summary.total).toEqual({ houses: 39, valued: 29, valueVnd: 1_690_000_000, ...split });
    expect(summary.byCategory[0]).toEqual({
      category: 'great-unity-house',
      houses: 30,
      valued: 22,
      valueVnd: 1_130_000_000,
      ...split,
    });
    expect(summary.byCategory[1]).toEqual({
      category: 'love-shelter',
      houses: 4,
      valued: 4,
      valueVnd: 220_000_000,
      ...nothing,
    });
    expect(summary.byOrganization.map((o) => [o.organizationId, o.houses, o.valueVnd])).toEqual([
      ['hoi-ccb-long-bien', 2, 60_000_000],
      ['hoi-phu-nu-long-bien', 4, 220_000_000],
      ['ldld-long-bien', 1, 250_000_000],
      ['mttq-long-bien', 30, 1_130_000_000],
      ['quan-doan-long-bien', 2, 30_000_000],
    ]);
    expect(summary.cashBySource).toEqual([
      { source: 'Quỹ Vì người nghèo quận', amountVnd: 50_000_000 },
      { source: 'Công ty Thép Việt', amountVnd: 10_000_000 },
    ]);
    expect(moneySentence(summary, 'vi')).toBe(
      'Tổng kinh phí 1.690 triệu đồng (29/39 công trình có ghi kinh phí); trong đó tiền mặt 60 triệu đồng, ' +
        'vật tư 15 triệu đồng, 12,5 ngày công.',
    );
  });

  it('on the verified basis counts verified handovers only, and still not a voided one that was verified', () => {
    const summary = sumMoney([...demoLines, coFunded, voided], 'verified');

    expect(summary).toEqual({
      basis: 'verified',
      total: {
        houses: 1,
        valued: 1,
        valueVnd: 80_000_000,
        coFunded: 1,
        cashVnd: 60_000_000,
        materialsVnd: 15_000_000,
        laborDays: 12.5,
      },
      byCategory: [{ category: 'great-unity-house', ...summaryOfCoFunded }],
      byOrganization: [{ organizationId: 'mttq-long-bien', ...summaryOfCoFunded }],
      cashBySource: [
        { source: 'Quỹ Vì người nghèo quận', amountVnd: 50_000_000 },
        { source: 'Công ty Thép Việt', amountVnd: 10_000_000 },
      ],
    });
  });

  it('takes cash sources that differ only in case, spacing or Unicode form as one, and sums labour in tenths', () => {
    const line = (source: string, amount: number, laborDays: number): MoneyLine => ({
      category: 'house-support',
      organizationId: 'quan-doan-long-bien',
      state: 'recorded',
      funding: { cashVnd: [{ source, amount }], laborDays },
    });

    const summary = sumMoney(
      [
        line('Quỹ Vì người nghèo', 1_000_000, 0.1),
        line('  quỹ vì   NGƯỜI nghèo ', 2_000_000, 0.2),
        line('Quỹ Vì người nghèo'.normalize('NFD'), 3_000_000, 0),
      ],
      'recorded',
    );

    expect(summary.cashBySource).toEqual([{ source: 'Quỹ Vì người nghèo', amountVnd: 6_000_000 }]);
    expect(summary.total.laborDays).toBe(0.3);
    expect(summary.total.valued).toBe(0);
  });

  it('says nothing was recorded when nothing counts', () => {
    expect(moneySentence(sumMoney([voided], 'recorded'), 'vi')).toBe('Chưa có kinh phí nào được ghi nhận.');
  });
});

const summaryOfCoFunded = {
  houses: 1,
  valued: 1,
  valueVnd: 80_000_000,
  coFunded: 1,
  cashVnd: 60_000_000,
  materialsVnd: 15_000_000,
  laborDays: 12.5,
};

describe('formatVnd and formatLaborDays', () => {
  it.each([
    [1_450_000_000, 'vi', '1.450 triệu đồng'],
    [1_450_000_000, 'en', 'VND 1,450 million'],
    [1_234_500_000, 'vi', '1.234,5 triệu đồng'],
    [50_000_000, 'vi', '50 triệu đồng'],
    [1_000_000, 'vi', '1 triệu đồng'],
    [750_000, 'vi', '750.000 đồng'],
    [750_000, 'en', 'VND 750,000'],
    [0, 'vi', '0 đồng'],
  ] as const)('writes %i in %s as %s', (vnd, lang, expected) => {
    expect(formatVnd(vnd, lang)).toBe(expected);
  });

  it.each([
    [1.5, 'vi', '1,5 ngày công'],
    [1, 'en', '1 labour day'],
    [1200, 'en', '1,200 labour days'],
  ] as const)('writes %d labour days in %s as %s', (days, lang, expected) => {
    expect(formatLaborDays(days, lang)).toBe(expected);
  });
});

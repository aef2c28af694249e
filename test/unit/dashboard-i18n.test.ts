// The dashboard's words and formats: every label has both languages and the toggle changes each one.
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatPercent,
  formatRate,
  formatTime,
} from '../../shared/dashboard/format';
import { categoryUnit, type Labels, labels, staticLabel } from '../../shared/dashboard/i18n';

/** Each label as shown, parametrized ones with sample values. */
function shown(lang: 'vi' | 'en'): Record<string, string> {
  const sample = ['29', '15', 'nhà'];
  return Object.fromEntries(
    Object.entries(labels[lang] as Labels).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : (value as (...args: string[]) => string)(...sample),
    ]),
  );
}

describe('labels', () => {
  it('has the same keys in Vietnamese and English', () => {
    expect(Object.keys(labels.en).sort()).toEqual(Object.keys(labels.vi).sort());
  });

  it('says every label differently in the two languages, so the toggle visibly changes each one', () => {
    const vi = shown('vi');
    const en = shown('en');

    const same = Object.keys(vi).filter((key) => vi[key] === en[key]);

    expect(same).toEqual([]);
  });

  it('gives plain-text labels to the static page and nothing for data-bearing ones', () => {
    expect([
      staticLabel('en', 'campaignLabel'),
      staticLabel('vi', 'exceededBadge'),
      staticLabel('vi', 'nope'),
    ]).toEqual(['Campaign', undefined, undefined]);
  });

  it('writes the seed badge as "vượt 14" in Vietnamese and "14 over" in English', () => {
    expect([labels.vi.exceededBadge('14'), labels.en.exceededBadge('14')]).toEqual(['vượt 14', '14 over']);
  });

  it.each([
    ['great-unity-house', 'vi', 29, 'nhà'],
    ['love-shelter', 'vi', 4, 'mái ấm'],
    ['cultural-center', 'vi', 1, 'điểm'],
    ['great-unity-house', 'en', 1, 'house'],
    ['love-shelter', 'en', 4, 'shelters'],
  ] as const)('counts %s in %s (%i) with the unit %s', (category, lang, count, unit) => {
    expect(categoryUnit(category, lang, count)).toBe(unit);
  });
});

describe('formats', () => {
  it.each([
    {
      what: 'a count',
      vi: formatCount(1234, 'vi'),
      en: formatCount(1234, 'en'),
      expected: ['1.234', '1,234'],
    },
    {
      what: 'a percent past 100',
      vi: formatPercent(193.3, 'vi'),
      en: formatPercent(193.3, 'en'),
      expected: ['193,3%', '193.3%'],
    },
    {
      what: 'a whole percent',
      vi: formatPercent(100, 'vi'),
      en: formatPercent(100, 'en'),
      expected: ['100,0%', '100.0%'],
    },
    {
      what: 'no percent',
      vi: formatPercent(null, 'vi'),
      en: formatPercent(null, 'en'),
      expected: ['—', '—'],
    },
    {
      what: 'a date',
      vi: formatDate('2018-12-31', 'vi'),
      en: formatDate('2018-12-31', 'en'),
      expected: ['31/12/2018', '31 Dec 2018'],
    },
    {
      what: 'a time in Vietnam',
      vi: formatTime('2018-12-31T17:05:09.000Z', 'vi'),
      en: formatTime('2018-12-31T17:05:09.000Z', 'en'),
      expected: ['00:05:09', '00:05:09'],
    },
    {
      what: 'a date and time in Vietnam (the next day there)',
      vi: formatDateTime('2018-12-31T17:05:09.000Z', 'vi'),
      en: formatDateTime('2018-12-31T17:05:09.000Z', 'en'),
      expected: ['01/01/2019 00:05', '1 Jan 2019 00:05'],
    },
  ])('writes $what', ({ vi, en, expected }) => {
    expect([vi, en]).toEqual(expected);
  });

  it.each([
    [0, '0,00'],
    [29 / 365, '0,079'],
    [1 / 365, '0,0027'],
    [2.5, '2,50'],
    [12.345, '12,3'],
    [250, '250'],
  ])('writes a pace of %f per day as %s, never a misleading 0,00 for a small one', (n, text) => {
    expect(formatRate(n, 'vi')).toBe(text);
  });
});

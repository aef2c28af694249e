// Calendar dates in the campaign's time zone (Asia/Ho_Chi_Minh, UTC+7).
import { describe, expect, it } from 'vitest';
import { isAfter, localDate, toVietnameseDate } from '../../shared/domain/dates';

describe('localDate', () => {
  it.each([
    ['2026-11-26T16:59:59.999Z', '2026-11-26'],
    ['2026-11-26T17:00:00.000Z', '2026-11-27'],
    ['2026-11-26T18:00:00.000Z', '2026-11-27'],
    ['2026-11-27T00:00:00.000Z', '2026-11-27'],
    ['2018-12-31T17:00:00.000Z', '2019-01-01'],
  ])('reads %s as %s in Vietnam', (instant, expected) => {
    expect(localDate(new Date(instant))).toBe(expected);
  });
});

it('agrees with the Asia/Ho_Chi_Minh time zone around every local midnight from 1976 to 2100', () => {
  const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });
  const disagreements: string[] = [];
  // Half an hour either side of 17:00 UTC: any offset other than +7 shows as a different date there.
  for (let day = Date.UTC(1976, 0, 1); day < Date.UTC(2100, 0, 1); day += 24 * 60 * 60 * 1000) {
    for (const minutes of [16 * 60 + 30, 17 * 60 + 30]) {
      const instant = new Date(day + minutes * 60 * 1000);
      if (localDate(instant) !== zone.format(instant)) disagreements.push(instant.toISOString());
    }
  }
  expect(disagreements).toEqual([]);
});

describe('isAfter', () => {
  it.each([
    ['2019-01-01', '2018-12-31', true],
    ['2018-12-31', '2018-12-31', false],
    ['2018-02-01', '2018-10-01', false],
  ])('says %s is after %s: %s', (a, b, expected) => {
    expect(isAfter(a, b)).toBe(expected);
  });
});

describe('toVietnameseDate', () => {
  it('writes day/month/year', () => {
    expect(toVietnameseDate('2018-12-31')).toBe('31/12/2018');
  });
});

// The dashboard's forecast arithmetic: pace so far, pace needed per unmet pledge, projected finish date.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  type CampaignPeriod,
  daysBetween,
  daysLeft,
  deliveredPerDay,
  elapsedDays,
  neededPerDay,
  projectedFinish,
} from '../../shared/dashboard/forecast';

const year2018 = (today: string): CampaignPeriod => ({ startsOn: '2018-01-01', endsOn: '2018-12-31', today });

describe('calendar days', () => {
  it.each([
    ['2018-01-01', '2018-01-01', 0],
    ['2018-01-01', '2018-12-31', 364],
    ['2020-02-28', '2020-03-01', 2],
    ['2019-02-28', '2019-03-01', 1],
    ['2018-03-10', '2018-03-01', -9],
  ])('counts %s to %s as %i day(s)', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });

  it.each([
    ['2018-01-01', 0, '2018-01-01'],
    ['2018-01-01', 58, '2018-02-28'],
    ['2020-02-28', 1, '2020-02-29'],
    ['2018-12-31', 1, '2019-01-01'],
  ])('adds to %s %i day(s): %s', (from, days, date) => {
    expect(addDays(from, days)).toBe(date);
  });
});

describe('elapsedDays and daysLeft', () => {
  it.each([
    { today: '2017-12-31', elapsed: 0, left: 365, why: 'before the start: nothing elapsed, all left' },
    { today: '2018-01-01', elapsed: 1, left: 365, why: 'the first day counts on both sides' },
    { today: '2018-07-02', elapsed: 183, left: 183, why: 'mid-year' },
    { today: '2018-12-31', elapsed: 365, left: 1, why: 'the last day is still open' },
    { today: '2019-01-10', elapsed: 365, left: 0, why: 'after the end: the whole campaign elapsed' },
  ])('$why ($today)', ({ today, elapsed, left }) => {
    expect({ elapsed: elapsedDays(year2018(today)), left: daysLeft(year2018(today)) }).toEqual({
      elapsed,
      left,
    });
  });
});

describe('deliveredPerDay', () => {
  it.each([
    { delivered: 38, today: '2019-01-10', perDay: 38 / 365, why: 'after the end, over the whole campaign' },
    { delivered: 10, today: '2018-01-10', perDay: 1, why: 'over the days so far, today included' },
    { delivered: 0, today: '2018-06-01', perDay: 0, why: 'nothing yet is a pace of zero' },
    { delivered: 0, today: '2017-12-01', perDay: null, why: 'before the start there is no pace' },
  ])('$why', ({ delivered, today, perDay }) => {
    expect(deliveredPerDay(delivered, year2018(today))).toBe(perDay);
  });
});

describe('neededPerDay', () => {
  it.each([
    { remaining: 0, today: '2018-06-01', needed: { kind: 'done' }, why: 'nothing remains' },
    {
      remaining: 10,
      today: '2018-12-22',
      needed: { kind: 'per-day', perDay: 1, daysLeft: 10 },
      why: 'ten left over the last ten days',
    },
    {
      remaining: 3,
      today: '2018-12-31',
      needed: { kind: 'per-day', perDay: 3, daysLeft: 1 },
      why: 'on the last day, all of it today',
    },
    {
      remaining: 73,
      today: '2017-11-01',
      needed: { kind: 'per-day', perDay: 0.2, daysLeft: 365 },
      why: 'before the start, over the whole campaign',
    },
    { remaining: 2, today: '2019-01-01', needed: { kind: 'overdue' }, why: 'after the end it is overdue' },
  ])('$why', ({ remaining, today, needed }) => {
    expect(neededPerDay(remaining, year2018(today))).toEqual(needed);
  });
});

describe('projectedFinish', () => {
  it.each([
    { target: 15, delivered: 29, today: '2018-06-01', finish: { kind: 'reached' }, why: 'already past' },
    { target: 2, delivered: 2, today: '2018-06-01', finish: { kind: 'reached' }, why: 'exactly reached' },
    {
      target: 10,
      delivered: 5,
      today: '2018-01-10',
      finish: { kind: 'date', date: '2018-01-20', afterEnd: false },
      why: 'half way in ten days: day twenty',
    },
    {
      target: 10,
      delivered: 3,
      today: '2018-01-10',
      finish: { kind: 'date', date: '2018-02-03', afterEnd: false },
      why: 'a fractional day rounds up to the day the count is reached (⌈100 ÷ 3⌉ = day 34)',
    },
    {
      target: 100,
      delivered: 10,
      today: '2018-07-02',
      finish: { kind: 'date', date: '2023-01-04', afterEnd: true },
      why: 'too slow: day ⌈100 × 183 ÷ 10⌉ = 1830, after the end',
    },
    {
      target: 100_000,
      delivered: 1,
      today: '2018-01-02',
      finish: { kind: 'date', date: '2565-07-31', afterEnd: true },
      why: 'day 200,000 (year 2565) is after the end',
    },
    {
      target: 1_000_000,
      delivered: 1,
      today: '2018-12-31',
      finish: { kind: 'never' },
      why: 'a finish past year 9999 (day 365,000,000) is "not at this pace", not an invalid date',
    },
    {
      target: 1_000_000,
      delivered: 3,
      today: '2018-01-01',
      finish: { kind: 'date', date: '2930-08-21', afterEnd: true },
      why: 'the largest target at a pace of three a day',
    },
    { target: 4, delivered: 0, today: '2018-07-02', finish: { kind: 'never' }, why: 'no pace: never' },
    { target: 4, delivered: 0, today: '2017-07-02', finish: { kind: 'never' }, why: 'not started: never' },
  ])('$why', ({ target, delivered, today, finish }) => {
    expect(projectedFinish(target, delivered, year2018(today))).toEqual(finish);
  });
});

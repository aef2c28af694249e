// Crossing detection: which thresholds a pledge counter crosses between its old and new state.
import { describe, expect, it } from 'vitest';
import { detectCrossings, type PledgeCounter } from '../../shared/domain/crossing';

const counter = (delivered: number, target: number, active = true): PledgeCounter => ({
  target,
  delivered,
  active,
});

describe('detectCrossings', () => {
  it.each<{ change: string; before: PledgeCounter | undefined; after: PledgeCounter; expected: string[] }>([
    {
      change: 'a handover reaching the target (14 → 15 of 15)',
      before: counter(14, 15),
      after: counter(15, 15),
      expected: ['Pledge Fulfilled'],
    },
    {
      change: 'a handover going past the target (15 → 16 of 15)',
      before: counter(15, 15),
      after: counter(16, 15),
      expected: ['Pledge Exceeded'],
    },
    {
      change: 'one step over both thresholds (14 → 16 of 15)',
      before: counter(14, 15),
      after: counter(16, 15),
      expected: ['Pledge Fulfilled', 'Pledge Exceeded'],
    },
    {
      change: 'a revision down below the delivered count (12 of 20 → 12 of 10)',
      before: counter(12, 20),
      after: counter(12, 10),
      expected: ['Pledge Fulfilled', 'Pledge Exceeded'],
    },
    {
      change: 'a revision down onto the delivered count (12 of 20 → 12 of 12)',
      before: counter(12, 20),
      after: counter(12, 12),
      expected: ['Pledge Fulfilled'],
    },
    {
      change: 'a void back to the target (16 → 15 of 15)',
      before: counter(16, 15),
      after: counter(15, 15),
      expected: [],
    },
    {
      change: 'the next handover after that void (15 → 16 of 15)',
      before: counter(15, 15),
      after: counter(16, 15),
      expected: ['Pledge Exceeded'],
    },
    {
      change: 'a void below the target, then reaching it again (14 → 15 of 15)',
      before: counter(14, 15),
      after: counter(15, 15),
      expected: ['Pledge Fulfilled'],
    },
    {
      change: 'a revision up (16 of 15 → 16 of 20)',
      before: counter(16, 15),
      after: counter(16, 20),
      expected: [],
    },
    {
      change: 'a withdrawal of an exceeded pledge',
      before: counter(16, 15),
      after: counter(16, 15, false),
      expected: [],
    },
    {
      change: 'a handover past the target of a withdrawn pledge',
      before: counter(15, 15, false),
      after: counter(16, 15, false),
      expected: [],
    },
    {
      change: 'a new pledge with nothing delivered',
      before: undefined,
      after: counter(0, 15),
      expected: [],
    },
    {
      change: 'a write that changes neither count nor target (exceeded)',
      before: counter(16, 15),
      after: counter(16, 15),
      expected: [],
    },
    {
      change: 'a write that changes neither count nor target (in progress)',
      before: counter(3, 15),
      after: counter(3, 15),
      expected: [],
    },
    {
      change: 'a handover still short of the target (3 → 4 of 15)',
      before: counter(3, 15),
      after: counter(4, 15),
      expected: [],
    },
  ])('reports $expected for $change', ({ before, after, expected }) => {
    const crossings = detectCrossings(before, after);

    expect(crossings).toEqual(expected);
  });
});

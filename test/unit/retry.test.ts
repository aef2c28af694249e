// The one retry policy with a fake clock, sleep and random: attempts, full-jitter waits, and the invocation's deadline.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runInInvocation, timeLeftMs } from '../../shared/invocation';
import { type RetryPolicy, retryPolicy, withRetries } from '../../shared/retry';

const policy: RetryPolicy = { attempts: 6, baseDelayMs: 40, maxDelayMs: 500, safetyMarginMs: 500 };

class Busy extends Error {}
class Broken extends Error {}
const isBusy = (error: unknown) => error instanceof Busy;

/** A clock that only moves when the code under test sleeps; it records every wait. */
function fakeTime(options: { timeLeftMs?: number } = {}) {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
      now += ms;
    },
    timeLeftMs: () => (options.timeLeftMs === undefined ? undefined : options.timeLeftMs - now),
  };
}

/** An operation that fails with the errors given, in order, then succeeds; it records its attempts. */
function failing(...errors: Error[]) {
  const attempts: number[] = [];
  const operation = async (attempt: number) => {
    attempts.push(attempt);
    const error = errors[attempt - 1];
    if (error) throw error;
    return `done on attempt ${attempt}`;
  };
  return { attempts, operation };
}

const busy = (n: number) => Array.from({ length: n }, (_, i) => new Busy(`busy ${i + 1}`));

describe('withRetries', () => {
  it('answers the first success without waiting', async () => {
    const time = fakeTime();
    const { attempts, operation } = failing();

    const result = await withRetries(operation, isBusy, { policy, ...time, random: () => 0.5 });

    expect([result, attempts, time.waits]).toEqual(['done on attempt 1', [1], []]);
  });

  it('waits a random share of a doubling delay, capped at the maximum, between attempts', async () => {
    const time = fakeTime();
    const { attempts, operation } = failing(...busy(5));

    const result = await withRetries(operation, isBusy, { policy, ...time, random: () => 0.5 });

    expect([result, attempts, time.waits]).toEqual([
      'done on attempt 6',
      [1, 2, 3, 4, 5, 6],
      [20, 40, 80, 160, 250],
    ]);
  });

  it('waits between nothing and the cap, as the random number says', async () => {
    const waits = await Promise.all(
      [0, 0.999].map(async (share) => {
        const time = fakeTime();
        await withRetries(failing(...busy(1)).operation, isBusy, { policy, ...time, random: () => share });
        return time.waits;
      }),
    );

    expect(waits).toEqual([[0], [39.96]]);
  });

  it('throws the last error once the attempts run out', async () => {
    const time = fakeTime();
    const errors = busy(6);
    const { attempts, operation } = failing(...errors);

    const thrown = await withRetries(operation, isBusy, { policy, ...time, random: () => 1 }).catch((e) => e);

    expect([thrown, attempts.length, time.waits]).toEqual([errors[5], 6, [40, 80, 160, 320, 500]]);
    expect(thrown).toBe(errors[5]);
  });

  it('throws at once an error that is not worth retrying', async () => {
    const time = fakeTime();
    const broken = new Broken('validation');
    const { attempts, operation } = failing(new Busy('busy'), broken);

    const thrown = await withRetries(operation, isBusy, { policy, ...time, random: () => 1 }).catch((e) => e);

    expect([thrown, attempts, time.waits]).toEqual([broken, [1, 2], [40]]);
  });

  it('gives up with the last error when the next wait would eat into the safety margin of the time left', async () => {
    // 1 s left: waits of 40, 80 and 160 ms leave 720 ms; the next, 320 ms, would leave 400 < 500.
    const time = fakeTime({ timeLeftMs: 1000 });
    const errors = busy(6);
    const { attempts, operation } = failing(...errors);

    const thrown = await withRetries(operation, isBusy, { policy, ...time, random: () => 1 }).catch((e) => e);

    expect([thrown, attempts, time.waits]).toEqual([errors[3], [1, 2, 3, 4], [40, 80, 160]]);
  });

  it('does not retry at all when the invocation has less than its safety margin left', async () => {
    const time = fakeTime({ timeLeftMs: 499 });
    const { attempts, operation } = failing(...busy(1));

    const thrown = await withRetries(operation, isBusy, { policy, ...time, random: () => 0 }).catch((e) => e);

    expect([thrown, attempts, time.waits]).toEqual([new Busy('busy 1'), [1], []]);
  });
});

describe('withRetries inside and outside a Lambda invocation', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A sleep that moves the faked Date on, so the invocation's time left shrinks as it waits. */
  const dateSleep = (waits: number[]) => async (ms: number) => {
    waits.push(ms);
    vi.setSystemTime(Date.now() + ms);
  };

  it('is bounded by the time the invocation has left', async () => {
    vi.useFakeTimers({ now: new Date('2018-05-19T04:00:00.000Z'), toFake: ['Date'] });
    const waits: number[] = [];
    const { attempts, operation } = failing(...busy(6));

    const thrown = await runInInvocation({ getRemainingTimeInMillis: () => 1000 }, () =>
      withRetries(operation, isBusy, { sleep: dateSleep(waits), random: () => 1 }),
    ).catch((e) => e);

    expect([thrown, attempts, waits]).toEqual([new Busy('busy 4'), [1, 2, 3, 4], [40, 80, 160]]);
  });

  it('is bounded by the policy alone outside an invocation', async () => {
    vi.useFakeTimers({ now: new Date('2018-05-19T04:00:00.000Z'), toFake: ['Date'] });
    const waits: number[] = [];
    const { attempts, operation } = failing(...busy(6));

    const thrown = await withRetries(operation, isBusy, { sleep: dateSleep(waits), random: () => 1 }).catch(
      (e) => e,
    );

    expect([thrown, attempts.length, waits.length]).toEqual([
      new Busy('busy 6'),
      retryPolicy.attempts,
      retryPolicy.attempts - 1,
    ]);
  });
});

describe('timeLeftMs', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is undefined outside an invocation', () => {
    expect(timeLeftMs()).toBeUndefined();
  });

  it('counts down from the time the context gave, across awaits, for each invocation on its own', async () => {
    vi.useFakeTimers({ now: new Date('2018-05-19T04:00:00.000Z'), toFake: ['Date'] });
    const seen: Record<string, number | undefined> = {};
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });

    const first = runInInvocation({ getRemainingTimeInMillis: () => 10_000 }, async () => {
      await gate;
      seen.first = timeLeftMs();
    });
    const second = runInInvocation({ getRemainingTimeInMillis: () => 3_000 }, async () => {
      await gate;
      seen.second = timeLeftMs();
    });
    vi.setSystemTime(Date.now() + 2_500);
    release();
    await Promise.all([first, second]);

    expect([seen, timeLeftMs()]).toEqual([{ first: 7_500, second: 500 }, undefined]);
  });

  it('never goes below zero once the deadline has passed', () => {
    vi.useFakeTimers({ now: new Date('2018-05-19T04:00:00.000Z'), toFake: ['Date'] });

    const left = runInInvocation({ getRemainingTimeInMillis: () => 100 }, () => {
      vi.setSystemTime(Date.now() + 1_000);
      return timeLeftMs();
    });

    expect(left).toBe(0);
  });
});

// One retry policy for every wait-and-try-again: bounded attempts, full-jitter backoff, never past the deadline.
import { timeLeftMs } from './invocation';

export interface RetryPolicy {
  /** Calls in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Time kept for answering: a wait that would leave less of the invocation than this is not taken. */
  safetyMarginMs: number;
}

/**
 * Six calls wait at most 40 + 80 + 160 + 320 + 500 ms, about 1.1 s: enough for transaction conflicts on a
 * busy counter, unprocessed keys and refused PutEvents entries, and well inside a 10 s Lambda.
 */
export const retryPolicy: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 40,
  maxDelayMs: 500,
  safetyMarginMs: 500,
};

export interface RetryOptions {
  policy?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), as Math.random. */
  random?: () => number;
  /** Time left of the invocation; undefined means no deadline, so only the policy bounds the waits. */
  timeLeftMs?: () => number | undefined;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter: uniform below an exponential cap, so callers that failed together do not retry together. */
export function backoffMs(retry: number, policy: RetryPolicy = retryPolicy, random = Math.random): number {
  return random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
}

/**
 * Calls `operation` until it succeeds or throws an error that `retryable` refuses. It gives up, throwing
 * the last error, when the attempts run out or when the next wait would leave less than the safety
 * margin of the invocation's time, so that a Lambda answers instead of timing out.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  retryable: (error: unknown) => boolean,
  options: RetryOptions = {},
): Promise<T> {
  const policy = options.policy ?? retryPolicy;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const timeLeft = options.timeLeftMs ?? timeLeftMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!retryable(error) || attempt >= policy.attempts) throw error;
      const delay = backoffMs(attempt, policy, random);
      const left = timeLeft();
      if (left !== undefined && left - delay < policy.safetyMarginMs) throw error;
      await sleep(delay);
    }
  }
}

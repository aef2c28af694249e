// The event source mapping's rules for one stream shard, as a state machine with no I/O: records and outcomes in, decisions out.

/** The mapping settings that decide batches, retries and failures (see `ledgerStreamConsumer`). */
export interface BatchingSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  bisectBatchOnError: boolean;
  /** Retries of a record after its first failed invocation; then it goes to the on-failure list. */
  retryAttempts: number;
  /** -1 means records never age out, as in Lambda. */
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
}

/** Backoff between retries of the same records; Lambda does not publish its own, so it is ours to pick. */
export interface RetryDelays {
  /** First retry delay; doubles per retry of the same records, up to `maxRetryDelayMs`. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
}

export interface ShardRecord<T> {
  sequenceNumber: string;
  /** ApproximateCreationDateTime in epoch ms; a record without one never ages. */
  createdAt?: number;
  /** Whether the mapping's filters let it through: the others are never invoked, only checkpointed. */
  matched: boolean;
  payload: T;
}

/** How an invocation ended: what the consumer returned, or what it (or the runtime around it) threw. */
export type InvocationOutcome = { kind: 'returned'; response: unknown } | { kind: 'threw'; error: unknown };

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export type ShardDecision<T> =
  /** Call the consumer with these records; report its outcome with `settle` (or `postpone`). */
  | { kind: 'invoke'; records: T[]; attempt: number }
  /** Every record up to and including this one is finished: a restart resumes after it. */
  | { kind: 'checkpoint'; sequenceNumber: string }
  /** Send these records to the on-failure destination; a later checkpoint passes them. */
  | {
      kind: 'give-up';
      condition: FailureCondition;
      records: ShardRecord<T>[];
      /** Failed invocations of the record that failed most. */
      invokeCount: number;
      error?: unknown;
    }
  /** The batch failed as a whole and is split in two; each half goes next, first half first. */
  | { kind: 'bisect'; size: number; error: unknown }
  /** These records (the failed one and those behind it in the batch) go again at `at`. */
  | { kind: 'retry'; size: number; retry: number; retryAttempts: number; at: number; error: unknown };

interface Queued<T> {
  record: ShardRecord<T>;
  /** Starts as the filter's verdict; a record given up for its age stops counting as matched. */
  matched: boolean;
  /** Failed invocations of this record that count toward `retryAttempts` (bisection does not count). */
  failures: number;
  /** When it was received: a batch's window opens when its first record was received. */
  queuedAt: number;
}

type Verdict = { kind: 'ok' } | { kind: 'partial'; from: number } | { kind: 'error'; error: unknown };

/**
 * One shard's records in stream order, cut into batches. One invocation at a time, so order holds; the
 * checkpoint passes a record only once it succeeded, was filtered out or was given up.
 */
export class ShardBatcher<T> {
  private readonly queue: Queued<T>[] = [];
  /** Sizes (in matched records) of the next batches: halves after a bisection, a remainder after a partial failure. */
  private readonly plan: number[] = [];
  private windowStartedAt: number | undefined;
  private retryAtMs = 0;
  private ended = false;
  private inFlight: { slice: Queued<T>[]; batch: Queued<T>[] } | undefined;

  constructor(
    private readonly settings: BatchingSettings,
    private readonly delays: RetryDelays,
  ) {}

  /** Records that wait for an invocation or are in one (filtered-out records not counted). */
  get pending(): number {
    return this.queue.filter((e) => e.matched).length;
  }

  /** Nothing is queued, filtered-out records included. */
  get empty(): boolean {
    return this.queue.length === 0;
  }

  /** The shard has ended and every record of it is finished. */
  get finished(): boolean {
    return this.ended && this.queue.length === 0;
  }

  /** Epoch ms before which the records that failed are not retried (0: no retry waits). */
  get retryAt(): number {
    return this.retryAtMs;
  }

  /** Epoch ms when the batching window of the queued records closes, if any is open. */
  get windowEndsAt(): number | undefined {
    return this.windowStartedAt === undefined
      ? undefined
      : this.windowStartedAt + this.settings.maxBatchingWindowSeconds * 1000;
  }

  /** Whether reading more is useful: the shard goes on and a full batch is not queued yet. */
  wantsRecords(): boolean {
    return !this.ended && this.pending < this.batchTarget();
  }

  /** The shard has no more records (it was closed and read to its end). */
  end(): void {
    this.ended = true;
  }

  /** The next records read from the shard, in order. Filtered-out records at the head are checkpointed at once. */
  receive(records: readonly ShardRecord<T>[], now: number): ShardDecision<T>[] {
    if (this.inFlight) throw new Error('receive() while an invocation runs: settle or postpone it first');
    for (const record of records) {
      this.queue.push({ record, matched: record.matched, failures: 0, queuedAt: now });
      if (record.matched) this.windowStartedAt ??= now;
    }
    // Lambda filters before batching, and checkpoints what it filtered out.
    const firstMatched = this.queue.findIndex((e) => e.matched);
    const skippable = firstMatched < 0 ? this.queue.length : firstMatched;
    return this.checkpoint(this.queue.splice(0, skippable));
  }

  /**
   * What is due at `now`: records too old for the mapping go to the on-failure list, then the next batch is
   * invoked (the last decision). Empty while an invocation runs, a retry waits or a batching window is open.
   */
  next(now: number): ShardDecision<T>[] {
    if (this.inFlight) return [];
    const slice = this.dueSlice(now);
    if (!slice) return [];
    const decisions: ShardDecision<T>[] = [];
    const maxAgeMs = this.settings.maxRecordAgeSeconds * 1000;
    const expired = slice.filter(
      (e) => e.matched && maxAgeMs >= 0 && now - (e.record.createdAt ?? now) > maxAgeMs,
    );
    if (expired.length > 0) {
      decisions.push(giveUp('RecordAgeExceeded', expired, undefined));
      for (const entry of expired) entry.matched = false;
    }
    const batch = slice.filter((e) => e.matched);
    if (batch.length === 0) {
      decisions.push(...this.finish(slice.length));
      return decisions;
    }
    this.inFlight = { slice, batch };
    decisions.push({
      kind: 'invoke',
      records: batch.map((e) => e.record.payload),
      attempt: 1 + Math.max(...batch.map((e) => e.failures)),
    });
    return decisions;
  }

  /** The invocation could not start (the consumer is not there yet): nothing counts, the same records go at `until`. */
  postpone(until: number): void {
    if (!this.inFlight) throw new Error('postpone() without an invocation');
    this.inFlight = undefined;
    this.retryAtMs = until;
  }

  /** The invocation ended: checkpoint what succeeded, then bisect, retry or give up on what failed. */
  settle(outcome: InvocationOutcome, now: number): ShardDecision<T>[] {
    const flight = this.inFlight;
    if (!flight) throw new Error('settle() without an invocation');
    this.inFlight = undefined;
    const { slice, batch } = flight;
    const verdict = this.verdictOf(outcome, batch);
    if (verdict.kind === 'ok') return this.finish(slice.length);
    if (verdict.kind === 'error' && this.settings.bisectBatchOnError && batch.length > 1) {
      // Splitting does not count toward the retry quota.
      const half = Math.ceil(batch.length / 2);
      this.plan.splice(0, 1, half, batch.length - half);
      return [{ kind: 'bisect', size: batch.length, error: verdict.error }];
    }
    const decisions: ShardDecision<T>[] = [];
    const retried = batch.slice(verdict.kind === 'partial' ? verdict.from : 0);
    for (const entry of retried) entry.failures++;
    const failed = retried[0] as Queued<T>;
    // Records before the first failure are done, filtered-out ones between them included.
    const doneCount = this.queue.indexOf(failed);
    if (doneCount > 0) decisions.push(...this.checkpoint(this.queue.splice(0, doneCount)));
    const error = verdict.kind === 'error' ? verdict.error : new Error('reported in batchItemFailures');
    if (failed.failures > this.settings.retryAttempts) {
      decisions.push(giveUp('RetryAttemptsExhausted', retried, error));
      decisions.push(...this.finish(slice.length - doneCount));
      return decisions;
    }
    this.plan.splice(0, 1, retried.length);
    const { retryDelayMs, maxRetryDelayMs } = this.delays;
    this.retryAtMs = now + Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (failed.failures - 1));
    decisions.push({
      kind: 'retry',
      size: retried.length,
      retry: failed.failures,
      retryAttempts: this.settings.retryAttempts,
      at: this.retryAtMs,
      error,
    });
    return decisions;
  }

  private batchTarget(): number {
    return this.plan[0] ?? this.settings.batchSize;
  }

  /** The queue's head up to the batch's last matched record (with the filtered-out ones between), when due. */
  private dueSlice(now: number): Queued<T>[] | undefined {
    const target = this.batchTarget();
    const matched = this.pending;
    if (matched === 0) return undefined;
    if (now < this.retryAtMs) return undefined;
    const windowEndsAt = this.windowEndsAt;
    const windowOver = windowEndsAt !== undefined && now >= windowEndsAt;
    // A retry or a bisected half goes again at once; a new batch waits for its window unless full.
    if (matched < target && this.plan.length === 0 && !windowOver && !this.ended) return undefined;
    let seen = 0;
    let end = 0;
    for (; end < this.queue.length; end++) {
      const entry = this.queue[end] as Queued<T>;
      if (entry.matched) {
        if (seen === target) break;
        seen++;
      }
    }
    return this.queue.slice(0, end);
  }

  /** Interprets the consumer's answer the way Lambda does with ReportBatchItemFailures. */
  private verdictOf(outcome: InvocationOutcome, batch: Queued<T>[]): Verdict {
    if (outcome.kind === 'threw') return { kind: 'error', error: outcome.error };
    const response = outcome.response;
    if (!this.settings.reportBatchItemFailures || response === null || typeof response !== 'object') {
      return { kind: 'ok' };
    }
    const items = (response as { batchItemFailures?: unknown }).batchItemFailures;
    if (items === undefined || items === null || (Array.isArray(items) && items.length === 0)) {
      return { kind: 'ok' };
    }
    if (!Array.isArray(items)) return { kind: 'error', error: new Error('batchItemFailures is not a list') };
    let from = batch.length;
    for (const item of items) {
      const identifier = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const index = batch.findIndex((entry) => entry.record.sequenceNumber === identifier);
      // An empty, null or unknown identifier fails the whole batch, as in Lambda.
      if (typeof identifier !== 'string' || identifier === '' || index < 0) {
        return {
          kind: 'error',
          error: new Error(
            `batchItemFailures names ${JSON.stringify(identifier)}, not a record of the batch`,
          ),
        };
      }
      from = Math.min(from, index);
    }
    return { kind: 'partial', from };
  }

  /** The first `count` queued records are done: checkpoint past them and move to the next batch. */
  private finish(count: number): ShardDecision<T>[] {
    const decisions = this.checkpoint(this.queue.splice(0, count));
    this.plan.shift();
    this.retryAtMs = 0;
    this.windowStartedAt = this.queue.find((e) => e.matched)?.queuedAt;
    return decisions;
  }

  private checkpoint(entries: Queued<T>[]): ShardDecision<T>[] {
    const last = entries.at(-1);
    return last ? [{ kind: 'checkpoint', sequenceNumber: last.record.sequenceNumber }] : [];
  }
}

function giveUp<T>(condition: FailureCondition, entries: Queued<T>[], error: unknown): ShardDecision<T> {
  return {
    kind: 'give-up',
    condition,
    records: entries.map((e) => e.record),
    invokeCount: Math.max(...entries.map((e) => e.failures)),
    ...(error === undefined ? {} : { error }),
  };
}

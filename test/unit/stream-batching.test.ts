// The stream mapping's rules for one shard, without DynamoDB: what the consumer is handed, where the checkpoint moves, what reaches the on-failure list.
import { describe, expect, it } from 'vitest';
import {
  type BatchingSettings,
  type InvocationOutcome,
  type RetryDelays,
  ShardBatcher,
  type ShardDecision,
  type ShardRecord,
} from '../../infra/local/stream-batching';
import { ledgerStreamConsumer } from '../../shared/event-routing';

const settings: BatchingSettings = {
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  bisectBatchOnError: true,
  retryAttempts: 2,
  maxRecordAgeSeconds: 3600,
  reportBatchItemFailures: true,
};
const delays: RetryDelays = { retryDelayMs: 100, maxRetryDelayMs: 1000 };
const start = Date.UTC(2025, 9, 10, 8, 0, 0);

/**
 * A record by name: `~name` is one the mapping's filters leave out. Names double as sequence numbers, so a
 * batchItemFailures entry reads as the record it names.
 */
type RecordSpec = string | { name: string; ageSeconds?: number; noCreationTime?: true };

/** What the consumer does with a batch: handle it all, report failures from a record on, throw, or answer anything. */
type Answer =
  | 'ok'
  | { reportFailed: string[] }
  | { throws: string }
  | { answers: unknown; handled: 'all' | 'none' };
type Consumer = (records: string[], attempt: number) => Answer;

function shardRecord(spec: RecordSpec): ShardRecord<string> {
  const { name, ageSeconds = 0, noCreationTime } = typeof spec === 'string' ? { name: spec } : spec;
  const id = name.replace(/^~/, '');
  return {
    sequenceNumber: id,
    ...(noCreationTime ? {} : { createdAt: start - ageSeconds * 1000 }),
    matched: !name.startsWith('~'),
    payload: id,
  };
}

function outcomeOf(answer: Answer): InvocationOutcome {
  if (answer === 'ok') return { kind: 'returned', response: { batchItemFailures: [] } };
  if ('reportFailed' in answer) {
    const batchItemFailures = answer.reportFailed.map((itemIdentifier) => ({ itemIdentifier }));
    return { kind: 'returned', response: { batchItemFailures } };
  }
  if ('throws' in answer) return { kind: 'threw', error: new Error(answer.throws) };
  return { kind: 'returned', response: answer.answers };
}

/** The records the consumer finished, in its own view: all of them, or those before the first it reported. */
function handledBy(answer: Answer, records: string[]): string[] {
  if (answer === 'ok') return records;
  if ('reportFailed' in answer) {
    const first = Math.min(...answer.reportFailed.map((name) => records.indexOf(name)));
    return records.slice(0, first);
  }
  return 'answers' in answer && answer.handled === 'all' ? records : [];
}

function describeDecision(decision: ShardDecision<string>, now: number): string {
  switch (decision.kind) {
    case 'invoke':
      return `invoke ${decision.records.join(' ')}${decision.attempt > 1 ? ` (attempt ${decision.attempt})` : ''}`;
    case 'checkpoint':
      return `checkpoint ${decision.sequenceNumber}`;
    case 'give-up': {
      const names = decision.records.map((r) => r.payload).join(' ');
      const why = decision.error instanceof Error ? ` (${decision.error.message})` : '';
      return `on-failure ${names}: ${decision.condition} after ${decision.invokeCount}${why}`;
    }
    case 'bisect':
      return `bisect ${decision.size}`;
    case 'retry':
      return `retry ${decision.retry} of ${decision.retryAttempts} in ${decision.at - now} ms`;
  }
}

interface Seen {
  /** Every decision of the mapping, in order. */
  timeline: string[];
  /** Records the checkpoint passed although the consumer never finished them and they were not given up. */
  lost: string[];
}

/**
 * Reads every record at once, then drives the mapping as the poller does, moving a fake clock to the next
 * retry or window end whenever nothing is due. Checks on the way that checkpoints only move forward and
 * that records are finished in stream order.
 */
function run(records: RecordSpec[], consumer: Consumer, overrides: Partial<BatchingSettings> = {}): Seen {
  const batcher = new ShardBatcher<string>({ ...settings, ...overrides }, delays);
  const stream = records.map(shardRecord);
  const position = new Map(stream.map((r, index) => [r.sequenceNumber, index]));
  const finished = new Set(stream.filter((r) => !r.matched).map((r) => r.sequenceNumber));
  const handledInOrder: string[] = [];
  const timeline: string[] = [];
  const lost: string[] = [];
  let checkpointAt = -1;
  let now = start;

  const note = (decisions: ShardDecision<string>[]) => {
    for (const decision of decisions) {
      timeline.push(describeDecision(decision, now));
      if (decision.kind === 'give-up') for (const r of decision.records) finished.add(r.sequenceNumber);
      if (decision.kind === 'checkpoint') {
        const at = position.get(decision.sequenceNumber) as number;
        expect(at, `checkpoint ${decision.sequenceNumber} moves forward`).toBeGreaterThan(checkpointAt);
        for (const r of stream.slice(checkpointAt + 1, at + 1)) {
          if (!finished.has(r.sequenceNumber)) lost.push(r.sequenceNumber);
        }
        checkpointAt = at;
      }
    }
  };

  note(batcher.receive(stream, now));
  for (let step = 0; ; step++) {
    if (step > 1000) throw new Error(`the mapping does not settle: ${timeline.slice(-5).join('; ')}`);
    const decisions = batcher.next(now);
    note(decisions);
    const invoke = decisions.at(-1);
    if (invoke?.kind === 'invoke') {
      const answer = consumer(invoke.records, invoke.attempt);
      for (const name of handledBy(answer, invoke.records)) {
        if (!finished.has(name)) handledInOrder.push(name);
        finished.add(name);
      }
      note(batcher.settle(outcomeOf(answer), now));
    } else if (decisions.length === 0) {
      if (batcher.pending === 0) break;
      const due = batcher.retryAt > now ? batcher.retryAt : batcher.windowEndsAt;
      if (due === undefined || due <= now)
        throw new Error(`nothing due, yet ${batcher.pending} record(s) wait`);
      now = due;
    }
  }
  const streamOrder = (a: string, b: string) => (position.get(a) as number) - (position.get(b) as number);
  expect(handledInOrder, 'records are finished in stream order').toEqual(
    handledInOrder.toSorted(streamOrder),
  );
  return { timeline, lost };
}

const handlesAll: Consumer = () => 'ok';
const failsOn =
  (poison: string): Consumer =>
  (records) =>
    records.includes(poison) ? { throws: `cannot handle ${poison}` } : 'ok';
const reportsOnFirstAttempt =
  (...names: string[]): Consumer =>
  (records, attempt) =>
    attempt === 1 && names.some((name) => records.includes(name)) ? { reportFailed: names } : 'ok';
/** Answers `answer` for a batch of several records and handles single records (the halves of a bisection). */
const answersForWholeBatch =
  (answer: Answer): Consumer =>
  (records) =>
    records.length > 1 ? answer : 'ok';

interface Scenario {
  name: string;
  records: RecordSpec[];
  consumer: Consumer;
  settings?: Partial<BatchingSettings>;
  timeline: string[];
  lost?: string[];
}

const scenarios: Scenario[] = [
  {
    name: 'hands records over in stream order, in batches of the batch size, checkpointing after each',
    records: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    consumer: handlesAll,
    timeline: ['invoke a b c', 'checkpoint c', 'invoke d e f', 'checkpoint f', 'invoke g', 'checkpoint g'],
  },
  {
    name: 'never hands over filtered-out records, yet checkpoints past them',
    records: ['~x', 'a', '~y', 'b', 'c', '~z', 'd', '~end'],
    consumer: handlesAll,
    timeline: ['checkpoint x', 'invoke a b c', 'checkpoint z', 'invoke d', 'checkpoint end'],
  },
  {
    name: 'on a partial failure at record k, checkpoints before k and retries from k with the records behind it',
    records: ['a', 'b', 'c', 'd'],
    consumer: reportsOnFirstAttempt('b'),
    timeline: [
      'invoke a b c',
      'checkpoint a',
      'retry 1 of 2 in 100 ms',
      'invoke b c (attempt 2)',
      'checkpoint c',
      'invoke d',
      'checkpoint d',
    ],
  },
  {
    name: 'when several records are reported, retries from the earliest of them',
    records: ['a', 'b', 'c', 'd'],
    consumer: reportsOnFirstAttempt('c', 'b', 'd'),
    settings: { batchSize: 4 },
    timeline: [
      'invoke a b c d',
      'checkpoint a',
      'retry 1 of 2 in 100 ms',
      'invoke b c d (attempt 2)',
      'checkpoint d',
    ],
  },
  {
    name: 'a failure reported at the first record keeps the checkpoint where it was',
    records: ['a', 'b', 'c'],
    consumer: reportsOnFirstAttempt('a'),
    timeline: ['invoke a b c', 'retry 1 of 2 in 100 ms', 'invoke a b c (attempt 2)', 'checkpoint c'],
  },
  {
    name: 'a record reported failed every time goes to the on-failure list with those behind it in its batch',
    records: ['a', 'b', 'c', 'd'],
    consumer: (records) => (records.includes('b') ? { reportFailed: ['b'] } : 'ok'),
    timeline: [
      'invoke a b c',
      'checkpoint a',
      'retry 1 of 2 in 100 ms',
      'invoke b c (attempt 2)',
      'retry 2 of 2 in 200 ms',
      'invoke b c (attempt 3)',
      'on-failure b c: RetryAttemptsExhausted after 3 (reported in batchItemFailures)',
      'checkpoint c',
      'invoke d',
      'checkpoint d',
    ],
  },
  {
    name: 'bisects a batch that throws down to the poisoned record, retries it retryAttempts times, lists it as a failure, and the rest go on in order',
    records: ['a', 'b', 'poison', 'c'],
    consumer: failsOn('poison'),
    timeline: [
      'invoke a b poison',
      'bisect 3',
      'invoke a b',
      'checkpoint b',
      'invoke poison',
      'retry 1 of 2 in 100 ms',
      'invoke poison (attempt 2)',
      'retry 2 of 2 in 200 ms',
      'invoke poison (attempt 3)',
      'on-failure poison: RetryAttemptsExhausted after 3 (cannot handle poison)',
      'checkpoint poison',
      'invoke c',
      'checkpoint c',
    ],
  },
  {
    name: 'without bisection, retries the whole batch and then lists all of it as a failure',
    records: ['a', 'poison', 'c', 'd'],
    consumer: failsOn('poison'),
    settings: { bisectBatchOnError: false },
    timeline: [
      'invoke a poison c',
      'retry 1 of 2 in 100 ms',
      'invoke a poison c (attempt 2)',
      'retry 2 of 2 in 200 ms',
      'invoke a poison c (attempt 3)',
      'on-failure a poison c: RetryAttemptsExhausted after 3 (cannot handle poison)',
      'checkpoint c',
      'invoke d',
      'checkpoint d',
    ],
  },
  {
    name: 'waits longer before each retry, doubling up to the longest delay',
    records: ['poison'],
    consumer: failsOn('poison'),
    settings: { retryAttempts: 5 },
    timeline: [
      'invoke poison',
      'retry 1 of 5 in 100 ms',
      'invoke poison (attempt 2)',
      'retry 2 of 5 in 200 ms',
      'invoke poison (attempt 3)',
      'retry 3 of 5 in 400 ms',
      'invoke poison (attempt 4)',
      'retry 4 of 5 in 800 ms',
      'invoke poison (attempt 5)',
      'retry 5 of 5 in 1000 ms',
      'invoke poison (attempt 6)',
      'on-failure poison: RetryAttemptsExhausted after 6 (cannot handle poison)',
      'checkpoint poison',
    ],
  },
  ...[
    { name: 'an unknown itemIdentifier', answer: { batchItemFailures: [{ itemIdentifier: 'zz' }] } },
    { name: 'an empty itemIdentifier', answer: { batchItemFailures: [{ itemIdentifier: '' }] } },
    { name: 'a null itemIdentifier', answer: { batchItemFailures: [{ itemIdentifier: null }] } },
    { name: 'a batchItemFailures that is not a list', answer: { batchItemFailures: 'a' } },
  ].map(
    ({ name, answer }): Scenario => ({
      name: `treats ${name} as a failure of the whole batch`,
      records: ['a', 'b'],
      consumer: answersForWholeBatch({ answers: answer, handled: 'none' }),
      timeline: ['invoke a b', 'bisect 2', 'invoke a', 'checkpoint a', 'invoke b', 'checkpoint b'],
    }),
  ),
  ...[
    { name: 'an empty batchItemFailures', answer: { batchItemFailures: [] } },
    { name: 'a null batchItemFailures', answer: { batchItemFailures: null } },
    { name: 'no answer', answer: undefined },
    { name: 'a null answer', answer: null },
    { name: 'an answer that is not an object', answer: 'done' },
  ].map(
    ({ name, answer }): Scenario => ({
      name: `treats ${name} as a success of the whole batch`,
      records: ['a', 'b'],
      consumer: answersForWholeBatch({ answers: answer, handled: 'all' }),
      timeline: ['invoke a b', 'checkpoint b'],
    }),
  ),
  {
    name: 'without reportBatchItemFailures, ignores a partial answer and checkpoints past the reported record',
    records: ['a', 'b', 'c'],
    consumer: reportsOnFirstAttempt('b'),
    settings: { reportBatchItemFailures: false },
    timeline: ['invoke a b c', 'checkpoint c'],
    lost: ['b', 'c'],
  },
  {
    name: 'lists records older than maxRecordAge as failures without invoking them, and hands over the rest',
    records: [{ name: 'old', ageSeconds: 7200 }, { name: 'older', ageSeconds: 9000 }, 'a', 'b'],
    consumer: handlesAll,
    timeline: [
      'on-failure old older: RecordAgeExceeded after 0',
      'invoke a',
      'checkpoint a',
      'invoke b',
      'checkpoint b',
    ],
  },
  {
    name: 'gives up on a failing record once it outlives maxRecordAge, before its retries run out',
    records: ['poison'],
    consumer: failsOn('poison'),
    settings: { retryAttempts: 10, maxRecordAgeSeconds: 1 },
    timeline: [
      'invoke poison',
      'retry 1 of 10 in 100 ms',
      'invoke poison (attempt 2)',
      'retry 2 of 10 in 200 ms',
      'invoke poison (attempt 3)',
      'retry 3 of 10 in 400 ms',
      'invoke poison (attempt 4)',
      'retry 4 of 10 in 800 ms',
      'on-failure poison: RecordAgeExceeded after 4',
      'checkpoint poison',
    ],
  },
  {
    name: 'with maxRecordAge -1, never ages records out',
    records: [{ name: 'ancient', ageSeconds: 30 * 24 * 3600 }],
    consumer: handlesAll,
    settings: { maxRecordAgeSeconds: -1 },
    timeline: ['invoke ancient', 'checkpoint ancient'],
  },
  {
    name: 'never ages out a record without a creation time: it gets all its retries',
    records: [{ name: 'timeless', noCreationTime: true }],
    consumer: failsOn('timeless'),
    settings: { retryAttempts: 3, maxRecordAgeSeconds: 0 },
    timeline: [
      'invoke timeless',
      'retry 1 of 3 in 100 ms',
      'invoke timeless (attempt 2)',
      'retry 2 of 3 in 200 ms',
      'invoke timeless (attempt 3)',
      'retry 3 of 3 in 400 ms',
      'invoke timeless (attempt 4)',
      'on-failure timeless: RetryAttemptsExhausted after 4 (cannot handle timeless)',
      'checkpoint timeless',
    ],
  },
];

describe('the stream mapping of one shard', () => {
  it.each(scenarios)('$name', ({ records, consumer, settings: overrides, timeline, lost = [] }) => {
    expect(run(records, consumer, overrides)).toEqual({ timeline, lost });
  });

  it('with the declared ledger consumer settings, isolates one poisoned record among 250 and loses nothing else', () => {
    const names = Array.from({ length: 250 }, (_, i) => `r${String(i).padStart(3, '0')}`);
    const invocations: string[][] = [];

    const { timeline, lost } = run(
      names,
      (records) => {
        invocations.push(records);
        return records.includes('r137') ? { throws: 'cannot handle r137' } : 'ok';
      },
      ledgerStreamConsumer,
    );

    const failures = timeline.filter((line) => line.startsWith('on-failure'));
    expect({ failures, lost, last: timeline.at(-1) }).toEqual({
      failures: [
        `on-failure r137: RetryAttemptsExhausted after ${1 + ledgerStreamConsumer.retryAttempts} (cannot handle r137)`,
      ],
      lost: [],
      last: 'checkpoint r249',
    });
    expect(invocations.filter((batch) => batch.includes('r137')).map((batch) => batch.length)).toEqual([
      100, 50, 25, 13, 6, 3, 1, 1, 1, 1, 1, 1,
    ]);
    expect(invocations.filter((batch) => !batch.includes('r137')).flat()).toEqual(
      names.filter((name) => name !== 'r137'),
    );
  });
});

describe('reading and batching windows', () => {
  const records = (...names: string[]) => names.map(shardRecord);

  it('waits for a batch to fill until its window closes, then hands over what came', () => {
    const batcher = new ShardBatcher<string>(
      { ...settings, batchSize: 10, maxBatchingWindowSeconds: 1 },
      delays,
    );

    const steps = [
      batcher.receive(records('a'), start),
      batcher.next(start),
      batcher.receive(records('b'), start + 400),
      batcher.next(start + 999),
      batcher.next(start + 1000),
    ];

    expect({ steps, windowEndsAt: batcher.windowEndsAt }).toEqual({
      steps: [[], [], [], [], [{ kind: 'invoke', records: ['a', 'b'], attempt: 1 }]],
      windowEndsAt: start + 1000,
    });
  });

  it('hands over a full batch at once, and the records left open the next window when they were read', () => {
    const batcher = new ShardBatcher<string>(
      { ...settings, batchSize: 2, maxBatchingWindowSeconds: 60 },
      delays,
    );

    batcher.receive(records('a', 'b', 'c'), start);
    const first = batcher.next(start + 5);
    const settled = batcher.settle({ kind: 'returned', response: undefined }, start + 10);
    const early = batcher.next(start + 59_999);
    const onTime = batcher.next(start + 60_000);

    expect({ first, settled, early, onTime }).toEqual({
      first: [{ kind: 'invoke', records: ['a', 'b'], attempt: 1 }],
      settled: [{ kind: 'checkpoint', sequenceNumber: 'b' }],
      early: [],
      onTime: [{ kind: 'invoke', records: ['c'], attempt: 1 }],
    });
  });

  it('hands over the last records of a shard that ended without waiting for the window, then is finished', () => {
    const batcher = new ShardBatcher<string>(
      { ...settings, batchSize: 10, maxBatchingWindowSeconds: 60 },
      delays,
    );

    batcher.receive(records('a', '~b'), start);
    batcher.end();
    const invoke = batcher.next(start);
    const finishedWhileInvoking = batcher.finished;
    const settled = batcher.settle({ kind: 'returned', response: undefined }, start);

    expect({ invoke, finishedWhileInvoking, settled, finished: batcher.finished }).toEqual({
      invoke: [{ kind: 'invoke', records: ['a'], attempt: 1 }],
      finishedWhileInvoking: false,
      settled: [{ kind: 'checkpoint', sequenceNumber: 'b' }],
      finished: true,
    });
  });

  it('asks for more records only while less than a full batch waits, and again once it went', () => {
    const batcher = new ShardBatcher<string>(settings, delays);

    const wantedAtFirst = batcher.wantsRecords();
    batcher.receive(records('a', 'b'), start);
    const wantedWithTwo = batcher.wantsRecords();
    batcher.receive(records('c', '~d'), start);
    const wantedWithThree = batcher.wantsRecords();
    batcher.next(start);
    batcher.settle({ kind: 'returned', response: undefined }, start);
    const wantedAfterBatch = batcher.wantsRecords();

    expect({ wantedAtFirst, wantedWithTwo, wantedWithThree, wantedAfterBatch }).toEqual({
      wantedAtFirst: true,
      wantedWithTwo: true,
      wantedWithThree: false,
      wantedAfterBatch: true,
    });
  });

  it('hands over nothing while an invocation runs, and refuses records read meanwhile', () => {
    const batcher = new ShardBatcher<string>(settings, delays);
    batcher.receive(records('a'), start);

    batcher.next(start);

    expect(batcher.next(start)).toEqual([]);
    expect(() => batcher.receive(records('b'), start)).toThrow(/while an invocation runs/);
  });

  it('counts no attempt for an invocation that could not start, and offers the same records when it is due', () => {
    const batcher = new ShardBatcher<string>(settings, delays);
    batcher.receive(records('a', 'b'), start);
    batcher.next(start);

    batcher.postpone(start + 1000);
    const tooEarly = batcher.next(start + 999);
    const due = batcher.next(start + 1000);

    expect({ tooEarly, due }).toEqual({
      tooEarly: [],
      due: [{ kind: 'invoke', records: ['a', 'b'], attempt: 1 }],
    });
  });
});

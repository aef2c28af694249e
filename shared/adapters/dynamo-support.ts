// Small DynamoDB helpers shared by the adapters: cursors, transaction retries, cancellation reasons.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  type TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
import { ValidationError } from '../domain/errors';
import { withRetries } from '../retry';

type Key = Record<string, NativeAttributeValue>;

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** Opaque to clients: the LastEvaluatedKey, base64url JSON, checked to belong to the partition read. */
export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined, partition: string): Key | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && key.pk === partition && typeof key.sk === 'string') {
      return { pk: key.pk, sk: key.sk };
    }
  } catch {
    // falls through to the validation error
  }
  throw ValidationError.field('cursor', 'is not a cursor this list gave out');
}

export interface CancellationReason {
  code: string | undefined;
  item: Record<string, unknown> | undefined;
}

/** The per-item reasons of a cancelled transaction, with ALL_OLD items unmarshalled. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => ({
    code: reason.Code,
    item: reason.Item ? unmarshall(reason.Item) : undefined,
  }));
}

function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  return cancellationReasons(error)?.some((r) => r.code === 'TransactionConflict') ?? false;
}

/**
 * DynamoDB cancels a transaction that touches an item another transaction is writing (a counter two
 * handovers move at once) and the SDK does not retry that; we do, by the one retry policy.
 */
export async function retryOnTransactionConflict<T>(operation: () => Promise<T>): Promise<T> {
  return withRetries(operation, isTransactionConflict);
}

/**
 * Reads up to `limit` items of a query, following DynamoDB's pages (which a filter can leave short or
 * empty) and reading one past the limit, so the cursor is given only when more items really exist.
 */
export async function queryPage(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  cursor: string | undefined,
  limit: number,
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const partition = String(input.ExpressionAttributeValues?.[':pk']);
  const items: Record<string, unknown>[] = [];
  let startKey = decodeCursor(cursor, partition);
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: startKey,
        Limit: limit + 1,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length <= limit);
  if (items.length <= limit) return { items };
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1] as Record<string, unknown>;
  return { items: kept, nextCursor: encodeCursor({ pk: last.pk, sk: last.sk }) as string };
}

// Small DynamoDB helpers shared by the adapters: list cursors and paged queries.
import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
import { ValidationError } from '../domain/errors';

type Key = Record<string, NativeAttributeValue>;

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

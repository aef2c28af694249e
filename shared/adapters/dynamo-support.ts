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

/** The range a list reads: its partition, and the prefix its sort keys begin with (none: the whole partition). */
export interface KeyRange {
  partition: string;
  prefix?: string;
}

/** Opaque to clients: the LastEvaluatedKey, base64url JSON, checked on the way back in to lie in the range read. */
export function encodeCursor(key: Key | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/**
 * A cursor outside the list's key range (a well-formed key of another partition or prefix) would make
 * DynamoDB refuse the query, which answered 500: it is a 400 here instead.
 */
export function decodeCursor(cursor: string | undefined, range: KeyRange): Key | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      key &&
      typeof key === 'object' &&
      key.pk === range.partition &&
      typeof key.sk === 'string' &&
      key.sk.startsWith(range.prefix ?? '')
    ) {
      return { pk: key.pk, sk: key.sk };
    }
  } catch {
    // falls through to the validation error
  }
  throw ValidationError.field('cursor', 'is not a cursor this list gave out');
}

/**
 * The most items one request examines. A filtered list (an organization's own handovers, one ward's) would
 * otherwise read the whole campaign to fill a page; past this it answers what it found, maybe nothing, with
 * a cursor that goes on from where it stopped. About 50 RCU at 400-byte items, eventually consistent.
 */
export const maxExaminedPerPage = 1000;

/**
 * Reads up to `limit` items of a query, following DynamoDB's pages (which a filter can leave short or
 * empty) and reading one past the limit, so the cursor is given only when more items really exist. The
 * range is the key condition's `:pk` and, where it has one, `:prefix`. At most `maxExamined` items are
 * examined: a page cut there may be short, even empty, and still carry a cursor.
 */
export async function queryPage(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  cursor: string | undefined,
  limit: number,
  maxExamined = maxExaminedPerPage,
): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const values = input.ExpressionAttributeValues ?? {};
  const range: KeyRange = {
    partition: String(values[':pk']),
    ...(values[':prefix'] === undefined ? {} : { prefix: String(values[':prefix']) }),
  };
  const items: Record<string, unknown>[] = [];
  let startKey = decodeCursor(cursor, range);
  let examined = 0;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: startKey,
        // DynamoDB's Limit counts items examined, before the filter.
        Limit: Math.min(limit + 1, maxExamined - examined),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    items.push(...(page.Items ?? []));
    examined += page.ScannedCount ?? page.Items?.length ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && items.length <= limit && examined < maxExamined);
  if (items.length <= limit)
    return startKey ? { items, nextCursor: encodeCursor(startKey) as string } : { items };
  const kept = items.slice(0, limit);
  const last = kept[kept.length - 1] as Record<string, unknown>;
  return { items: kept, nextCursor: encodeCursor({ pk: last.pk, sk: last.sk }) as string };
}

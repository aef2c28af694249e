// The one way the adapters write a DynamoDB transaction: conflicts retried, cancellations decoded per item.
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { withRetries } from '../retry';

export type TransactItem = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>[number];

/** Why DynamoDB cancelled one item of a transaction; `code` is 'None' for the items that were fine. */
export interface CancellationReason {
  code: string | undefined;
  /** The item's condition failed: it is not as the transaction expected. */
  conditionFailed: boolean;
  /** The item as stored, where the item asked for it (ReturnValuesOnConditionCheckFailure ALL_OLD). */
  item: Record<string, unknown> | undefined;
}

export type TransactionOutcome =
  | { committed: true }
  /** `error` is the SDK's, for the caller to throw when the reasons mean nothing it knows. */
  | { committed: false; reasons: CancellationReason[]; error: TransactionCanceledException };

/**
 * Sends `items` as one transaction. DynamoDB cancels a transaction that touches an item another one is
 * writing (a counter two handovers move at once) and the SDK does not retry that: we do, by the one retry
 * policy, and throw if the conflicts outlast it. Any other cancellation comes back as its reasons, one per
 * item in the order given, so that each caller only says what they mean.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  items: TransactItem[],
): Promise<TransactionOutcome> {
  try {
    await withRetries(
      () => client.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' })),
      isTransactionConflict,
    );
    return { committed: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException) || isTransactionConflict(error)) throw error;
    return { committed: false, reasons: cancellationReasons(error), error };
  }
}

function cancellationReasons(error: TransactionCanceledException): CancellationReason[] {
  return (error.CancellationReasons ?? []).map((reason) => ({
    code: reason.Code,
    conditionFailed: reason.Code === 'ConditionalCheckFailed',
    item: reason.Item ? unmarshall(reason.Item) : undefined,
  }));
}

function isTransactionConflict(error: unknown): boolean {
  if (error instanceof Error && error.name === 'TransactionConflictException') return true;
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}

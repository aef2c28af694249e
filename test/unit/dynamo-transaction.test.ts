// transactWrite with a mocked DynamoDB: one command shape, conflicts retried, other cancellations decoded per item.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type TransactItem, transactWrite } from '../../shared/adapters/dynamo-transaction';
import { retryPolicy } from '../../shared/retry';
import { transactionCanceled } from './handlers/support';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));

beforeEach(() => {
  ddb.reset();
  // Conflicts are retried after a random wait: no wait keeps the tests quick.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

const items: TransactItem[] = [
  {
    Put: {
      TableName: 'ledger-unit',
      Item: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN', type: 'campaign', id: 'longbien-2018' },
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  },
  {
    Update: {
      TableName: 'ledger-unit',
      Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'TOTAL#great-unity-house' },
      UpdateExpression: 'ADD delivered :delta',
      ExpressionAttributeValues: { ':delta': 1 },
    },
  },
];
const sent = { TransactItems: items, ReturnConsumedCapacity: 'TOTAL' };
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

describe('transactWrite', () => {
  it('sends the items as one transaction that reports its consumed capacity', async () => {
    ddb.on(TransactWriteCommand).resolves({});

    const outcome = await transactWrite(client, items);

    expect([outcome, transactions()]).toEqual([{ committed: true }, [sent]]);
  });

  it('sends the same transaction again after a conflict with another one', async () => {
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'None' }, { Code: 'TransactionConflict' }]))
      .resolves({});

    const outcome = await transactWrite(client, items);

    expect([outcome, transactions()]).toEqual([{ committed: true }, [sent, sent]]);
  });

  it('throws the cancellation when conflicts outlast the retry policy', async () => {
    const conflict = transactionCanceled([{ Code: 'None' }, { Code: 'TransactionConflict' }]);
    ddb.on(TransactWriteCommand).rejects(conflict);

    const thrown = await transactWrite(client, items).catch((error) => error);

    expect([thrown, transactions().length]).toEqual([conflict, retryPolicy.attempts]);
  });

  it('gives back a failed condition as per-item reasons, with the stored item read back, without retrying', async () => {
    const stored = { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN', type: 'campaign', id: 'longbien-2018' };
    const cancelled = transactionCanceled([
      { Code: 'ConditionalCheckFailed', Item: stored },
      { Code: 'None' },
    ]);
    ddb.on(TransactWriteCommand).rejects(cancelled);

    const outcome = await transactWrite(client, items);

    expect([outcome, transactions()]).toEqual([
      {
        committed: false,
        reasons: [
          { code: 'ConditionalCheckFailed', conditionFailed: true, item: stored },
          { code: 'None', conditionFailed: false, item: undefined },
        ],
        error: cancelled,
      },
      [sent],
    ]);
  });

  it('throws any other error as it came', async () => {
    const throttled = new Error('Rate exceeded');
    ddb.on(TransactWriteCommand).rejects(throttled);

    const thrown = await transactWrite(client, items).catch((error) => error);

    expect([thrown, transactions()]).toEqual([throttled, [sent]]);
  });
});

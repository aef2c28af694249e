// Paged queries: cursors come back only inside the list's key range, and a filtered list stops examining at
// its cap with a cursor that goes on from there.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, queryPage } from '../../shared/adapters/dynamo-support';
import { ValidationError } from '../../shared/domain/errors';

const ddb = mockClient(DynamoDBDocumentClient);
const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const partition = 'CAMPAIGN#longbien-2018';
const handovers = (ward: string) => ({
  TableName: 'handovers-unit',
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  FilterExpression: 'ward = :ward',
  ExpressionAttributeValues: { ':pk': partition, ':prefix': 'HANDOVER#', ':ward': ward },
});
const key = (n: number) => ({ pk: partition, sk: `HANDOVER#${String(n).padStart(4, '0')}` });

beforeEach(() => ddb.reset());

describe('decodeCursor', () => {
  const range = { partition, prefix: 'HANDOVER#' };

  it('gives back a key this list gave out', () => {
    expect(decodeCursor(encodeCursor(key(7)), range)).toEqual(key(7));
  });

  it.each([
    ['another partition', { pk: 'CAMPAIGN#other', sk: 'HANDOVER#0001' }],
    ['another prefix of the same partition', { pk: partition, sk: 'TOTAL#great-unity-house' }],
    ['a key past every item', { pk: partition, sk: 'ZZZ' }],
    ['a sort key that is not a string', { pk: partition, sk: 7 }],
  ])('refuses a cursor of %s as a validation error on cursor', (_, foreign) => {
    expect(() => decodeCursor(encodeCursor(foreign), range)).toThrow(ValidationError);
  });
});

describe('queryPage', () => {
  it('stops examining at its cap and answers a short page whose cursor goes on from there', async () => {
    // Three pages of 4 examined items each; the filter keeps one item of the second page only.
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [], ScannedCount: 4, LastEvaluatedKey: key(4) })
      .resolvesOnce({ Items: [{ ...key(6), ward: 'Bồ Đề' }], ScannedCount: 4, LastEvaluatedKey: key(8) })
      .resolvesOnce({ Items: [], ScannedCount: 4, LastEvaluatedKey: key(12) });

    const page = await queryPage(client, handovers('Bồ Đề'), undefined, 100, 8);

    expect(page).toEqual({ items: [{ ...key(6), ward: 'Bồ Đề' }], nextCursor: encodeCursor(key(8)) });
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([8, 4]);
  });

  it('gives no cursor once the range is read to its end', async () => {
    ddb.on(QueryCommand).resolvesOnce({ Items: [{ ...key(1), ward: 'Bồ Đề' }], ScannedCount: 3 });

    expect(await queryPage(client, handovers('Bồ Đề'), undefined, 100, 8)).toEqual({
      items: [{ ...key(1), ward: 'Bồ Đề' }],
    });
  });

  it('refuses a cursor outside the range before asking DynamoDB', async () => {
    const foreign = encodeCursor({ pk: partition, sk: 'WARD#Bồ Đề#love-shelter' });

    await expect(queryPage(client, handovers('Bồ Đề'), foreign, 100)).rejects.toThrow(ValidationError);
    expect(ddb.commandCalls(QueryCommand)).toEqual([]);
  });
});

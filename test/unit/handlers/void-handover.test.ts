// POST /v1/campaigns/{campaignId}/handovers/{handoverId}/void with a mocked DynamoDB: one transaction
// that takes the handover out of every counter, once, and writes its audit entry.
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditEntryPut,
  auditItemOf,
  campaignOpenCheck,
  frontCommittee,
  frontCommitteeActor,
  handoversTableName,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  moneyTotalUpdate,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let voidHandover: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  voidHandover = await loadHandler('VoidHandover');
});

const now = '2018-06-02T02:00:00.000Z';

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const handoverId = '0123456789abcdef0123456789abcdef';
const handoverKey = { pk: 'CAMPAIGN#longbien-2018', sk: `HANDOVER#${handoverId}` };
const reason = 'Ghi nhầm phường';
const stored = {
  ...handoverKey,
  type: 'handover',
  id: handoverId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  category: 'great-unity-house',
  ward: 'Gia Thụy',
  handedOverOn: '2018-05-19',
  beneficiary: { name: 'Nguyễn Thị A' },
  pledgeId: 'pledgemttq00001',
  state: 'recorded',
  recordedAt: '2018-05-19T04:00:00.000Z',
  recordedBy: 'user-front',
  requestFingerprint: 'fingerprint',
};

const voidedView = {
  id: handoverId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  category: 'great-unity-house',
  ward: 'Gia Thụy',
  handedOverOn: '2018-05-19',
  beneficiary: { name: 'Nguyễn Thị A' },
  pledgeId: 'pledgemttq00001',
  status: 'voided',
  verification: 'unverified',
  recordedAt: '2018-05-19T04:00:00.000Z',
  voidedAt: now,
  voidReason: reason,
};

const voidIt = () =>
  voidHandover({
    pathParameters: { campaignId: 'longbien-2018', handoverId },
    body: { reason },
    as: frontCommittee,
  });

const withoutText = ({ text: _text, ...answer }: Answer) => answer;
const handoverRead = { TableName: handoversTableName, Key: handoverKey, ConsistentRead: true };

describe('voiding a handover', () => {
  it('marks it voided, takes it back out of the pledge, category and ward counters and writes its audit entry at once', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await voidIt();

    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([handoverRead]);
    expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input)).toEqual([
      {
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          {
            Update: {
              TableName: handoversTableName,
              Key: handoverKey,
              UpdateExpression: 'SET #state = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
              ConditionExpression: '#state = :recorded AND attribute_not_exists(verifiedAt)',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':voided': 'voided',
                ':recorded': 'recorded',
                ':at': now,
                ':by': 'user-front',
                ':reason': reason,
              },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            Update: {
              TableName: ledgerTableName,
              Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'PLEDGE#pledgemttq00001' },
              UpdateExpression: 'ADD delivered :delta',
              ExpressionAttributeValues: { ':delta': -1 },
            },
          },
          {
            Update: {
              TableName: ledgerTableName,
              Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'TOTAL#great-unity-house' },
              UpdateExpression:
                'ADD delivered :delta SET #type = :type, category = :category, ' +
                'lastHandoverId = :handoverId, lastOrganizationId = :organizationId, lastWard = :ward',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: {
                ':delta': -1,
                ':category': 'great-unity-house',
                ':type': 'category-total',
                ':handoverId': handoverId,
                ':organizationId': 'mttq-long-bien',
                ':ward': 'Gia Thụy',
              },
            },
          },
          {
            Update: {
              TableName: ledgerTableName,
              Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'WARD#Gia Thụy#great-unity-house' },
              UpdateExpression: 'ADD delivered :delta SET #type = :type, category = :category, ward = :ward',
              ExpressionAttributeNames: { '#type': 'type' },
              ExpressionAttributeValues: {
                ':delta': -1,
                ':category': 'great-unity-house',
                ':type': 'ward-total',
                ':ward': 'Gia Thụy',
              },
            },
          },
          moneyTotalUpdate({ category: 'great-unity-house', organizationId: 'mttq-long-bien', delta: -1 }),
          auditEntryPut({
            campaignId: 'longbien-2018',
            at: now,
            actor: frontCommitteeActor,
            action: 'handover.voided',
            subject: { type: 'handover', id: handoverId },
            changes: [{ field: 'status', from: 'recorded', to: 'voided' }],
            reason,
          }),
          campaignOpenCheck(),
        ],
      },
    ]);
    const entry = JSON.stringify(auditItemOf(ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input));
    expect(entry).not.toContain('Nguyễn Thị A');
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: voidedView });
  });

  it('answers a handover already voided as it is, writing nothing', async () => {
    ddb.on(GetCommand).resolves({
      Item: {
        ...stored,
        state: 'voided',
        voidedAt: '2018-06-01T00:00:00.000Z',
        voidedBy: 'u',
        voidReason: 'Trùng',
      },
    });

    const answer = await voidIt();

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual({
      status: 200,
      headers: jsonHeaders,
      body: { ...voidedView, voidedAt: '2018-06-01T00:00:00.000Z', voidReason: 'Trùng' },
    });
  });

  it('answers the concurrent void that won, when its own transaction finds the handover voided', async () => {
    const voidedMeanwhile = {
      ...stored,
      state: 'voided',
      voidedAt: '2018-06-02T01:59:59.000Z',
      voidReason: reason,
    };
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb
      .on(TransactWriteCommand)
      .rejects(
        transactionCanceled([
          { Code: 'ConditionalCheckFailed', Item: voidedMeanwhile },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
        ]),
      );

    const answer = await voidIt();

    expect(ddb.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([handoverRead]);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(withoutText(answer)).toEqual({
      status: 200,
      headers: jsonHeaders,
      body: { ...voidedView, voidedAt: '2018-06-02T01:59:59.000Z' },
    });
  });

  it('takes a verified handover out of the verified counts too, on condition it is still verified', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...stored, verifiedAt: '2018-06-01T00:00:00.000Z', verifiedBy: 'u2' } });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await voidIt();

    const items = ddb.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(
      items
        .slice(0, 4)
        .map((item) => [
          item.Update?.Key?.sk,
          item.Update?.ConditionExpression ?? item.Update?.UpdateExpression?.split(' SET')[0],
          item.Update?.ExpressionAttributeValues?.[':verifiedDelta'],
        ]),
    ).toEqual([
      [`HANDOVER#${handoverId}`, '#state = :recorded AND attribute_exists(verifiedAt)', undefined],
      ['PLEDGE#pledgemttq00001', 'ADD delivered :delta, verified :verifiedDelta', -1],
      ['TOTAL#great-unity-house', 'ADD delivered :delta, verified :verifiedDelta', -1],
      ['WARD#Gia Thụy#great-unity-house', 'ADD delivered :delta, verified :verifiedDelta', -1],
    ]);
    expect(items[4]).toEqual(
      moneyTotalUpdate({
        category: 'great-unity-house',
        organizationId: 'mttq-long-bien',
        delta: -1,
        verifiedDelta: -1,
      }),
    );
    expect([answer.status, answer.body.status, answer.body.verification]).toEqual([
      200,
      'voided',
      'verified',
    ]);
  });

  it('voids again as the handover is now when it was verified between the read and the write', async () => {
    const verifiedMeanwhile = { ...stored, verifiedAt: '2018-06-02T01:59:59.000Z', verifiedBy: 'u2' };
    const cancelled = transactionCanceled([
      { Code: 'ConditionalCheckFailed', Item: verifiedMeanwhile },
      ...Array.from({ length: 6 }, () => ({ Code: 'None' })),
    ]);
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb.on(TransactWriteCommand).rejectsOnce(cancelled).resolves({});

    const answer = await voidIt();

    const conditions = ddb
      .commandCalls(TransactWriteCommand)
      .map((c) => c.args[0].input.TransactItems?.[0]?.Update?.ConditionExpression);
    expect(conditions).toEqual([
      '#state = :recorded AND attribute_not_exists(verifiedAt)',
      '#state = :recorded AND attribute_exists(verifiedAt)',
    ]);
    expect(ddb).toHaveReceivedCommandTimes(GetCommand, 1);
    expect(answer.status).toBe(200);
  });

  it('answers 404 for a handover that does not exist', async () => {
    ddb.on(GetCommand).resolves({});

    const answer = await voidIt();

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual({
      status: 404,
      headers: jsonHeaders,
      body: { error: { code: 'not_found', message: `Handover ${handoverId} was not found` } },
    });
  });
});

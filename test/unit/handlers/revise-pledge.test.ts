// PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} with a mocked DynamoDB: revision and withdrawal,
// with ownership checked in the same conditional write.
import {
  DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  campaignItem,
  conditionalCheckFailed,
  frontCommittee,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  organizationUser,
  type PledgeFields,
  pledgeItem,
  transactionCanceled,
  useMockedTables,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let revisePledge: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  useMockedTables();
  revisePledge = await loadHandler('RevisePledge');
});

const now = '2018-09-02T01:00:00.000Z';

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
  ddb
    .on(GetCommand, { Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } })
    .resolves({ Item: campaignItem });
});

afterEach(() => {
  vi.useRealTimers();
});

const pledgeId = 'pledgemttq00001';
const pledgeKey = { pk: 'CAMPAIGN#longbien-2018', sk: `PLEDGE#${pledgeId}` };
const mttqPledge: PledgeFields = {
  id: pledgeId,
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 15,
  delivered: 12,
  state: 'active',
};
const reason = 'Điều chỉnh theo nghị quyết';

const revise = (as: EventOptions['as'], body: unknown) =>
  revisePledge({ pathParameters: { campaignId: 'longbien-2018', pledgeId }, body, as });

const targetUpdate = (by: string, extra: { condition?: string; values?: Record<string, unknown> } = {}) => ({
  TableName: ledgerTableName,
  Key: pledgeKey,
  UpdateExpression: 'SET target = :target, updatedAt = :at, lastChange = :change',
  ConditionExpression: `attribute_exists(pk) AND #state = :active${extra.condition ?? ''}`,
  ExpressionAttributeNames: { '#state': 'state' },
  ExpressionAttributeValues: {
    ':target': 10,
    ':at': now,
    ':active': 'active',
    ':change': { kind: 'revised', reason, by, at: now },
    ...extra.values,
  },
  ReturnValues: 'ALL_NEW',
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  ReturnConsumedCapacity: 'TOTAL',
});

const revisedItem = {
  ...pledgeItem({ ...mttqPledge, target: 10 }),
  updatedAt: now,
  lastChange: { kind: 'revised', reason, by: 'user-front', at: now },
};

const revisedView = {
  id: pledgeId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 10,
  delivered: 12,
  remaining: 0,
  surplus: 2,
  percent: 120,
  status: 'exceeded',
  createdAt: '2018-01-05T03:00:00.000Z',
  updatedAt: now,
};

const error = (status: number, code: string, message: string) => ({
  status,
  headers: jsonHeaders,
  body: { error: { code, message } },
});

const withoutText = ({ text: _text, ...answer }: Answer) => answer;

describe('revising a pledge target', () => {
  it('lets the front committee revise any pledge with one conditional update', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: revisedItem });

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input)).toEqual([
      targetUpdate('user-front'),
    ]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: revisedView });
  });

  it('makes an organization user revise only its own pledge, checked in the same update', async () => {
    ddb.on(UpdateCommand).resolves({
      Attributes: { ...revisedItem, lastChange: { ...revisedItem.lastChange, by: 'user-mttq-long-bien' } },
    });

    const answer = await revise(organizationUser('mttq-long-bien'), { target: 10, reason });

    expect(ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input)).toEqual([
      targetUpdate('user-mttq-long-bien', {
        condition: ' AND organizationId = :owner',
        values: { ':owner': 'mttq-long-bien' },
      }),
    ]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: revisedView });
  });

  it("answers 403 when an organization user's update fails on another organization's pledge", async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed(pledgeItem(mttqPledge)));

    const answer = await revise(organizationUser('hoi-phu-nu'), { target: 10, reason });

    expect(ddb).toHaveReceivedCommandTimes(UpdateCommand, 1);
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'You may change only your own organization’s pledges'),
    );
  });

  it('answers 409 for a withdrawn pledge', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed(pledgeItem({ ...mttqPledge, state: 'withdrawn' })));

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 404 for a pledge that does not exist', async () => {
    ddb.on(UpdateCommand).rejects(conditionalCheckFailed());

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(withoutText(answer)).toEqual(error(404, 'not_found', `Pledge ${pledgeId} was not found`));
  });

  it('answers 404 for a campaign that does not exist, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(withoutText(answer)).toEqual(error(404, 'not_found', 'Campaign longbien-2018 was not found'));
  });

  it.each([
    ['neither a target nor a withdrawal', { reason }],
    ['both a target and a withdrawal', { target: 10, status: 'withdrawn', reason }],
  ])('refuses %s with 400 on target', async (_, body) => {
    const answer = await revise(frontCommittee, body);

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual({
      status: 400,
      headers: jsonHeaders,
      body: {
        error: {
          code: 'validation_failed',
          message: 'target: give either a new target or status "withdrawn"',
          details: [{ path: 'target', message: 'give either a new target or status "withdrawn"' }],
        },
      },
    });
  });
});

describe('withdrawing a pledge', () => {
  const pledgeRead = { TableName: ledgerTableName, Key: pledgeKey, ConsistentRead: true };

  it('marks it withdrawn and removes its guard in one transaction', async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({ Item: pledgeItem(mttqPledge) });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } },
      pledgeRead,
    ]);
    expect(ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input)).toEqual([
      {
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          {
            Update: {
              TableName: ledgerTableName,
              Key: pledgeKey,
              UpdateExpression: 'SET #state = :withdrawn, updatedAt = :at, lastChange = :change',
              ConditionExpression: '#state = :active',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: {
                ':withdrawn': 'withdrawn',
                ':active': 'active',
                ':at': now,
                ':change': { kind: 'withdrawn', reason, by: 'user-front', at: now },
              },
            },
          },
          {
            Delete: {
              TableName: ledgerTableName,
              Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'ACTIVE#mttq-long-bien#great-unity-house' },
            },
          },
        ],
      },
    ]);
    expect(withoutText(answer)).toEqual({
      status: 200,
      headers: jsonHeaders,
      body: {
        ...revisedView,
        target: 15,
        remaining: 3,
        surplus: 0,
        percent: 80,
        status: 'withdrawn',
      },
    });
  });

  it('answers 409 for a pledge already withdrawn, writing nothing', async () => {
    ddb
      .on(GetCommand, { Key: pledgeKey })
      .resolves({ Item: pledgeItem({ ...mttqPledge, state: 'withdrawn' }) });

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 409 when a concurrent request withdrew it first', async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({ Item: pledgeItem(mttqPledge) });
    ddb
      .on(TransactWriteCommand)
      .rejects(transactionCanceled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is already withdrawn`));
  });

  it("answers 403 to an organization user withdrawing another organization's pledge, writing nothing", async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({ Item: pledgeItem(mttqPledge) });

    const answer = await revise(organizationUser('hoi-phu-nu'), { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'You may change only your own organization’s pledges'),
    );
  });

  it('answers 404 for a pledge that does not exist', async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({});

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(404, 'not_found', `Pledge ${pledgeId} was not found`));
  });
});

describe('an organization user whose token carries no organization', () => {
  // A Cognito user in the organization group without the attribute must act for none, not for all.
  it('may not revise any pledge: 403, nothing written', async () => {
    ddb.on(UpdateCommand).resolves({ Attributes: revisedItem });

    const answer = await revise(
      { role: 'organization', sub: 'user-without-organization' },
      { target: 10, reason },
    );

    expect(ddb).not.toHaveReceivedCommand(UpdateCommand);
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'Your account is not linked to an organization'),
    );
  });
});

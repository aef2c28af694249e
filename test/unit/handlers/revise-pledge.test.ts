// PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} with a mocked DynamoDB: revision and withdrawal, each
// judged from a consistent read and written with its audit entry in one transaction, on condition the
// pledge is still as read.
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditEntryPut,
  campaignItem,
  campaignOpenCheck,
  type ExpectedAuditEntry,
  frontCommittee,
  frontCommitteeActor,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  organizationActor,
  organizationUser,
  type PledgeFields,
  pledgeItem,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let revisePledge: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
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
/** `updatedAt` of the stored pledge: the write is conditional on it, so the audit entry's "from" is true. */
const seen = pledgeItem(mttqPledge).updatedAt;
const reason = 'Điều chỉnh theo nghị quyết';

const revise = (as: EventOptions['as'], body: unknown) =>
  revisePledge({ pathParameters: { campaignId: 'longbien-2018', pledgeId }, body, as });

const campaignRead = { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } };
const pledgeRead = { TableName: ledgerTableName, Key: pledgeKey, ConsistentRead: true };
const reads = () => ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

function pledgeIsStored(fields: Partial<PledgeFields> = {}) {
  ddb.on(GetCommand, { Key: pledgeKey }).resolves({ Item: pledgeItem({ ...mttqPledge, ...fields }) });
}

/** The pledge's update, on condition it is still active and unchanged since it was read. */
const pledgeUpdate = (UpdateExpression: string, values: Record<string, unknown>) => ({
  Update: {
    TableName: ledgerTableName,
    Key: pledgeKey,
    UpdateExpression,
    ConditionExpression: '#state = :active AND updatedAt = :seen',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ...values, ':at': now, ':active': 'active', ':seen': seen },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

const revised = (actor: ExpectedAuditEntry['actor']): ExpectedAuditEntry => ({
  campaignId: 'longbien-2018',
  at: now,
  actor,
  action: 'pledge.revised',
  subject: { type: 'pledge', id: pledgeId },
  changes: [{ field: 'target', from: 15, to: 10 }],
  reason,
});

const revisionTransaction = (actor: ExpectedAuditEntry['actor']) => ({
  ReturnConsumedCapacity: 'TOTAL',
  TransactItems: [
    pledgeUpdate('SET target = :target, updatedAt = :at, lastChange = :change', {
      ':target': 10,
      ':change': { kind: 'revised', reason, by: actor.sub, at: now },
    }),
    auditEntryPut(revised(actor)),
    campaignOpenCheck(),
  ],
});

const revisedView = {
  id: pledgeId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 10,
  delivered: 12,
  verified: 0,
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

/** DynamoDB's answer when the pledge's condition failed: the pledge as it is stored now (ALL_OLD). */
const pledgeConditionFailed = (fields: Partial<PledgeFields> & { updatedAt?: string }, more: number) =>
  transactionCanceled([
    { Code: 'ConditionalCheckFailed', Item: { ...pledgeItem(mttqPledge), ...fields } },
    // The campaign's open check is the last item, and passed.
    ...Array.from({ length: more + 1 }, () => ({ Code: 'None' })),
  ]);

describe('revising a pledge target', () => {
  it('lets the front committee revise any pledge: reads it, then writes the change and its audit entry in one conditional transaction', async () => {
    pledgeIsStored();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(reads()).toEqual([campaignRead, pledgeRead]);
    expect(transactions()).toEqual([revisionTransaction(frontCommitteeActor)]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: revisedView });
  });

  it("lets an organization user revise its own pledge, naming the user's organization in the audit entry", async () => {
    pledgeIsStored();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(organizationUser('mttq-long-bien'), { target: 10, reason });

    expect(reads()).toEqual([campaignRead, pledgeRead]);
    expect(transactions()).toEqual([revisionTransaction(organizationActor('mttq-long-bien'))]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: revisedView });
  });

  it("answers 403 to an organization user revising another organization's pledge, writing nothing", async () => {
    pledgeIsStored();

    const answer = await revise(organizationUser('hoi-phu-nu'), { target: 10, reason });

    expect(reads()).toEqual([campaignRead, pledgeRead]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'You may change only your own organization’s pledges'),
    );
  });

  it('answers 409 for a withdrawn pledge, writing nothing', async () => {
    pledgeIsStored({ state: 'withdrawn' });

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 404 for a pledge that does not exist, writing nothing', async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({});

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(404, 'not_found', `Pledge ${pledgeId} was not found`));
  });

  it('answers 409 when the pledge was withdrawn between the read and the write, judged from the stored pledge', async () => {
    pledgeIsStored();
    ddb
      .on(TransactWriteCommand)
      .rejects(pledgeConditionFailed({ state: 'withdrawn', updatedAt: '2018-09-02T00:59:59.000Z' }, 1));

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(transactions()).toEqual([revisionTransaction(frontCommitteeActor)]);
    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 409 "changed meanwhile" when another revision landed between the read and the write', async () => {
    pledgeIsStored();
    ddb
      .on(TransactWriteCommand)
      .rejects(pledgeConditionFailed({ target: 12, updatedAt: '2018-09-02T00:59:59.000Z' }, 1));

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(transactions()).toEqual([revisionTransaction(frontCommitteeActor)]);
    expect(withoutText(answer)).toEqual(
      error(409, 'conflict', `Pledge ${pledgeId} changed meanwhile; read it again and retry`),
    );
  });

  it('retries the same transaction when a handover crediting the pledge conflicted with it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    pledgeIsStored();
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(transactionCanceled([{ Code: 'TransactionConflict' }, { Code: 'None' }]))
      .resolves({});

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(transactions()).toEqual([
      revisionTransaction(frontCommitteeActor),
      revisionTransaction(frontCommitteeActor),
    ]);
    expect(transactions()[1]).toEqual(transactions()[0]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: revisedView });
  });

  it('answers 404 for a campaign that does not exist, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});

    const answer = await revise(frontCommittee, { target: 10, reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
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
  const withdrawn = (actor: ExpectedAuditEntry['actor']): ExpectedAuditEntry => ({
    campaignId: 'longbien-2018',
    at: now,
    actor,
    action: 'pledge.withdrawn',
    subject: { type: 'pledge', id: pledgeId },
    changes: [{ field: 'status', from: 'active', to: 'withdrawn' }],
    reason,
  });

  const withdrawalTransaction = (actor: ExpectedAuditEntry['actor']) => ({
    ReturnConsumedCapacity: 'TOTAL',
    TransactItems: [
      pledgeUpdate('SET #state = :withdrawn, updatedAt = :at, lastChange = :change', {
        ':withdrawn': 'withdrawn',
        ':change': { kind: 'withdrawn', reason, by: actor.sub, at: now },
      }),
      {
        Delete: {
          TableName: ledgerTableName,
          Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'ACTIVE#mttq-long-bien#great-unity-house' },
        },
      },
      {
        // Counts the withdrawal: an organization may withdraw three pledges of a category per campaign.
        Update: {
          TableName: ledgerTableName,
          Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'WITHDRAWN#mttq-long-bien#great-unity-house' },
          UpdateExpression: 'ADD withdrawn :one SET #type = :type',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': 'withdrawn-pledges' },
        },
      },
      auditEntryPut(withdrawn(actor)),
      campaignOpenCheck(),
    ],
  });

  const withdrawnView = {
    ...revisedView,
    target: 15,
    remaining: 3,
    surplus: 0,
    percent: 80,
    status: 'withdrawn',
  };

  it('marks it withdrawn, removes its guard and writes its audit entry in one conditional transaction', async () => {
    pledgeIsStored();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(reads()).toEqual([campaignRead, pledgeRead]);
    expect(transactions()).toEqual([withdrawalTransaction(frontCommitteeActor)]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: withdrawnView });
  });

  it("lets an organization user withdraw its own pledge, naming the user's organization in the audit entry", async () => {
    pledgeIsStored();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(organizationUser('mttq-long-bien'), { status: 'withdrawn', reason });

    expect(transactions()).toEqual([withdrawalTransaction(organizationActor('mttq-long-bien'))]);
    expect(withoutText(answer)).toEqual({ status: 200, headers: jsonHeaders, body: withdrawnView });
  });

  it('answers 409 for a pledge already withdrawn, writing nothing', async () => {
    pledgeIsStored({ state: 'withdrawn' });

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 409 when a concurrent request withdrew it first, judged from the stored pledge', async () => {
    pledgeIsStored();
    ddb
      .on(TransactWriteCommand)
      .rejects(pledgeConditionFailed({ state: 'withdrawn', updatedAt: '2018-09-02T00:59:59.000Z' }, 3));

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(transactions()).toEqual([withdrawalTransaction(frontCommitteeActor)]);
    expect(withoutText(answer)).toEqual(error(409, 'conflict', `Pledge ${pledgeId} is withdrawn`));
  });

  it('answers 409 "changed meanwhile" when a revision landed between the read and the withdrawal', async () => {
    pledgeIsStored();
    ddb
      .on(TransactWriteCommand)
      .rejects(pledgeConditionFailed({ target: 12, updatedAt: '2018-09-02T00:59:59.000Z' }, 3));

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(withoutText(answer)).toEqual(
      error(409, 'conflict', `Pledge ${pledgeId} changed meanwhile; read it again and retry`),
    );
  });

  it("answers 403 to an organization user withdrawing another organization's pledge, writing nothing", async () => {
    pledgeIsStored();

    const answer = await revise(organizationUser('hoi-phu-nu'), { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'You may change only your own organization’s pledges'),
    );
  });

  it('answers 404 for a pledge that does not exist, writing nothing', async () => {
    ddb.on(GetCommand, { Key: pledgeKey }).resolves({});

    const answer = await revise(frontCommittee, { status: 'withdrawn', reason });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(withoutText(answer)).toEqual(error(404, 'not_found', `Pledge ${pledgeId} was not found`));
  });
});

describe('an organization user whose token carries no organization', () => {
  // A Cognito user in the organization group without the attribute must act for none, not for all.
  it('may not revise any pledge: 403, nothing read or written', async () => {
    pledgeIsStored();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await revise(
      { role: 'organization', sub: 'user-without-organization' },
      { target: 10, reason },
    );

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(
      error(403, 'forbidden', 'Your account is not linked to an organization'),
    );
  });
});

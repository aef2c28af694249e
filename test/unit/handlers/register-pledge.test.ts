// POST /v1/campaigns/{campaignId}/pledges with a mocked DynamoDB: who may pledge, the guarded write and its
// audit entry, conflicts.
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditEntryPut,
  auditItemOf,
  campaignItem,
  campaignOpenCheck,
  type ExpectedAuditEntry,
  english,
  frontCommittee,
  frontCommitteeActor,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  organizationActor,
  organizationItem,
  organizationUser,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let registerPledge: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  registerPledge = await loadHandler('RegisterPledge', english);
});

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date('2018-03-08T02:30:00.000Z'), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const campaignKey = { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' };
const womensUnionKey = { pk: 'ORGANIZATIONS', sk: 'ORG#hoi-phu-nu' };
const womensUnion = organizationItem('hoi-phu-nu', 'Hội Liên hiệp Phụ nữ quận');
const body = { organizationId: 'hoi-phu-nu', category: 'love-shelter', target: 1 };

const register = (as: EventOptions['as'], requestBody: unknown = body) =>
  registerPledge({ pathParameters: { campaignId: 'longbien-2018' }, body: requestBody, as });

function campaignAndOrganizationExist() {
  ddb.on(GetCommand, { Key: campaignKey }).resolves({ Item: campaignItem });
  ddb.on(GetCommand, { Key: womensUnionKey }).resolves({ Item: womensUnion });
}

const expectedPledge = (id: string, note?: string) => ({
  id,
  campaignId: 'longbien-2018',
  organizationId: 'hoi-phu-nu',
  organizationName: 'Hội Liên hiệp Phụ nữ quận',
  category: 'love-shelter',
  target: 1,
  delivered: 0,
  state: 'active',
  ...(note ? { note } : {}),
  createdAt: '2018-03-08T02:30:00.000Z',
  updatedAt: '2018-03-08T02:30:00.000Z',
});

const registered = (
  id: string,
  actor: ExpectedAuditEntry['actor'] = frontCommitteeActor,
  note?: string,
): ExpectedAuditEntry => ({
  campaignId: 'longbien-2018',
  at: '2018-03-08T02:30:00.000Z',
  actor,
  action: 'pledge.registered',
  subject: { type: 'pledge', id },
  changes: [
    { field: 'organizationId', to: 'hoi-phu-nu' },
    { field: 'category', to: 'love-shelter' },
    { field: 'target', to: 1 },
    ...(note ? [{ field: 'note', to: note }] : []),
  ],
});

/** An organization user's registration also checks it has withdrawn fewer than three such pledges. */
const withdrawalLimitCheck = {
  ConditionCheck: {
    TableName: ledgerTableName,
    Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'WITHDRAWN#hoi-phu-nu#love-shelter' },
    ConditionExpression: 'attribute_not_exists(withdrawn) OR withdrawn < :max',
    ExpressionAttributeValues: { ':max': 3 },
  },
};

const pledgeTransaction = (
  id: string,
  entry: ExpectedAuditEntry,
  note?: string,
  limited = entry.actor.roles.includes('organization'),
) => ({
  ReturnConsumedCapacity: 'TOTAL',
  TransactItems: [
    {
      Put: {
        TableName: ledgerTableName,
        Item: {
          pk: 'CAMPAIGN#longbien-2018',
          sk: `PLEDGE#${id}`,
          type: 'pledge',
          ...expectedPledge(id, note),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: ledgerTableName,
        Item: {
          pk: 'CAMPAIGN#longbien-2018',
          sk: 'ACTIVE#hoi-phu-nu#love-shelter',
          type: 'active-pledge',
          pledgeId: id,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    auditEntryPut(entry),
    ...(limited ? [withdrawalLimitCheck] : []),
    campaignOpenCheck(),
  ],
});

const pledgeView = (id: string, note?: string) => {
  const { state: _state, ...pledge } = expectedPledge(id, note);
  return { ...pledge, verified: 0, remaining: 1, surplus: 0, percent: 0, status: 'in-progress' };
};

describe('registering a pledge', () => {
  it.each([
    ['the front committee', frontCommittee, frontCommitteeActor],
    [
      'an organization user for its own organization',
      organizationUser('hoi-phu-nu'),
      organizationActor('hoi-phu-nu'),
    ],
  ])(
    'lets %s register: reads campaign and organization, then writes pledge, guard and audit entry at once',
    async (_, as, actor) => {
      campaignAndOrganizationExist();
      ddb.on(TransactWriteCommand).resolves({});

      const answer = await register(as);

      const id = String(answer.body?.id);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
        { TableName: ledgerTableName, Key: campaignKey },
        { TableName: ledgerTableName, Key: womensUnionKey },
      ]);
      const transactions = ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);
      expect(transactions).toEqual([pledgeTransaction(id, registered(id, actor))]);
      const entry = auditItemOf(transactions[0]);
      expect(entry.sk).toBe(`${entry.at}#${entry.id}`);
      expect(ddb.calls()).toHaveLength(3);
      expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: pledgeView(id) });
    },
  );

  it('stores a note written in ordinary Vietnamese text with the pledge and in its audit entry', async () => {
    campaignAndOrganizationExist();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await register(frontCommittee, { ...body, note: 'Nhân ngày 8/3, năm 2018' });

    const id = String(answer.body?.id);
    expect(ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input)).toEqual([
      pledgeTransaction(
        id,
        registered(id, frontCommitteeActor, 'Nhân ngày 8/3, năm 2018'),
        'Nhân ngày 8/3, năm 2018',
      ),
    ]);
    expect(answer).toEqual({
      status: 201,
      headers: jsonHeaders,
      text: answer.text,
      body: pledgeView(id, 'Nhân ngày 8/3, năm 2018'),
    });
  });

  it.each([
    ['a bell character', 'Năm 2018\u0007'],
    ['a NUL character', '\u0000'],
  ])('refuses a note with %s with 400 on note, before any DynamoDB call', async (_, note) => {
    const answer = await register(frontCommittee, { ...body, note });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'note: must not contain control characters',
          details: [{ path: 'note', message: 'must not contain control characters' }],
        },
      },
    });
  });

  it('keeps line breaks and tabs in a note', async () => {
    campaignAndOrganizationExist();
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await register(frontCommittee, { ...body, note: 'Dòng 1\nDòng 2\tcột' });

    expect([answer.status, answer.body?.note]).toEqual([201, 'Dòng 1\nDòng 2\tcột']);
  });

  it('refuses an organization user pledging for another organization with 403, before any DynamoDB call', async () => {
    const answer = await register(organizationUser('quan-doan'));

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: { code: 'forbidden', message: 'You may register pledges only for your own organization' },
      },
    });
  });

  it('answers 409 when the organization already has an active pledge in the category', async () => {
    campaignAndOrganizationExist();
    ddb.on(TransactWriteCommand).rejects(
      transactionCanceled([
        { Code: 'None' },
        {
          Code: 'ConditionalCheckFailed',
          Item: {
            pk: 'CAMPAIGN#longbien-2018',
            sk: 'ACTIVE#hoi-phu-nu#love-shelter',
            type: 'active-pledge',
            pledgeId: 'pledgeexisting01',
          },
        },
        { Code: 'None' },
        { Code: 'None' },
      ]),
    );

    const answer = await register(frontCommittee);

    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(answer).toEqual({
      status: 409,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'conflict',
          message:
            'hoi-phu-nu already has an active love-shelter pledge (pledgeexisting01): revise it instead',
        },
      },
    });
  });

  it('answers 409 to an organization that has withdrawn three pledges of the category in the campaign', async () => {
    campaignAndOrganizationExist();
    ddb
      .on(TransactWriteCommand)
      .rejects(
        transactionCanceled([
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed' },
          { Code: 'None' },
        ]),
      );

    const answer = await register(organizationUser('hoi-phu-nu'));

    expect(answer.status).toBe(409);
    expect(answer.body?.error).toEqual({
      code: 'conflict',
      message:
        'hoi-phu-nu has withdrawn 3 love-shelter pledges in this campaign already: ask the front committee to register it',
    });
  });

  it('refuses an organization that does not exist with 400 on organizationId, writing nothing', async () => {
    ddb.on(GetCommand, { Key: campaignKey }).resolves({ Item: campaignItem });
    ddb.on(GetCommand, { Key: womensUnionKey }).resolves({});

    const answer = await register(frontCommittee);

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'organizationId: unknown organization hoi-phu-nu',
          details: [{ path: 'organizationId', message: 'unknown organization hoi-phu-nu' }],
        },
      },
    });
  });

  it('answers 404 for a campaign that does not exist, writing nothing', async () => {
    ddb.on(GetCommand, { Key: campaignKey }).resolves({});
    ddb.on(GetCommand, { Key: womensUnionKey }).resolves({ Item: womensUnion });

    const answer = await register(frontCommittee);

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Campaign longbien-2018 was not found' } },
    });
  });
});

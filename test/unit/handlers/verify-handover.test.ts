// Verify, unverify and close with a mocked DynamoDB: the transactions they send, and what they refuse unsent.
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditEntryPut,
  campaignItem,
  campaignOpenCheck,
  handoversTableName,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  moneyTotalUpdate,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let verifyHandover: (options?: EventOptions) => Promise<Answer>;
let unverifyHandover: (options?: EventOptions) => Promise<Answer>;
let closeCampaign: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  verifyHandover = await loadHandler('VerifyHandover');
  unverifyHandover = await loadHandler('UnverifyHandover');
  closeCampaign = await loadHandler('CloseCampaign');
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
const recorder = { role: 'front-committee', sub: 'user-recorder' } as const;
const checker = { role: 'front-committee', sub: 'user-checker' } as const;
const checkerActor = { sub: 'user-checker', roles: ['front-committee'] };
const stored = {
  ...handoverKey,
  type: 'handover',
  id: handoverId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  category: 'great-unity-house',
  ward: 'Gia Thụy',
  handedOverOn: '2018-05-19',
  pledgeId: 'pledgemttq00001',
  state: 'recorded',
  recordedAt: '2018-05-19T04:00:00.000Z',
  recordedBy: 'user-recorder',
};
const params = { pathParameters: { campaignId: 'longbien-2018', handoverId } };
const body = (answer: Answer) => [answer.status, answer.body];

const verifiedCounters = (delta: 1 | -1) => [
  {
    Update: {
      TableName: ledgerTableName,
      Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'PLEDGE#pledgemttq00001' },
      UpdateExpression: 'ADD verified :delta',
      ExpressionAttributeValues: { ':delta': delta },
    },
  },
  {
    Update: {
      TableName: ledgerTableName,
      Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'TOTAL#great-unity-house' },
      UpdateExpression:
        'ADD verified :delta SET #type = :type, category = :category, ' +
        'lastHandoverId = :handoverId, lastOrganizationId = :organizationId, lastWard = :ward',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':delta': delta,
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
      UpdateExpression: 'ADD verified :delta SET #type = :type, category = :category, ward = :ward',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':delta': delta,
        ':category': 'great-unity-house',
        ':type': 'ward-total',
        ':ward': 'Gia Thụy',
      },
    },
  },
  moneyTotalUpdate({
    category: 'great-unity-house',
    organizationId: 'mttq-long-bien',
    delta: 0,
    verifiedDelta: delta,
  }),
];

describe('verifying a handover', () => {
  it("marks it verified by the checker's id and adds one to its pledge's, category's and ward's verified counts, with its audit entry, in one transaction", async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await verifyHandover({ ...params, as: checker });

    expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input)).toEqual([
      {
        ReturnConsumedCapacity: 'TOTAL',
        TransactItems: [
          {
            Update: {
              TableName: handoversTableName,
              Key: handoverKey,
              UpdateExpression: 'SET verifiedAt = :at, verifiedBy = :by',
              ConditionExpression:
                '#state = :recorded AND attribute_not_exists(verifiedAt) AND recordedBy <> :by',
              ExpressionAttributeNames: { '#state': 'state' },
              ExpressionAttributeValues: { ':recorded': 'recorded', ':at': now, ':by': 'user-checker' },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          ...verifiedCounters(1),
          auditEntryPut({
            campaignId: 'longbien-2018',
            at: now,
            actor: checkerActor,
            action: 'handover.verified',
            subject: { type: 'handover', id: handoverId },
            changes: [{ field: 'verification', from: 'unverified', to: 'verified' }],
          }),
          campaignOpenCheck(),
        ],
      },
    ]);
    expect([answer.status, answer.body.verification, answer.body.verifiedAt]).toEqual([200, 'verified', now]);
  });

  it('refuses the member who recorded it with 403 four_eyes, judged by user id, writing nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });

    const answer = await verifyHandover({ ...params, as: recorder });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(body(answer)).toEqual([
      403,
      {
        error: {
          code: 'four_eyes',
          message: 'A handover is verified by a front-committee member other than the one who recorded it',
        },
      },
    ]);
  });

  it('refuses a voided handover with 409 handover_voided, writing nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: { ...stored, state: 'voided', voidedAt: now, voidReason: 'Trùng' } });

    const answer = await verifyHandover({ ...params, as: checker });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect([answer.status, answer.body.error.code]).toEqual([409, 'handover_voided']);
  });

  it('answers a handover verified already as it is, writing nothing (idempotent)', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...stored, verifiedAt: '2018-06-01T00:00:00.000Z', verifiedBy: 'u' } });

    const answer = await verifyHandover({ ...params, as: checker });

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect([answer.status, answer.body.verifiedAt]).toEqual([200, '2018-06-01T00:00:00.000Z']);
  });

  it('answers 409 campaign_closed when the campaign was closed before the transaction committed', async () => {
    ddb.on(GetCommand).resolves({ Item: stored });
    ddb
      .on(TransactWriteCommand)
      .rejects(
        transactionCanceled([
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'None' },
          { Code: 'ConditionalCheckFailed' },
        ]),
      );

    const answer = await verifyHandover({ ...params, as: checker });

    expect(body(answer)).toEqual([
      409,
      {
        error: {
          code: 'campaign_closed',
          message: 'Campaign longbien-2018 is closed: its figures are final',
        },
      },
    ]);
  });
});

describe('unverifying a handover', () => {
  it('removes the verification and takes one off the verified counts, with the reason in its audit entry', async () => {
    ddb
      .on(GetCommand)
      .resolves({ Item: { ...stored, verifiedAt: '2018-06-01T00:00:00.000Z', verifiedBy: 'u' } });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await unverifyHandover({
      ...params,
      body: { reason: 'Biên bản thiếu chữ ký' },
      as: checker,
    });

    expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems)).toEqual([
      [
        {
          Update: {
            TableName: handoversTableName,
            Key: handoverKey,
            UpdateExpression: 'REMOVE verifiedAt, verifiedBy',
            ConditionExpression: '#state = :recorded AND attribute_exists(verifiedAt)',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':recorded': 'recorded' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...verifiedCounters(-1),
        auditEntryPut({
          campaignId: 'longbien-2018',
          at: now,
          actor: checkerActor,
          action: 'handover.unverified',
          subject: { type: 'handover', id: handoverId },
          changes: [{ field: 'verification', from: 'verified', to: 'unverified' }],
          reason: 'Biên bản thiếu chữ ký',
        }),
        campaignOpenCheck(),
      ],
    ]);
    expect([answer.status, answer.body.verification, answer.body.verifiedAt]).toEqual([
      200,
      'unverified',
      undefined,
    ]);
  });

  it('refuses an unverification without a reason with 400 on reason, reading nothing', async () => {
    const answer = await unverifyHandover({ ...params, body: {}, as: checker });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect([answer.status, answer.body.error.code, answer.body.error.details[0].path]).toEqual([
      400,
      'validation_failed',
      'reason',
    ]);
  });
});

describe('closing a campaign', () => {
  it('marks it closed by the admin, with its audit entry, in one transaction on condition it was open', async () => {
    ddb.on(GetCommand).resolves({ Item: campaignItem });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await closeCampaign({
      pathParameters: { campaignId: 'longbien-2018' },
      as: { role: 'admin', sub: 'user-admin' },
    });

    expect(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems)).toEqual([
      [
        {
          Update: {
            TableName: ledgerTableName,
            Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' },
            UpdateExpression: 'SET closedAt = :at, closedBy = :by',
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
            ExpressionAttributeValues: { ':at': now, ':by': 'user-admin' },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        auditEntryPut({
          campaignId: 'longbien-2018',
          at: now,
          actor: { sub: 'user-admin', roles: ['admin'] },
          action: 'campaign.closed',
          subject: { type: 'campaign', id: 'longbien-2018' },
          changes: [{ field: 'status', from: 'open', to: 'closed' }],
        }),
      ],
    ]);
    expect([answer.status, answer.headers, answer.body.closedAt]).toEqual([200, jsonHeaders, now]);
  });
});

// DELETE /v1/campaigns/{campaignId}/handovers/{handoverId}/beneficiary with a mocked DynamoDB: the name and
// address go, the handover and its counts stay, and the erasure is audited without the name.
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditEntryPut,
  campaignItem,
  type ExpectedAuditEntry,
  frontCommittee,
  frontCommitteeActor,
  handoversTableName,
  jsonHeaders,
  leadership,
  ledgerTableName,
  loadHandler,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let eraseBeneficiary: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  eraseBeneficiary = await loadHandler('EraseBeneficiary');
});

const now = '2018-12-20T02:00:00.000Z';

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const handoverId = '0123456789abcdef0123456789abcdef';
const handoverKey = { pk: 'CAMPAIGN#longbien-2018', sk: `HANDOVER#${handoverId}` };
const name = 'Nguyễn Thị A';
const address = 'Tổ 5, phường Bồ Đề';
const stored = {
  ...handoverKey,
  type: 'handover',
  id: handoverId,
  campaignId: 'longbien-2018',
  organizationId: 'mttq-long-bien',
  category: 'great-unity-house',
  ward: 'Bồ Đề',
  handedOverOn: '2018-05-19',
  beneficiary: { name, address },
  pledgeId: 'pledgemttq00001',
  state: 'recorded',
  recordedAt: '2018-05-19T04:00:00.000Z',
  recordedBy: 'user-front',
  requestFingerprint: 'fingerprint',
};
const { beneficiary: _beneficiary, requestFingerprint: _fingerprint, ...storedWithoutBeneficiary } = stored;

const erase = (as: EventOptions['as'] = frontCommittee) =>
  eraseBeneficiary({ pathParameters: { campaignId: 'longbien-2018', handoverId }, as });

const campaignRead = { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } };
const handoverRead = { TableName: handoversTableName, Key: handoverKey, ConsistentRead: true };
const reads = () => ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
/** The campaign is read first, so an unknown campaign answers 404 as on every campaign route. */
const storedHandover = (item: Record<string, unknown> | undefined) => {
  ddb.on(GetCommand, { TableName: ledgerTableName }).resolves({ Item: campaignItem });
  ddb.on(GetCommand, { TableName: handoversTableName }).resolves(item ? { Item: item } : {});
};
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

const erasure = (actor: ExpectedAuditEntry['actor']) => ({
  ReturnConsumedCapacity: 'TOTAL',
  TransactItems: [
    {
      Update: {
        TableName: handoversTableName,
        Key: handoverKey,
        UpdateExpression: 'REMOVE beneficiary, requestFingerprint, household SET beneficiaryErasedAt = :at',
        ConditionExpression: 'attribute_exists(beneficiary)',
        ExpressionAttributeValues: { ':at': now },
      },
    },
    auditEntryPut({
      campaignId: 'longbien-2018',
      at: now,
      actor,
      action: 'beneficiary.erased',
      subject: { type: 'handover', id: handoverId },
      changes: [{ field: 'beneficiary', from: 'recorded', to: 'erased' }],
    }),
  ],
});

const noContent = { status: 204, headers: { 'cache-control': 'no-store' }, text: '', body: undefined };

describe("erasing a handover's beneficiary", () => {
  it.each([
    ['the front committee', frontCommittee, frontCommitteeActor],
    ['an admin', { role: 'admin', sub: 'user-admin' } as const, { sub: 'user-admin', roles: ['admin'] }],
  ])(
    'lets %s remove the name and address and audit the erasure in one transaction, answering 204',
    async (_, as, actor) => {
      storedHandover(stored);
      ddb.on(TransactWriteCommand).resolves({});

      const answer = await erase(as);

      expect(reads()).toEqual([campaignRead, handoverRead]);
      expect(transactions()).toEqual([erasure(actor)]);
      const written = JSON.stringify(transactions());
      expect(written).not.toContain(name);
      expect(written).not.toContain(address);
      expect(answer).toEqual(noContent);
    },
  );

  it.each([
    ['was recorded without one', storedWithoutBeneficiary],
    ['was erased before', { ...storedWithoutBeneficiary, beneficiaryErasedAt: '2018-12-19T02:00:00.000Z' }],
  ])('answers 204 and writes nothing, not even an audit entry, when the beneficiary %s', async (_, item) => {
    storedHandover(item);

    const answer = await erase();

    expect(reads()).toEqual([campaignRead, handoverRead]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(answer).toEqual(noContent);
  });

  it('answers 204 when a concurrent request erased the beneficiary between the read and the write', async () => {
    storedHandover(stored);
    ddb
      .on(TransactWriteCommand)
      .rejects(transactionCanceled([{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }]));

    const answer = await erase();

    expect(transactions()).toEqual([erasure(frontCommitteeActor)]);
    expect(answer).toEqual(noContent);
  });

  it('answers 404 for a handover that does not exist, writing nothing', async () => {
    storedHandover(undefined);

    const answer = await erase();

    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: `Handover ${handoverId} was not found` } },
    });
  });

  it('answers 404 for an unknown campaign, writing nothing', async () => {
    ddb.on(GetCommand).resolves({});

    const answer = await erase();

    expect(reads()).toEqual([campaignRead]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('not_found');
  });

  it('refuses leadership with 403, reading nothing', async () => {
    const answer = await erase(leadership);

    expect(ddb.calls()).toEqual([]);
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'forbidden', message: 'This endpoint is for admin, front-committee' } },
    });
  });
});

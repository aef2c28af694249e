// POST /v1/campaigns/{campaignId}/handovers with a mocked DynamoDB: the one transaction with its audit entry,
// replays, retries.
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { householdKey } from '../../../shared/domain/household';
import { fingerprint, handoverIdFor } from '../../../shared/domain/identity';
import { logger } from '../../../shared/http/logger';
import { type EmfDocument, sendMetricsTo } from '../../../shared/metrics';
import { retryPolicy } from '../../../shared/retry';
import { handoverBody } from '../../fixtures/campaign';
import {
  type Answer,
  type EventOptions,
  type Handler,
  httpEvent,
  lambdaContext,
} from '../../support/http-events';
import {
  activePledgeItem,
  auditEntryPut,
  auditItemOf,
  buildHandler,
  campaignItem,
  campaignOpenCheck,
  type ExpectedAuditEntry,
  english,
  frontCommittee,
  frontCommitteeActor,
  handoversTableName,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  moneyTotalUpdate,
  organizationItem,
  transactionCanceled,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let recordHandover: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  recordHandover = await loadHandler('RecordHandover', english);
});

beforeEach(() => {
  ddb.reset();
  // No household recorded before: the likely-duplicate lookup finds nothing (its own tests are further down).
  ddb.on(QueryCommand).resolves({ Items: [] });
  vi.useFakeTimers({ now: new Date('2018-06-01T03:00:00.000Z'), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const campaignId = 'longbien-2018';
const organizationId = 'mttq-long-bien';
const pledgeId = 'pledgemttq00001';
const idempotencyKey = 'handover-key-0001';
const handoverId = handoverIdFor(campaignId, idempotencyKey);
const body = handoverBody(organizationId, {
  beneficiary: { name: 'Nguyễn Thị A', address: 'Tổ 5, phường Bồ Đề' },
});
const household = householdKey({ name: 'Nguyễn Thị A', ward: 'Bồ Đề', category: 'great-unity-house' });
const requestFingerprint = fingerprint({ campaignId, ...body });

const mttq = organizationItem(organizationId, 'Ủy ban MTTQ quận', 'front-committee');
const guard = activePledgeItem(organizationId, 'great-unity-house', pledgeId);

const contextRead = {
  RequestItems: {
    [ledgerTableName]: {
      Keys: [
        { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' },
        { pk: 'CAMPAIGN#longbien-2018', sk: 'ACTIVE#mttq-long-bien#great-unity-house' },
        { pk: 'ORGANIZATIONS', sk: 'ORG#mttq-long-bien' },
      ],
      ConsistentRead: true,
    },
  },
  ReturnConsumedCapacity: 'TOTAL',
};

const found = (...items: Record<string, unknown>[]) => ({ Responses: { [ledgerTableName]: items } });

const storedHandover = (overrides: Record<string, unknown> = {}) => ({
  pk: 'CAMPAIGN#longbien-2018',
  sk: `HANDOVER#${handoverId}`,
  type: 'handover',
  id: handoverId,
  campaignId,
  ...body,
  pledgeId,
  state: 'recorded',
  recordedAt: '2018-06-01T03:00:00.000Z',
  recordedBy: 'user-front',
  requestFingerprint,
  household,
  ...overrides,
});

/** The household's entry, under which a later handover of the same household finds this one. */
const putHouseholdEntry = {
  Put: {
    TableName: handoversTableName,
    Item: {
      pk: `HOUSEHOLD#${household}`,
      sk: handoverId,
      type: 'household-entry',
      handoverId,
      campaignId,
      organizationId,
      handedOverOn: '2018-05-19',
    },
  },
};

const putHandover = (item: Record<string, unknown>) => ({
  Put: {
    TableName: handoversTableName,
    Item: item,
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

const creditPledge = {
  Update: {
    TableName: ledgerTableName,
    Key: { pk: 'CAMPAIGN#longbien-2018', sk: `PLEDGE#${pledgeId}` },
    UpdateExpression: 'ADD delivered :delta',
    ConditionExpression: '#state = :active',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':delta': 1, ':active': 'active' },
  },
};

const checkNoActivePledge = {
  ConditionCheck: {
    TableName: ledgerTableName,
    Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'ACTIVE#mttq-long-bien#great-unity-house' },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
};

const countTotals = [
  {
    Update: {
      TableName: ledgerTableName,
      Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'TOTAL#great-unity-house' },
      UpdateExpression:
        'ADD delivered :delta SET #type = :type, category = :category, ' +
        'lastHandoverId = :handoverId, lastOrganizationId = :organizationId, lastWard = :ward',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':delta': 1,
        ':category': 'great-unity-house',
        ':type': 'category-total',
        ':handoverId': handoverId,
        ':organizationId': 'mttq-long-bien',
        ':ward': 'Bồ Đề',
      },
    },
  },
  {
    Update: {
      TableName: ledgerTableName,
      Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'WARD#Bồ Đề#great-unity-house' },
      UpdateExpression: 'ADD delivered :delta SET #type = :type, category = :category, ward = :ward',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':delta': 1,
        ':category': 'great-unity-house',
        ':type': 'ward-total',
        ':ward': 'Bồ Đề',
      },
    },
  },
];

/** The beneficiary appears in the audit trail only as the fact that one was recorded. */
const recorded = (withPledge: boolean): ExpectedAuditEntry => ({
  campaignId,
  at: '2018-06-01T03:00:00.000Z',
  actor: frontCommitteeActor,
  action: 'handover.recorded',
  subject: { type: 'handover', id: handoverId },
  changes: [
    { field: 'organizationId', to: organizationId },
    { field: 'category', to: 'great-unity-house' },
    { field: 'ward', to: 'Bồ Đề' },
    { field: 'handedOverOn', to: '2018-05-19' },
    ...(withPledge ? [{ field: 'pledgeId', to: pledgeId }] : []),
    { field: 'beneficiary', to: 'recorded' },
  ],
});

const creditingTransaction = {
  TransactItems: [
    putHandover(storedHandover()),
    creditPledge,
    ...countTotals,
    moneyTotalUpdate({ category: 'great-unity-house', organizationId, delta: 1 }),
    putHouseholdEntry,
    auditEntryPut(recorded(true)),
    campaignOpenCheck(),
  ],
  ReturnConsumedCapacity: 'TOTAL',
};

const { pledgeId: _none, ...storedWithoutPledge } = storedHandover();
const checkingTransaction = {
  TransactItems: [
    putHandover(storedWithoutPledge),
    checkNoActivePledge,
    ...countTotals,
    moneyTotalUpdate({ category: 'great-unity-house', organizationId, delta: 1 }),
    putHouseholdEntry,
    auditEntryPut(recorded(false)),
    campaignOpenCheck(),
  ],
  ReturnConsumedCapacity: 'TOTAL',
};

/** One reason per item: the handover, the credit or check, two totals, the audit entry, the household entry. */
const cancelled = (handover: { Code: string; Item?: Record<string, unknown> }, credit = 'None') =>
  transactionCanceled([
    handover,
    { Code: credit },
    { Code: 'None' },
    { Code: 'None' },
    { Code: 'None' },
    { Code: 'None' },
  ]);

const handoverView = (overrides: Record<string, unknown> = {}) => ({
  id: handoverId,
  campaignId,
  organizationId,
  category: 'great-unity-house',
  ward: 'Bồ Đề',
  handedOverOn: '2018-05-19',
  beneficiary: { name: 'Nguyễn Thị A', address: 'Tổ 5, phường Bồ Đề' },
  pledgeId,
  status: 'recorded',
  verification: 'unverified',
  recordedAt: '2018-06-01T03:00:00.000Z',
  ...overrides,
});

const record = (
  requestBody: unknown = body,
  headers: Record<string, string> = { 'idempotency-key': idempotencyKey },
) => recordHandover({ pathParameters: { campaignId }, body: requestBody, headers, as: frontCommittee });

const sentCommands = () => ddb.calls().map((call) => call.args[0].constructor.name);
const transactions = () => ddb.commandCalls(TransactWriteCommand).map((call) => call.args[0].input);

describe('recording a handover', () => {
  it('reads the context once, then credits the pledge and both totals and writes the audit entry in one conditional transaction', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await record();

    expect(sentCommands()).toEqual(['BatchGetCommand', 'QueryCommand', 'TransactWriteCommand']);
    expect(ddb.commandCalls(BatchGetCommand)[0]?.args[0].input).toEqual(contextRead);
    expect(transactions()).toEqual([creditingTransaction]);
    const entry = JSON.stringify(auditItemOf(transactions()[0]));
    expect(entry).not.toContain('Nguyễn Thị A');
    expect(entry).not.toContain('Tổ 5, phường Bồ Đề');
    expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: handoverView() });
  });

  it('checks that no pledge became active instead of crediting one when the organization has none', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq));
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await record();

    expect(transactions()).toEqual([checkingTransaction]);
    const { pledgeId: _noView, ...viewWithoutPledge } = handoverView();
    expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: viewWithoutPledge });
  });

  it('answers a replay of the same key and body with the stored handover, marked as replayed, its audit entry cancelled with it', async () => {
    const firstRecordedAt = '2018-05-20T08:00:00.000Z';
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb
      .on(TransactWriteCommand)
      .rejects(
        cancelled({ Code: 'ConditionalCheckFailed', Item: storedHandover({ recordedAt: firstRecordedAt }) }),
      );

    const answer = await record({ ...body });

    expect(transactions()).toEqual([creditingTransaction]);
    expect(answer).toEqual({
      status: 201,
      headers: { ...jsonHeaders, 'idempotent-replayed': 'true' },
      text: answer.text,
      body: handoverView({ recordedAt: firstRecordedAt }),
    });
  });

  it('refuses the same key with another body with 422 idempotency_key_reused', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb.on(TransactWriteCommand).rejects(
      cancelled({
        Code: 'ConditionalCheckFailed',
        Item: storedHandover({ ward: 'Gia Thụy', requestFingerprint: 'another-request' }),
      }),
    );

    const answer = await record();

    expect(transactions()).toHaveLength(1);
    expect(answer).toEqual({
      status: 422,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'idempotency_key_reused',
          message: 'This Idempotency-Key was already used with a different request body',
        },
      },
    });
  });

  it('retries a transaction that DynamoDB cancelled for a conflict, and counts it once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, 'TransactionConflict'))
      .resolves({});

    const answer = await record();

    expect(sentCommands()).toEqual([
      'BatchGetCommand',
      'QueryCommand',
      'TransactWriteCommand',
      'TransactWriteCommand',
    ]);
    expect(transactions()).toEqual([creditingTransaction, creditingTransaction]);
    // The same transaction again, audit entry id included: one handover, one entry.
    expect(transactions()[1]).toEqual(transactions()[0]);
    expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: handoverView() });
  });

  it('gives up after six conflicts in a row with a generic 500 that shows no internals', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb.on(TransactWriteCommand).rejects(cancelled({ Code: 'None' }, 'TransactionConflict'));

    const answer = await record();

    expect(transactions()).toEqual(Array(6).fill(creditingTransaction));
    expect(answer).toEqual({
      status: 500,
      headers: jsonHeaders,
      text: '{"error":{"code":"internal","message":"Internal error"}}',
      body: { error: { code: 'internal', message: 'Internal error' } },
    });
    expect(logged).toHaveBeenCalledOnce();
    expect(logged).toHaveBeenCalledWith('Unhandled error', {
      route: 'RecordHandover',
      error: expect.objectContaining({ name: 'TransactionCanceledException' }),
    });
  });

  it('asks again for only the keys BatchGetItem left unprocessed, then records', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const organizationKey = { pk: 'ORGANIZATIONS', sk: 'ORG#mttq-long-bien' };
    ddb
      .on(BatchGetCommand)
      .resolvesOnce({
        ...found(campaignItem, guard),
        UnprocessedKeys: { [ledgerTableName]: { Keys: [organizationKey] } },
      })
      .resolves(found(mttq));
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await record();

    expect(ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input)).toEqual([
      contextRead,
      {
        RequestItems: { [ledgerTableName]: { Keys: [organizationKey], ConsistentRead: true } },
        ReturnConsumedCapacity: 'TOTAL',
      },
    ]);
    expect(transactions()).toEqual([creditingTransaction]);
    expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: handoverView() });
  });

  it('answers a generic 500 when BatchGetItem keeps leaving keys unprocessed, recording nothing', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    ddb.on(BatchGetCommand).resolves({
      UnprocessedKeys: { [ledgerTableName]: { Keys: [{ pk: 'ORGANIZATIONS', sk: 'ORG#mttq-long-bien' }] } },
    });

    const answer = await record();

    expect(sentCommands()).toEqual(Array(retryPolicy.attempts).fill('BatchGetCommand'));
    expect(answer.body).toEqual({ error: { code: 'internal', message: 'Internal error' } });
    expect(answer.status).toBe(500);
    expect(logged).toHaveBeenCalledWith('Unhandled error', {
      route: 'RecordHandover',
      error: expect.objectContaining({ message: 'BatchGetItem left keys unprocessed: 1' }),
    });
  });

  it('answers 500 at once instead of waiting for a retry that would leave the Lambda under half a second', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1);
    vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, 'TransactionConflict'))
      .resolves({});
    const handler = await buildHandler<Handler>('record-handover');
    const event = httpEvent('POST /v1/campaigns/{campaignId}/handovers', {
      pathParameters: { campaignId },
      body,
      headers: { 'idempotency-key': idempotencyKey },
      as: frontCommittee,
    });

    // The first wait would be 40 ms, leaving 480 ms of the 520 ms this invocation has.
    const answer = await handler(event, { ...lambdaContext, getRemainingTimeInMillis: () => 520 });

    expect(transactions()).toEqual([creditingTransaction]);
    expect(answer.statusCode).toBe(500);
  });

  it('reads the context again and retries when the pledge to credit was withdrawn meanwhile', async () => {
    ddb
      .on(BatchGetCommand)
      .resolvesOnce(found(campaignItem, mttq, guard))
      .resolves(found(campaignItem, mttq));
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled({ Code: 'None' }, 'ConditionalCheckFailed'))
      .resolves({});

    const answer = await record();

    expect(sentCommands()).toEqual([
      'BatchGetCommand',
      'QueryCommand',
      'TransactWriteCommand',
      'BatchGetCommand',
      'TransactWriteCommand',
    ]);
    expect(ddb.commandCalls(BatchGetCommand).map((call) => call.args[0].input)).toEqual([
      contextRead,
      contextRead,
    ]);
    expect(transactions()).toEqual([creditingTransaction, checkingTransaction]);
    const { pledgeId: _noView, ...viewWithoutPledge } = handoverView();
    expect(answer).toEqual({ status: 201, headers: jsonHeaders, text: answer.text, body: viewWithoutPledge });
  });

  it.each([
    ['missing', {}, 'the Idempotency-Key header is required'],
    ['too short', { 'idempotency-key': 'short' }, 'must be 8 to 128 characters'],
    ['too long', { 'idempotency-key': 'k'.repeat(129) }, 'must be 8 to 128 characters'],
    ['with a space', { 'idempotency-key': 'key with space' }, 'must be printable ASCII without spaces'],
  ])('refuses an Idempotency-Key %s with 400 before any read', async (_, headers, problem) => {
    const answer = await record(body, headers);

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: `Idempotency-Key: ${problem}`,
          details: [{ path: 'Idempotency-Key', message: problem }],
        },
      },
    });
  });

  it('refuses a ward outside the campaign and a future date with 400, writing nothing', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));

    const answer = await record(
      handoverBody(organizationId, { ward: 'Ngọc Lâm', handedOverOn: '2018-06-02' }),
    );

    expect(sentCommands()).toEqual(['BatchGetCommand']);
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'ward: is not a ward of campaign longbien-2018; handedOverOn: must not be in the future',
          details: [
            { path: 'ward', message: 'is not a ward of campaign longbien-2018' },
            { path: 'handedOverOn', message: 'must not be in the future' },
          ],
        },
      },
    });
  });

  it('answers 404 for a campaign that does not exist, writing nothing', async () => {
    ddb.on(BatchGetCommand).resolves(found(mttq));

    const answer = await record();

    expect(sentCommands()).toEqual(['BatchGetCommand']);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Campaign longbien-2018 was not found' } },
    });
  });
});

describe('metrics', () => {
  let flushed: EmfDocument[];
  beforeEach(() => {
    flushed = [];
    sendMetricsTo((document) => flushed.push(document));
  });
  afterEach(() => sendMetricsTo(undefined));

  /** What one invocation published: its counts and the request it names, in CloudWatch's EMF. */
  const emf = (metric: string) => ({
    _aws: {
      Timestamp: expect.any(Number),
      CloudWatchMetrics: [
        { Namespace: 'PledgeTracker', Dimensions: [['service']], Metrics: [{ Name: metric, Unit: 'Count' }] },
      ],
    },
    service: 'pledge-tracker',
    [metric]: 1,
    function_request_id: 'request-1',
    api_request_id: 'request-1',
  });

  it('counts a handover recorded, a replay and a validation failure, one EMF line per invocation', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb
      .on(TransactWriteCommand)
      .resolvesOnce({})
      .rejects(cancelled({ Code: 'ConditionalCheckFailed', Item: storedHandover() }));

    const answers = [await record(), await record(), await record({ ...body, ward: 'Nowhere' })];

    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 400]);
    expect(flushed).toEqual([emf('HandoverRecorded'), emf('HandoverReplayed'), emf('ValidationFailed')]);
  });

  it('publishes nothing for a request that counted nothing', async () => {
    ddb.on(BatchGetCommand).resolves(found());

    const answer = await record();

    expect(answer.status).toBe(404);
    expect(flushed).toEqual([]);
  });
});

describe('a likely duplicate (#15: same normalized name, ward and category)', () => {
  const earlier = {
    handoverId: 'earlierhandover01',
    campaignId,
    organizationId: 'hoi-phu-nu',
    handedOverOn: '2018-03-02',
  };

  it('refuses a household already recorded in the campaign with 409 possible_duplicate, naming the match and its beneficiary, writing nothing', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb.on(QueryCommand).resolves({ Items: [earlier] });
    ddb.on(GetCommand).resolves({
      Item: { ...storedHandover(), id: earlier.handoverId, beneficiary: { name: 'Nguyễn Thị A' } },
    });

    // Decomposed, upper case, doubled spaces: the same household.
    const answer = await record({ ...body, beneficiary: { name: ' NGUYỄN  THỊ A '.normalize('NFD') } });

    expect(ddb.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      TableName: handoversTableName,
      ExpressionAttributeValues: { ':pk': `HOUSEHOLD#${household}` },
    });
    expect(transactions()).toEqual([]);
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'possible_duplicate',
      duplicateOf: { handoverId: earlier.handoverId, campaignId, beneficiaryName: 'Nguyễn Thị A' },
    });
  });

  it('records it when the request confirms it with a reason, and keeps the reason in the audit entry', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    ddb.on(QueryCommand).resolves({ Items: [earlier] });
    ddb.on(TransactWriteCommand).resolves({});

    const reason = 'Hai hộ khác nhau, cùng họ tên';
    const answer = await record({ ...body, duplicateConfirmation: { reason } });

    expect(answer.status).toBe(201);
    expect(answer.body.duplicateConfirmation).toEqual({ reason });
    expect(auditItemOf(transactions()[0])).toMatchObject({ reason });
  });

  it('answers 422 reason_required for a confirmation without a reason, reading nothing', async () => {
    const answer = await record({ ...body, duplicateConfirmation: {} });

    expect(sentCommands()).toEqual([]);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('reason_required');
  });

  it('does not count a handover of the same household by another organization more than five years before', async () => {
    ddb.on(BatchGetCommand).resolves(found(campaignItem, mttq, guard));
    const longAgo = { ...earlier, campaignId: 'longbien-2012', organizationId, handedOverOn: '2013-05-18' };
    ddb
      .on(QueryCommand)
      .resolves({ Items: [longAgo, { ...longAgo, organizationId: 'other', handedOverOn: '2016-01-01' }] });
    ddb.on(TransactWriteCommand).resolves({});

    const answer = await record();

    expect(answer.status).toBe(201);
  });
});

// GET /v1/campaigns/{campaignId}/handovers with a mocked DynamoDB: who sees which handovers and whose names.
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  campaignItem,
  english,
  frontCommittee,
  handoversTableName,
  jsonHeaders,
  leadership,
  ledgerTableName,
  loadHandler,
  organizationUser,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let listHandovers: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  listHandovers = await loadHandler('ListHandovers', english);
});

beforeEach(() => {
  ddb.reset();
  ddb
    .on(GetCommand, { Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } })
    .resolves({ Item: campaignItem });
});

const storedHandover = (id: string, organizationId: string, ward: string) => ({
  pk: 'CAMPAIGN#longbien-2018',
  sk: `HANDOVER#${id}`,
  type: 'handover',
  id,
  campaignId: 'longbien-2018',
  organizationId,
  category: 'great-unity-house',
  ward,
  handedOverOn: '2018-05-19',
  beneficiary: { name: 'Nguyễn Thị A', address: 'Tổ 5, phường Bồ Đề' },
  valueVnd: 80_000_000,
  state: 'recorded',
  recordedAt: '2018-05-19T04:00:00.000Z',
  recordedBy: 'user-front',
  requestFingerprint: 'fingerprint',
});

const handovers = [
  storedHandover('0123456789abcdef0123456789abcdef', 'mttq-long-bien', 'Bồ Đề'),
  storedHandover('fedcba9876543210fedcba9876543210', 'hoi-phu-nu', 'Cự Khối'),
];

const viewOf = (item: ReturnType<typeof storedHandover>, withBeneficiary: boolean) => ({
  id: item.id,
  campaignId: 'longbien-2018',
  organizationId: item.organizationId,
  category: 'great-unity-house',
  ward: item.ward,
  handedOverOn: '2018-05-19',
  ...(withBeneficiary ? { beneficiary: item.beneficiary } : {}),
  valueVnd: 80_000_000,
  status: 'recorded',
  verification: 'unverified',
  recordedAt: '2018-05-19T04:00:00.000Z',
});

const handoverQuery = (filter?: { expression: string; values: Record<string, string> }) => ({
  TableName: handoversTableName,
  KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
  ...(filter ? { FilterExpression: filter.expression } : {}),
  ExpressionAttributeValues: { ':pk': 'CAMPAIGN#longbien-2018', ':prefix': 'HANDOVER#', ...filter?.values },
  Limit: 101,
  ReturnConsumedCapacity: 'TOTAL',
});

const list = (as: EventOptions['as'], query?: Record<string, string>) =>
  listHandovers({ pathParameters: { campaignId: 'longbien-2018' }, ...(query ? { query } : {}), as });

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

describe('listing handovers', () => {
  it('shows leadership every handover without beneficiaries', async () => {
    ddb.on(QueryCommand).resolves({ Items: handovers });

    const answer = await list(leadership);

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } },
    ]);
    expect(queries()).toEqual([handoverQuery()]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: handovers.map((h) => viewOf(h, false)) },
    });
  });

  it('shows the front committee the beneficiaries, filtered by ward when asked', async () => {
    ddb.on(QueryCommand).resolves({ Items: handovers.slice(0, 1) });

    const answer = await list(frontCommittee, { ward: 'Bồ Đề'.normalize('NFD') });

    expect(queries()).toEqual([handoverQuery({ expression: 'ward = :ward', values: { ':ward': 'Bồ Đề' } })]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [viewOf(handovers[0] as ReturnType<typeof storedHandover>, true)] },
    });
  });

  it("lists only an organization user's own handovers, without beneficiaries", async () => {
    const own = handovers[1] as ReturnType<typeof storedHandover>;
    ddb.on(QueryCommand).resolves({ Items: [own] });

    const answer = await list(organizationUser('hoi-phu-nu'));

    expect(queries()).toEqual([
      handoverQuery({
        expression: 'organizationId = :organizationId',
        values: { ':organizationId': 'hoi-phu-nu' },
      }),
    ]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [viewOf(own, false)] },
    });
  });

  it("refuses an organization user asking for another organization's handovers with 403, reading nothing", async () => {
    const answer = await list(organizationUser('hoi-phu-nu'), { organizationId: 'mttq-long-bien' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'forbidden', message: "You may list only your own organization's handovers" } },
    });
  });

  // A Cognito user in the organization group without the attribute must see none, not all.
  it('refuses an organization user whose token carries no organization with 403, reading nothing', async () => {
    ddb.on(QueryCommand).resolves({ Items: handovers });

    const answer = await list({ role: 'organization', sub: 'user-without-organization' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'forbidden', message: 'Your account is not linked to an organization' } },
    });
  });

  it('follows DynamoDB pages that a filter left short, and gives no cursor when nothing is left', async () => {
    const lastKey = { pk: 'CAMPAIGN#longbien-2018', sk: 'HANDOVER#0123456789abcdef0123456789abcdef' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: handovers.slice(0, 1), LastEvaluatedKey: lastKey })
      .resolves({ Items: handovers.slice(1) });

    const answer = await list(leadership);

    expect(queries()).toEqual([handoverQuery(), { ...handoverQuery(), ExclusiveStartKey: lastKey }]);
    expect(answer.body).toEqual({ items: handovers.map((h) => viewOf(h, false)) });
  });

  it('gives a cursor after 100 handovers only when there are more, and reads on from it', async () => {
    const many = Array.from({ length: 101 }, (_, i) =>
      storedHandover(i.toString(16).padStart(32, '0'), 'mttq-long-bien', 'Bồ Đề'),
    );
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: many })
      .resolves({ Items: many.slice(100) });

    const first = await list(leadership);
    const second = await list(leadership, { cursor: first.body.nextCursor });

    const lastOfFirstPage = { pk: 'CAMPAIGN#longbien-2018', sk: `HANDOVER#${'63'.padStart(32, '0')}` };
    expect(queries()).toEqual([handoverQuery(), { ...handoverQuery(), ExclusiveStartKey: lastOfFirstPage }]);
    expect([first.body, second.body]).toEqual([
      {
        items: many.slice(0, 100).map((h) => viewOf(h, false)),
        nextCursor: Buffer.from(JSON.stringify(lastOfFirstPage)).toString('base64url'),
      },
      { items: [viewOf(many[100] as ReturnType<typeof storedHandover>, false)] },
    ]);
  });

  it('refuses a cursor of another campaign with 400 on cursor', async () => {
    const foreign = Buffer.from(JSON.stringify({ pk: 'CAMPAIGN#other-2018', sk: 'HANDOVER#x' })).toString(
      'base64url',
    );

    const answer = await list(leadership, { cursor: foreign });

    expect(queries()).toEqual([]);
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'cursor: is not a cursor this list gave out',
          details: [{ path: 'cursor', message: 'is not a cursor this list gave out' }],
        },
      },
    });
  });
});

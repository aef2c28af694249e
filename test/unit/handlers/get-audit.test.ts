// GET /v1/campaigns/{campaignId}/audit with a mocked DynamoDB: a campaign's audit trail, newest first, paged.
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditTableName,
  campaignItem,
  english,
  frontCommittee,
  frontCommitteeActor,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  organizationActor,
  organizationUser,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let getAudit: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  getAudit = await loadHandler('GetAudit', english);
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb
    .on(GetCommand, { Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } })
    .resolves({ Item: campaignItem });
});

const revised = {
  id: '9f2c4e6a8b0d4f1e3a5c7e9b1d3f5a7c',
  campaignId: 'longbien-2018',
  at: '2018-09-02T01:00:00.000Z',
  actor: organizationActor('mttq-long-bien'),
  action: 'pledge.revised',
  subject: { type: 'pledge', id: 'pledgemttq00001' },
  changes: [{ field: 'target', from: 15, to: 10 }],
  reason: 'Điều chỉnh theo nghị quyết',
};

const recorded = {
  id: '1b3d5f7a9c2e4a6c8e0b2d4f6a8c0e2b',
  campaignId: 'longbien-2018',
  at: '2018-06-01T03:00:00.000Z',
  actor: frontCommitteeActor,
  action: 'handover.recorded',
  subject: { type: 'handover', id: '0123456789abcdef0123456789abcdef' },
  changes: [
    { field: 'organizationId', to: 'mttq-long-bien' },
    { field: 'category', to: 'great-unity-house' },
    { field: 'ward', to: 'Bồ Đề' },
    { field: 'handedOverOn', to: '2018-05-19' },
    { field: 'beneficiary', to: 'recorded' },
  ],
};

/** An entry as the audit table holds it: its keys and type around the entry itself. */
const stored = (entry: { campaignId: string; at: string; id: string }) => ({
  pk: `AUDIT#${entry.campaignId}`,
  sk: `${entry.at}#${entry.id}`,
  type: 'audit-entry',
  ...entry,
});

const trailQuery = {
  TableName: auditTableName,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': 'AUDIT#longbien-2018' },
  ScanIndexForward: false,
  Limit: 101,
  ReturnConsumedCapacity: 'TOTAL',
};

const read = (as: EventOptions['as'], campaignId = 'longbien-2018', query?: Record<string, string>) =>
  getAudit({ pathParameters: { campaignId }, as, ...(query ? { query } : {}) });

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

const cursorOf = (key: { pk: string; sk: string }) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe("reading a campaign's audit trail", () => {
  it('gives the front committee the entries newest first, without storage fields', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored(revised), stored(recorded)] });

    const answer = await read(frontCommittee);

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } },
    ]);
    expect(queries()).toEqual([trailQuery]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [revised, recorded] },
    });
  });

  it('gives a cursor when more entries exist, and reads the next page from it', async () => {
    const page = Array.from({ length: 101 }, (_, i) => ({
      ...recorded,
      id: i.toString(16).padStart(32, '0'),
      at: new Date(Date.UTC(2018, 11, 1) - i * 60_000).toISOString(),
    }));
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: page.map(stored) })
      .resolvesOnce({ Items: [stored(revised)] });
    const first = await read(frontCommittee);

    const second = await read(frontCommittee, 'longbien-2018', { cursor: first.body.nextCursor });

    const last = stored(page[99] as typeof recorded);
    const lastKey = { pk: last.pk, sk: last.sk };
    expect(queries()).toEqual([trailQuery, { ...trailQuery, ExclusiveStartKey: lastKey }]);
    expect([first.status, first.body, second.status, second.body]).toEqual([
      200,
      { items: page.slice(0, 100), nextCursor: cursorOf(lastKey) },
      200,
      { items: [revised] },
    ]);
  });

  it("refuses a cursor from another campaign's trail with 400, reading no entries", async () => {
    const otherCampaign = cursorOf({ pk: 'AUDIT#hoankiem-2018', sk: `${revised.at}#${revised.id}` });

    const answer = await read(frontCommittee, 'longbien-2018', { cursor: otherCampaign });

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

  it('answers 404 for a campaign that does not exist, without reading any trail', async () => {
    const answer = await read(frontCommittee, 'khong-co-dau');

    expect(queries()).toEqual([]);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Campaign khong-co-dau was not found' } },
    });
  });

  it('refuses an organization user with 403, reading nothing', async () => {
    const answer = await read(organizationUser('mttq-long-bien'));

    expect(ddb.calls()).toEqual([]);
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'forbidden', message: 'This endpoint is for admin, front-committee' } },
    });
  });
});

// GET /v1/notifications?campaignId= with a mocked DynamoDB: leadership's feed of exceeded pledges, newest first.
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  campaignItem,
  english,
  frontCommittee,
  jsonHeaders,
  leadership,
  ledgerTableName,
  loadHandler,
  organizationUser,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let listNotifications: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  listNotifications = await loadHandler('ListNotifications', english);
});

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({});
  ddb
    .on(GetCommand, { Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } })
    .resolves({ Item: campaignItem });
});

interface Crossing {
  eventId: string;
  organizationId: string;
  organizationName: string;
  category: string;
  target: number;
  delivered: number;
  occurredAt: string;
  subject: string;
  message: { vi: string; en: string };
}

/** A notification as the notifier stores it: its keys, its status and timestamps, and the crossing. */
const stored = (n: Crossing & { pledgeId: string }) => ({
  ...n,
  pk: 'NOTIFICATIONS#longbien-2018',
  sk: `${n.occurredAt}#${n.eventId}`,
  type: 'notification',
  campaignId: 'longbien-2018',
  eventType: 'Pledge Exceeded',
  surplus: n.delivered - n.target,
  status: 'sent',
  createdAt: n.occurredAt.replace(':00.000Z', ':02.000Z'),
  sentAt: n.occurredAt.replace(':00.000Z', ':03.000Z'),
});

const greatUnityHouses = stored({
  eventId: 'a3c1e5f70b2d4968a1c3e5f70b2d4968',
  pledgeId: 'pledgemttq00001',
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 15,
  delivered: 16,
  occurredAt: '2018-09-02T03:00:00.000Z',
  subject: 'Vuot dang ky / Pledge exceeded: Uy ban MTTQ quan',
  message: {
    vi: 'Ủy ban MTTQ quận đã bàn giao 16 nhà đại đoàn kết (vượt 01 nhà so với đăng ký 15).',
    en: 'Ủy ban MTTQ quận has handed over 16 great-unity houses (01 house more than the 15 pledged).',
  },
});

const loveShelters = stored({
  eventId: '5e7a9c1b3d5f47a9b1c3d5e7f9a1b3c5',
  pledgeId: 'pledgehlhpn0001',
  organizationId: 'hoi-phu-nu',
  organizationName: 'Hội Liên hiệp Phụ nữ quận',
  category: 'love-shelter',
  target: 1,
  delivered: 2,
  occurredAt: '2018-06-10T08:00:00.000Z',
  subject: 'Vuot dang ky / Pledge exceeded: Hoi Lien hiep Phu nu quan',
  message: {
    vi: 'Hội Liên hiệp Phụ nữ quận đã bàn giao 02 “mái ấm tình thương” (vượt 01 mái ấm so với đăng ký 01).',
    en: 'Hội Liên hiệp Phụ nữ quận has handed over 02 “love shelters” (01 shelter more than the 01 pledged).',
  },
});

const viewOf = (n: ReturnType<typeof stored>) => ({
  id: n.eventId,
  campaignId: 'longbien-2018',
  type: 'Pledge Exceeded',
  pledgeId: n.pledgeId,
  organizationId: n.organizationId,
  organizationName: n.organizationName,
  category: n.category,
  target: n.target,
  delivered: n.delivered,
  surplus: n.surplus,
  occurredAt: n.occurredAt,
  subject: n.subject,
  message: n.message,
});

const feedQuery = {
  TableName: ledgerTableName,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': 'NOTIFICATIONS#longbien-2018' },
  ScanIndexForward: false,
  Limit: 101,
  ReturnConsumedCapacity: 'TOTAL',
};

const list = (as: EventOptions['as'], query: Record<string, string> = { campaignId: 'longbien-2018' }) =>
  listNotifications({ query, ...(as ? { as } : {}) });

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

describe('listing notifications', () => {
  it('gives leadership the whole view of each notification, newest first, without storage fields', async () => {
    ddb.on(QueryCommand).resolves({ Items: [greatUnityHouses, loveShelters] });

    const answer = await list(leadership);

    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } },
    ]);
    expect(queries()).toEqual([feedQuery]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [viewOf(greatUnityHouses), viewOf(loveShelters)] },
    });
  });

  it('gives the front committee the feed too, with a cursor that reads the next page', async () => {
    const page = Array.from({ length: 101 }, (_, i) =>
      stored({
        ...greatUnityHouses,
        eventId: i.toString(16).padStart(32, '0'),
        occurredAt: new Date(Date.UTC(2018, 11, 1) - i * 60_000).toISOString(),
      }),
    );
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: page })
      .resolvesOnce({ Items: [loveShelters] });
    const first = await list(frontCommittee);

    const second = await list(frontCommittee, { campaignId: 'longbien-2018', cursor: first.body.nextCursor });

    const last = page[99] as ReturnType<typeof stored>;
    expect(queries()).toEqual([feedQuery, { ...feedQuery, ExclusiveStartKey: { pk: last.pk, sk: last.sk } }]);
    expect([first.status, first.body, second.status, second.body]).toEqual([
      200,
      {
        items: page.slice(0, 100).map(viewOf),
        nextCursor: Buffer.from(JSON.stringify({ pk: last.pk, sk: last.sk })).toString('base64url'),
      },
      200,
      { items: [viewOf(loveShelters)] },
    ]);
  });

  it('refuses an organization user with 403, without reading', async () => {
    const answer = await list(organizationUser('hoi-phu-nu'));

    expect(ddb.calls()).toEqual([]);
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: { code: 'forbidden', message: 'This endpoint is for admin, front-committee, leadership' },
      },
    });
  });

  it('refuses a caller without a token with 401', async () => {
    const answer = await list(undefined);

    expect([ddb.calls(), answer.status, answer.body]).toEqual([
      [],
      401,
      { error: { code: 'unauthorized', message: 'Sign in to use this endpoint' } },
    ]);
  });

  it('answers 400 naming campaignId when it is missing', async () => {
    const answer = await list(leadership, {});

    expect(ddb.calls()).toEqual([]);
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'campaignId: Invalid input: expected string, received undefined',
          details: [{ path: 'campaignId', message: 'Invalid input: expected string, received undefined' }],
        },
      },
    });
  });

  it('answers 404 for a campaign that does not exist, without reading its feed', async () => {
    const answer = await list(leadership, { campaignId: 'khong-co-dau' });

    expect(queries()).toEqual([]);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Campaign khong-co-dau was not found' } },
    });
  });
});

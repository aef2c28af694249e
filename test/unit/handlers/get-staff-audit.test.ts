// GET /v1/users/audit and GET /v1/organizations/audit with a mocked DynamoDB: the trails that are not per campaign.
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  auditTableName,
  english,
  frontCommittee,
  frontCommitteeActor,
  jsonHeaders,
  loadHandler,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let getStaffAudit: (options?: EventOptions) => Promise<Answer>;
let getOrganizationAudit: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  getStaffAudit = await loadHandler('GetStaffAudit', english);
  getOrganizationAudit = await loadHandler('GetOrganizationAudit', english);
});

beforeEach(() => {
  ddb.reset();
});

const admin = { role: 'admin', sub: 'user-admin' } as const;
const adminActor = { sub: 'user-admin', roles: ['admin'] };

const invited = {
  id: '4a6c8e0b2d4f6a8c0e2b1b3d5f7a9c2e',
  at: '2026-12-03T02:00:00.000Z',
  actor: adminActor,
  action: 'user.invited',
  subject: { type: 'user', id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
  changes: [
    { field: 'role', to: 'organization' },
    { field: 'organizationId', to: 'hoi-phu-nu-long-bien' },
  ],
};

const disabled = {
  id: '0e2b1b3d5f7a9c2e4a6c8e0b2d4f6a8c',
  at: '2026-12-01T08:30:00.000Z',
  actor: { sub: 'cli', roles: [] },
  action: 'user.disabled',
  subject: { type: 'user', id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d' },
  changes: [{ field: 'enabled', from: true, to: false }],
};

const renamed = {
  id: '8c0e2b1b3d5f7a9c2e4a6c8e0b2d4f6a',
  at: '2026-11-20T04:00:00.000Z',
  actor: frontCommitteeActor,
  action: 'organization.renamed',
  subject: { type: 'organization', id: 'hoi-phu-nu-long-bien' },
  changes: [{ field: 'name', from: 'Hội Phụ nữ', to: 'Hội Liên hiệp Phụ nữ quận Long Biên' }],
};

const stored = (partition: string) => (entry: { at: string; id: string }) => ({
  pk: partition,
  sk: `${entry.at}#${entry.id}`,
  type: 'audit-entry',
  ...entry,
});

const trailQuery = (partition: string) => ({
  TableName: auditTableName,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': partition },
  ScanIndexForward: false,
  Limit: 101,
  ReturnConsumedCapacity: 'TOTAL',
});

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

const cursorOf = (key: { pk: string; sk: string }) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe("reading user administration's audit trail", () => {
  it('gives an admin who invited and disabled which account, newest first, without storage fields', async () => {
    ddb.on(QueryCommand).resolves({ Items: [invited, disabled].map(stored('AUDIT#_users')) });

    const answer = await getStaffAudit({ as: admin });

    expect(queries()).toEqual([trailQuery('AUDIT#_users')]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [invited, disabled] },
    });
  });

  it('gives a cursor when more entries exist, and reads the next page from it', async () => {
    const page = Array.from({ length: 101 }, (_, i) => ({
      ...invited,
      id: i.toString(16).padStart(32, '0'),
      at: new Date(Date.UTC(2026, 11, 3) - i * 60_000).toISOString(),
    }));
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: page.map(stored('AUDIT#_users')) })
      .resolvesOnce({ Items: [stored('AUDIT#_users')(disabled)] });
    const first = await getStaffAudit({ as: admin });

    const second = await getStaffAudit({ as: admin, query: { cursor: String(first.body.nextCursor) } });

    const last = page[99] as typeof invited;
    const lastKey = { pk: 'AUDIT#_users', sk: `${last.at}#${last.id}` };
    expect(queries()).toEqual([
      trailQuery('AUDIT#_users'),
      { ...trailQuery('AUDIT#_users'), ExclusiveStartKey: lastKey },
    ]);
    expect([first.status, first.body, second.status, second.body]).toEqual([
      200,
      { items: page.slice(0, 100), nextCursor: cursorOf(lastKey) },
      200,
      { items: [disabled] },
    ]);
  });

  it("refuses a cursor from a campaign's or the organizations' trail with 400, reading no entries", async () => {
    const fromCampaign = cursorOf({ pk: 'AUDIT#longbien-2018', sk: `${invited.at}#${invited.id}` });
    const fromOrganizations = cursorOf({ pk: 'AUDIT#_organizations', sk: `${renamed.at}#${renamed.id}` });

    const answers = [
      await getStaffAudit({ as: admin, query: { cursor: fromCampaign } }),
      await getStaffAudit({ as: admin, query: { cursor: fromOrganizations } }),
    ];

    expect(queries()).toEqual([]);
    const refusal = {
      status: 400,
      headers: jsonHeaders,
      body: {
        error: {
          code: 'validation_failed',
          message: 'cursor: is not a cursor this list gave out',
          details: [{ path: 'cursor', message: 'is not a cursor this list gave out' }],
        },
      },
    };
    expect(answers.map(({ text: _text, ...answer }) => answer)).toEqual([refusal, refusal]);
  });

  it('refuses the front committee with 403, reading nothing', async () => {
    const answer = await getStaffAudit({ as: frontCommittee });

    expect(ddb.calls()).toEqual([]);
    expect(answer).toEqual({
      status: 403,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'forbidden', message: 'This endpoint is for admin' } },
    });
  });
});

describe('reading the organizations’ audit trail', () => {
  it('gives the front committee who renamed which organization, from what to what', async () => {
    ddb.on(QueryCommand).resolves({ Items: [stored('AUDIT#_organizations')(renamed)] });

    const answer = await getOrganizationAudit({ as: frontCommittee });

    expect(queries()).toEqual([trailQuery('AUDIT#_organizations')]);
    expect(answer).toEqual({
      status: 200,
      headers: jsonHeaders,
      text: answer.text,
      body: { items: [renamed] },
    });
  });

  it("refuses a cursor from user administration's trail with 400", async () => {
    const fromUsers = cursorOf({ pk: 'AUDIT#_users', sk: `${invited.at}#${invited.id}` });

    const answer = await getOrganizationAudit({ as: admin, query: { cursor: fromUsers } });

    expect(queries()).toEqual([]);
    expect([answer.status, answer.body.error?.code]).toEqual([400, 'validation_failed']);
  });
});

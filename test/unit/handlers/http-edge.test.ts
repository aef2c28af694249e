// The HTTP edge every handler shares: sign-in and groups, body parsing, limits, validation details, NFC.
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RouteName } from '../../../shared/routes';
import {
  type Answer,
  type EventOptions,
  type Handler,
  httpEvent,
  lambdaContext,
} from '../../support/http-events';
import {
  buildHandler,
  conditionalCheckFailed,
  english,
  frontCommittee,
  jsonHeaders,
  leadership,
  ledgerTableName,
  loadHandler,
  organizationUser,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
const handlers = new Map<RouteName, (options?: EventOptions) => Promise<Answer>>();
let registerPledge: Handler;
let createOrganization: Handler;
const call = (name: RouteName, options: EventOptions) => {
  const handler = handlers.get(name);
  if (!handler) throw new Error(`${name} was not loaded`);
  return handler(options);
};

beforeAll(async () => {
  for (const name of [
    'RegisterPledge',
    'RecordHandover',
    'ListHandovers',
    'CreateOrganization',
    'ListOrganizations',
    'VoidHandover',
  ] as const) {
    handlers.set(name, await loadHandler(name, english));
  }
  // The raw handlers, for events the builder cannot express (no content type, base64 bodies).
  registerPledge = await buildHandler('register-pledge');
  createOrganization = await buildHandler('create-organization');
});

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date('2018-01-02T01:00:00.000Z'), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const campaign = { pathParameters: { campaignId: 'longbien-2018' } };
const pledge = { organizationId: 'hoi-phu-nu', category: 'love-shelter', target: 1 };

const errorAnswer = (status: number, code: string, message: string, details?: unknown) => ({
  status,
  headers: jsonHeaders,
  body: { error: { code, message, ...(details ? { details } : {}) } },
});
const withoutText = ({ text: _text, ...answer }: Answer) => answer;

describe('signing in and groups', () => {
  it.each<[RouteName, EventOptions]>([
    ['RegisterPledge', { ...campaign, body: pledge }],
    ['RecordHandover', { ...campaign, body: {}, headers: { 'idempotency-key': 'handover-key-0001' } }],
    ['ListHandovers', campaign],
    ['CreateOrganization', { body: {} }],
    ['ListOrganizations', {}],
    [
      'VoidHandover',
      {
        pathParameters: { campaignId: 'longbien-2018', handoverId: '0123456789abcdef' },
        body: { reason: 'Ghi nhầm' },
      },
    ],
  ])('refuses %s without a token with 401, reading nothing', async (name, options) => {
    const answer = await call(name, options);

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(errorAnswer(401, 'unauthorized', 'Sign in to use this endpoint'));
  });

  it.each<[RouteName, EventOptions, string]>([
    ['RegisterPledge', { ...campaign, body: pledge, as: leadership }, 'front-committee, organization'],
    ['RecordHandover', { ...campaign, body: {}, as: organizationUser('hoi-phu-nu') }, 'front-committee'],
    ['CreateOrganization', { body: {}, as: organizationUser('hoi-phu-nu') }, 'admin, front-committee'],
    ['CreateOrganization', { body: {}, as: leadership }, 'admin, front-committee'],
  ])('refuses %s to a caller outside its groups with 403, reading nothing', async (name, options, groups) => {
    const answer = await call(name, options);

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(errorAnswer(403, 'forbidden', `This endpoint is for ${groups}`));
  });

  it('refuses a token whose groups are all unknown with 403', async () => {
    const answer = await call('CreateOrganization', { body: {}, as: { role: 'superuser' as 'admin' } });

    expect(withoutText(answer)).toEqual(
      errorAnswer(403, 'forbidden', 'This endpoint is for admin, front-committee'),
    );
  });
});

describe('reading the body', () => {
  const register = (options: EventOptions) =>
    call('RegisterPledge', { ...campaign, as: frontCommittee, ...options });

  it('refuses malformed JSON with 400 malformed_json', async () => {
    const answer = await register({ rawBody: '{"organizationId": "hoi-phu-nu",' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(errorAnswer(400, 'malformed_json', 'The body is not valid JSON'));
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['a json look-alike', 'application/jsonp'],
  ])('refuses a body sent as %s with 415', async (_, contentType) => {
    const answer = await register({
      rawBody: JSON.stringify(pledge),
      headers: { 'content-type': contentType },
    });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(
      errorAnswer(415, 'unsupported_media_type', 'Send the body as application/json'),
    );
  });

  it('refuses a body without a content type with 415', async () => {
    const event = httpEvent('POST /v1/campaigns/{campaignId}/pledges', {
      ...campaign,
      as: frontCommittee,
      body: pledge,
    });
    delete event.headers['content-type'];

    const answer = await registerPledge(event, lambdaContext);

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      statusCode: 415,
      headers: jsonHeaders,
      body: JSON.stringify({
        error: { code: 'unsupported_media_type', message: 'Send the body as application/json' },
      }),
    });
  });

  it('refuses a body over 64 KB with 413 and looks no further', async () => {
    const note = 'a'.repeat(64 * 1024);

    const answer = await register({ body: { ...pledge, note } });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(
      errorAnswer(413, 'payload_too_large', 'The body must be at most 65536 bytes'),
    );
  });

  it('measures the limit in bytes, not characters, and lets exactly 64 KB through to validation', async () => {
    const base = JSON.stringify({ ...pledge, note: '' });
    const exactly = JSON.stringify({ ...pledge, note: 'a'.repeat(64 * 1024 - Buffer.byteLength(base)) });
    const overByDiacritics = JSON.stringify({ ...pledge, note: 'ệ'.repeat(22_000) });

    const answers = await Promise.all([
      register({ rawBody: exactly }),
      register({ rawBody: overByDiacritics }),
    ]);

    expect([Buffer.byteLength(exactly), overByDiacritics.length < 64 * 1024]).toEqual([65_536, true]);
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual([
      [400, 'validation_failed'],
      [413, 'payload_too_large'],
    ]);
  });

  it.each([['application/json; charset=utf-8'], ['application/merge-patch+json'], ['Application/JSON']])(
    'accepts a body sent as %s',
    async (contentType) => {
      const answer = await register({
        rawBody: JSON.stringify({ ...pledge, target: 0 }),
        headers: { 'content-type': contentType },
      });

      expect([answer.status, answer.body.error.details]).toEqual([
        400,
        [{ path: 'target', message: 'must be at least 1' }],
      ]);
    },
  );

  it('reads a base64-encoded body as API Gateway may pass it', async () => {
    ddb.on(PutCommand).resolves({});
    const body = { id: 'hoi-phu-nu', name: 'Hội Liên hiệp Phụ nữ quận', kind: 'womens-union' };
    const event = httpEvent('POST /v1/organizations', {
      rawBody: Buffer.from(JSON.stringify(body)).toString('base64'),
      as: frontCommittee,
    });

    const answer = await createOrganization({ ...event, isBase64Encoded: true }, lambdaContext);

    expect(answer).toEqual({
      statusCode: 201,
      headers: jsonHeaders,
      body: JSON.stringify({ ...body, createdAt: '2018-01-02T01:00:00.000Z' }),
    });
  });
});

describe('validating the body', () => {
  const register = (body: unknown) => call('RegisterPledge', { ...campaign, as: frontCommittee, body });

  it('refuses an unknown field with 400, naming it', async () => {
    const answer = await register({ ...pledge, colour: 'đỏ' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(
      errorAnswer(400, 'validation_failed', '(body): unknown field(s): colour', [
        { path: '(body)', message: 'unknown field(s): colour' },
      ]),
    );
  });

  it('names the nested object holding an unknown field', async () => {
    const answer = await call('RecordHandover', {
      ...campaign,
      as: frontCommittee,
      headers: { 'idempotency-key': 'handover-key-0001' },
      body: {
        organizationId: 'hoi-phu-nu',
        category: 'love-shelter',
        ward: 'Bồ Đề',
        handedOverOn: '2018-01-01',
        beneficiary: { name: 'Nguyễn Thị A', phone: '0900000000' },
      },
    });

    expect(withoutText(answer)).toEqual(
      errorAnswer(400, 'validation_failed', 'beneficiary: unknown field(s): phone', [
        { path: 'beneficiary', message: 'unknown field(s): phone' },
      ]),
    );
  });

  it.each([
    ['the string "15"', '15', 'must be a whole number'],
    ['0', 0, 'must be at least 1'],
    ['-1', -1, 'must be at least 1'],
    ['1.5', 1.5, 'must be a whole number'],
    ['1,000,001', 1_000_001, 'must be at most 1,000,000'],
    ['null', null, 'must be a whole number'],
    ['missing', undefined, 'must be a whole number'],
  ])('refuses a target of %s with 400 naming target', async (_, target, message) => {
    const answer = await register({ ...pledge, target });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(withoutText(answer)).toEqual(
      errorAnswer(400, 'validation_failed', `target: ${message}`, [{ path: 'target', message }]),
    );
  });

  it('lists every problem of a body at once', async () => {
    const answer = await register({ organizationId: 'Hội Phụ nữ', category: 'castle', target: 0 });

    expect(answer.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'organizationId',
      'category',
      'target',
    ]);
  });
});

describe('storing text', () => {
  it('stores a name typed in decomposed Unicode as NFC, trimmed', async () => {
    ddb.on(PutCommand).resolves({});
    const composed = 'Hội Liên hiệp Phụ nữ quận Long Biên';

    const answer = await call('CreateOrganization', {
      body: { id: 'hoi-phu-nu', name: `  ${composed.normalize('NFD')} `, kind: 'womens-union' },
      as: frontCommittee,
    });

    expect(composed.normalize('NFD')).not.toBe(composed);
    expect(ddb.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: ledgerTableName,
        Item: {
          pk: 'ORGANIZATIONS',
          sk: 'ORG#hoi-phu-nu',
          type: 'organization',
          id: 'hoi-phu-nu',
          name: composed,
          kind: 'womens-union',
          createdAt: '2018-01-02T01:00:00.000Z',
        },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnConsumedCapacity: 'TOTAL',
      },
    ]);
    expect(withoutText(answer)).toEqual({
      status: 201,
      headers: jsonHeaders,
      body: { id: 'hoi-phu-nu', name: composed, kind: 'womens-union', createdAt: '2018-01-02T01:00:00.000Z' },
    });
  });

  it('answers 409 for an organization id that is taken', async () => {
    ddb.on(PutCommand).rejects(conditionalCheckFailed());

    const answer = await call('CreateOrganization', {
      body: { id: 'hoi-phu-nu', name: 'Hội Liên hiệp Phụ nữ quận', kind: 'womens-union' },
      as: frontCommittee,
    });

    expect(withoutText(answer)).toEqual(
      errorAnswer(409, 'conflict', 'Organization hoi-phu-nu already exists'),
    );
  });
});

// Validation messages in the caller's language: Vietnamese by default, English for `Accept-Language: en`;
// the code and the field path never change.
import { readFileSync } from 'node:fs';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { preferredLanguage } from '../../shared/http/language';
import { localizeMessage } from '../../shared/http/validation-messages';
import type { Answer, EventOptions } from '../support/http-events';
import { campaignItem, frontCommittee, ledgerTableName, loadHandler } from './handlers/support';

const ddb = mockClient(DynamoDBDocumentClient);
let registerPledge: (options?: EventOptions) => Promise<Answer>;
let getReport: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  registerPledge = await loadHandler('RegisterPledge');
  getReport = await loadHandler('GetReport');
});
beforeEach(() => ddb.reset());

const register = (body: unknown, headers: Record<string, string> = {}) =>
  registerPledge({ pathParameters: { campaignId: 'longbien-2018' }, as: frontCommittee, body, headers });
const pledge = { organizationId: 'hoi-phu-nu', category: 'love-shelter', target: 1 };
const error = (answer: Answer) => ({ status: answer.status, ...answer.body.error });

describe('Accept-Language', () => {
  it.each([
    [undefined, 'vi'],
    ['', 'vi'],
    ['vi', 'vi'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['en-US,en;q=0.9,vi;q=0.8', 'en'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', 'vi'],
    ['vi;q=0.5, en;q=0.8', 'en'],
    ['en;q=0.5, vi', 'vi'],
    ['en, vi', 'en'],
    ['vi, en', 'vi'],
    ['en;q=0', 'vi'],
    ['fr', 'vi'],
    ['fr, en;q=0.3', 'en'],
    ['*', 'vi'],
    ['vi;q=0, *', 'en'],
    ['en;q=2', 'vi'],
    ['en;q=abc, vi;q=0.1', 'vi'],
    ['<script>, en', 'en'],
  ])('%j reads as %s', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });
});

describe('validation messages', () => {
  it('answers in Vietnamese by default, with the same code and path', async () => {
    const answer = await register({ ...pledge, target: 0 });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(error(answer)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'target: không được nhỏ hơn 1',
      details: [{ path: 'target', message: 'không được nhỏ hơn 1' }],
    });
  });

  it('answers in English to Accept-Language: en-US,en;q=0.9', async () => {
    const answer = await register({ ...pledge, target: 0 }, { 'accept-language': 'en-US,en;q=0.9' });

    expect(error(answer)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'target: must be at least 1',
      details: [{ path: 'target', message: 'must be at least 1' }],
    });
  });

  it("words zod's own messages in Vietnamese too, per request", async () => {
    const [vi, en] = await Promise.all([
      getReport({ pathParameters: { campaignId: 'longbien-2018' }, query: { lang: 'fr' } }),
      getReport({
        pathParameters: { campaignId: 'longbien-2018' },
        query: { lang: 'fr' },
        headers: { 'accept-language': 'en' },
      }),
    ]);

    expect(error(vi).details).toEqual([
      { path: 'lang', message: 'Tùy chọn không hợp lệ: mong đợi một trong các giá trị "vi"|"en"' },
    ]);
    expect(error(en).details).toEqual([
      { path: 'lang', message: 'Invalid option: expected one of "vi"|"en"' },
    ]);
  });

  it('names unknown fields and every problem, in Vietnamese', async () => {
    const answer = await register({ ...pledge, note: 'a\u0007b', colour: 'red' });

    expect(error(answer)).toEqual({
      status: 400,
      code: 'validation_failed',
      message: 'note: không được chứa ký tự điều khiển; (body): có trường không được chấp nhận: colour',
      details: [
        { path: 'note', message: 'không được chứa ký tự điều khiển' },
        { path: '(body)', message: 'có trường không được chấp nhận: colour' },
      ],
    });
  });

  it('translates a domain rule found after reading (an unknown organization)', async () => {
    ddb.on(GetCommand).resolves({});
    ddb
      .on(GetCommand, { TableName: ledgerTableName, Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } })
      .resolves({
        Item: campaignItem,
      });
    const answer = await register({ ...pledge, organizationId: 'khong-co' }, {});

    expect(error(answer).details).toEqual([{ path: 'organizationId', message: 'không có tổ chức khong-co' }]);
  });

  it('has a Vietnamese wording for every message the schemas and rules write', () => {
    const sources = [
      'shared/schemas/api.ts',
      'shared/domain/handover-rules.ts',
      'shared/http/http-handler.ts',
    ];
    const messages = sources.flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /(?<!describe\()['`]((?:must|is|can|the|an|unknown) [^'`]*)['`]/g,
        ),
      ].map((m) => (m[1] ?? '').replace(/\$\{[^}]*\}/g, '12')),
    );

    expect(messages.length).toBeGreaterThan(25);
    expect(messages.filter((message) => localizeMessage(message, 'vi') === message)).toEqual([]);
  });
});

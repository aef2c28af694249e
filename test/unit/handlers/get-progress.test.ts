// GET /v1/campaigns/{campaignId}/progress and /report with a mocked DynamoDB: one Query, the whole view.
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Answer, EventOptions } from '../../support/http-events';
import {
  activePledgeItem,
  campaignItem,
  english,
  jsonHeaders,
  ledgerTableName,
  loadHandler,
  pledgeItem,
  requestIdHeader,
} from './support';

const ddb = mockClient(DynamoDBDocumentClient);
let getProgress: (options?: EventOptions) => Promise<Answer>;
let getReport: (options?: EventOptions) => Promise<Answer>;

beforeAll(async () => {
  getProgress = await loadHandler('GetProgress', english);
  getReport = await loadHandler('GetReport', english);
});

beforeEach(() => {
  ddb.reset();
  vi.useFakeTimers({ now: new Date('2018-10-10T03:00:00.000Z'), toFake: ['Date'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const partition = 'CAMPAIGN#longbien-2018';
// `verified` left out is how counters stored before verification existed look: they read as 0.
const total = (category: string, delivered: number, verified?: number) => ({
  pk: partition,
  sk: `TOTAL#${category}`,
  type: 'category-total',
  category,
  delivered,
  ...(verified === undefined ? {} : { verified }),
});
const wardTotal = (ward: string, category: string, delivered: number, verified?: number) => ({
  pk: partition,
  sk: `WARD#${ward}#${category}`,
  type: 'ward-total',
  category,
  ward,
  delivered,
  ...(verified === undefined ? {} : { verified }),
});

// The campaign's partition as DynamoDB returns it: sorted by sort key, whatever the item types.
const partitionItems = [
  activePledgeItem('hoi-phu-nu', 'love-shelter', 'pledgewomen0001'),
  activePledgeItem('mttq-long-bien', 'great-unity-house', 'pledgemttq00001'),
  campaignItem,
  {
    ...pledgeItem({
      id: 'pledgemttq00001',
      organizationId: 'mttq-long-bien',
      organizationName: 'Ủy ban MTTQ quận',
      category: 'great-unity-house',
      target: 15,
      delivered: 29,
      state: 'active',
    }),
    verified: 20,
  },
  {
    ...pledgeItem({
      id: 'pledgewomen0001',
      organizationId: 'hoi-phu-nu',
      organizationName: 'Hội Liên hiệp Phụ nữ quận',
      category: 'love-shelter',
      target: 4,
      delivered: 3,
      state: 'active',
    }),
    note: 'Cho hội viên có hoàn cảnh khó khăn',
    lastChange: {
      kind: 'revised',
      reason: 'Tăng chỉ tiêu',
      by: 'user-front',
      at: '2018-02-01T00:00:00.000Z',
    },
  },
  total('great-unity-house', 29, 20),
  // The money counters (#15): the Front's 29 houses at 50 million each, 20 of them verified; the others
  // recorded without a value. Cash from one fund, and labour days, on the Front's houses only.
  {
    pk: 'CAMPAIGN#longbien-2018',
    sk: 'MONEY#great-unity-house#mttq-long-bien',
    type: 'money-total',
    category: 'great-unity-house',
    organizationId: 'mttq-long-bien',
    houses: 29,
    valued: 29,
    coFunded: 0,
    valueVnd: 1_450_000_000,
    cashVnd: 300_000_000,
    materialsVnd: 0,
    laborTenths: 150,
    verifiedHouses: 20,
    verifiedValued: 20,
    verifiedCoFunded: 0,
    verifiedValueVnd: 1_000_000_000,
    verifiedCashVnd: 200_000_000,
    verifiedMaterialsVnd: 0,
    verifiedLaborTenths: 100,
  },
  {
    pk: 'CAMPAIGN#longbien-2018',
    sk: 'MONEY#love-shelter#hoi-phu-nu',
    type: 'money-total',
    category: 'love-shelter',
    organizationId: 'hoi-phu-nu',
    houses: 3,
  },
  {
    pk: 'CAMPAIGN#longbien-2018',
    sk: 'MONEY#house-support#quan-doan',
    type: 'money-total',
    category: 'house-support',
    organizationId: 'quan-doan',
    houses: 2,
  },
  {
    pk: 'CAMPAIGN#longbien-2018',
    sk: 'CASH#quỹ vì người nghèo quận',
    type: 'cash-source',
    source: 'Quỹ Vì người nghèo quận',
    amountVnd: 300_000_000,
    verifiedAmountVnd: 200_000_000,
  },
  total('house-support', 2, 0),
  total('love-shelter', 3),
  wardTotal('Cự Khối', 'great-unity-house', 9, 8),
  wardTotal('Gia Thụy', 'house-support', 2, 0),
  wardTotal('Bồ Đề', 'great-unity-house', 20, 12),
  wardTotal('Bồ Đề', 'love-shelter', 3),
  wardTotal('Đức Giang', 'love-shelter', 0),
];

const partitionQuery = {
  TableName: ledgerTableName,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': partition },
  ReturnConsumedCapacity: 'TOTAL',
};

const progressView = {
  campaignId: 'longbien-2018',
  asOf: '2018-10-10T03:00:00.000Z',
  basis: 'recorded',
  totals: [
    {
      category: 'great-unity-house',
      pledged: 15,
      delivered: 29,
      verified: 20,
      remaining: 0,
      surplus: 14,
      percent: 193.3,
    },
    {
      category: 'love-shelter',
      pledged: 4,
      delivered: 3,
      verified: 0,
      remaining: 1,
      surplus: 0,
      percent: 75,
    },
    {
      category: 'comradeship-house',
      pledged: 0,
      delivered: 0,
      verified: 0,
      remaining: 0,
      surplus: 0,
      percent: null,
    },
    {
      category: 'cultural-center',
      pledged: 0,
      delivered: 0,
      verified: 0,
      remaining: 0,
      surplus: 0,
      percent: null,
    },
    {
      category: 'house-support',
      pledged: 0,
      delivered: 2,
      verified: 0,
      remaining: 0,
      surplus: 2,
      percent: null,
    },
  ],
  pledges: [
    {
      id: 'pledgemttq00001',
      organizationId: 'mttq-long-bien',
      organizationName: 'Ủy ban MTTQ quận',
      category: 'great-unity-house',
      target: 15,
      delivered: 29,
      verified: 20,
      remaining: 0,
      surplus: 14,
      percent: 193.3,
      status: 'exceeded',
    },
    {
      id: 'pledgewomen0001',
      organizationId: 'hoi-phu-nu',
      organizationName: 'Hội Liên hiệp Phụ nữ quận',
      category: 'love-shelter',
      target: 4,
      delivered: 3,
      verified: 0,
      remaining: 1,
      surplus: 0,
      percent: 75,
      status: 'in-progress',
    },
  ],
  wards: [
    { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 20, verified: 12 },
    { ward: 'Bồ Đề', category: 'love-shelter', delivered: 3, verified: 0 },
    { ward: 'Cự Khối', category: 'great-unity-house', delivered: 9, verified: 8 },
    { ward: 'Gia Thụy', category: 'house-support', delivered: 2, verified: 0 },
  ],
};

const queries = () => ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);

describe('reading progress', () => {
  it("answers the whole progress view from one Query of the campaign's partition, without a token", async () => {
    ddb.on(QueryCommand).resolves({ Items: partitionItems });

    const answer = await getProgress({ pathParameters: { campaignId: 'longbien-2018' } });

    expect(ddb.calls()).toHaveLength(1);
    expect(queries()).toEqual([partitionQuery]);
    expect(answer).toEqual({ status: 200, headers: jsonHeaders, text: answer.text, body: progressView });
  });

  it('follows DynamoDB pages past 1 MB and answers the same view', async () => {
    const lastKeyOfFirstPage = { pk: partition, sk: 'PLEDGE#pledgemttq00001' };
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: partitionItems.slice(0, 4), LastEvaluatedKey: lastKeyOfFirstPage })
      .resolves({ Items: partitionItems.slice(4) });

    const answer = await getProgress({ pathParameters: { campaignId: 'longbien-2018' } });

    expect(queries()).toEqual([partitionQuery, { ...partitionQuery, ExclusiveStartKey: lastKeyOfFirstPage }]);
    expect(answer.body).toEqual(progressView);
  });

  it('answers 404 for a campaign that does not exist', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });

    const answer = await getProgress({ pathParameters: { campaignId: 'khong-co-dau' } });

    expect(queries()).toEqual([
      { ...partitionQuery, ExpressionAttributeValues: { ':pk': 'CAMPAIGN#khong-co-dau' } },
    ]);
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Campaign khong-co-dau was not found' } },
    });
  });

  it('answers 404 for a campaign id that is not a slug, without reading', async () => {
    const answer = await getProgress({ pathParameters: { campaignId: 'Long Biên' } });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 404,
      headers: jsonHeaders,
      text: answer.text,
      body: { error: { code: 'not_found', message: 'Nothing is found at /v1/campaigns/Long Biên/progress' } },
    });
  });
});

describe('reading the report', () => {
  const report = (query?: Record<string, string>) =>
    getReport({ pathParameters: { campaignId: 'longbien-2018' }, ...(query ? { query } : {}) });

  it('answers Vietnamese text by default, with the seed clauses', async () => {
    ddb.on(QueryCommand).resolves({ Items: partitionItems });

    const answer = await report();

    expect(queries()).toEqual([partitionQuery]);
    expect(answer).toEqual({
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...requestIdHeader },
      body: undefined,
      text: [
        'BÁO CÁO KẾT QUẢ: Chào mừng 15 năm thành lập quận Long Biên',
        'Thời gian: 01/01/2018 – 31/12/2018',
        '',
        'Kết quả: bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
          'bàn giao 03 “mái ấm tình thương”; hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo (vượt 02 nhà so với đăng ký).',
        'Trong đó 20/34 công trình đã được xác minh.',
        'Tổng kinh phí 1.450 triệu đồng (29/34 công trình có ghi kinh phí); trong đó tiền mặt 300 triệu đồng, 15 ngày công.',
        '',
        'Theo đơn vị đăng ký:',
        '- Ủy ban MTTQ quận: đăng ký 15 nhà đại đoàn kết, đã thực hiện 29 (vượt 14)',
        '- Hội Liên hiệp Phụ nữ quận: đăng ký 04 “mái ấm tình thương”, đã thực hiện 03',
        '',
        'Số liệu tính đến 10/10/2018.',
        '',
      ].join('\n'),
    });
  });

  it('answers English text when asked', async () => {
    ddb.on(QueryCommand).resolves({ Items: partitionItems });

    const answer = await report({ lang: 'en', format: 'text' });

    expect([answer.status, answer.headers['content-type'], answer.text.split('\n')[3]]).toEqual([
      200,
      'text/plain; charset=utf-8',
      'Results: handed over 29 great-unity houses (14 houses more than pledged); ' +
        'handed over 03 “love shelters”; supported or renovated 02 houses of poor households (02 houses more than pledged).',
    ]);
  });

  it('answers CSV with a byte order mark as an attachment', async () => {
    ddb.on(QueryCommand).resolves({ Items: partitionItems });

    const answer = await report({ lang: 'vi', format: 'csv' });

    expect(answer).toEqual({
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="longbien-2018-report-vi.csv"',
        ...requestIdHeader,
      },
      body: undefined,
      text:
        '\uFEFFMã hạng mục,Hạng mục,Đăng ký,Đã bàn giao,Đã xác minh,Còn lại,Vượt,Tỷ lệ (%)\r\n' +
        'great-unity-house,Nhà đại đoàn kết,15,29,20,0,14,193.3\r\n' +
        'love-shelter,Mái ấm tình thương,4,3,0,1,0,75.0\r\n' +
        'comradeship-house,Nhà nghĩa tình đồng đội,0,0,0,0,0,\r\n' +
        'cultural-center,Điểm sinh hoạt văn hóa công nhân,0,0,0,0,0,\r\n' +
        'house-support,"Nhà ở hộ nghèo được hỗ trợ, cải tạo",0,2,0,0,2,\r\n',
    });
  });

  it('draws every figure on verified handovers only with basis=verified, and says so', async () => {
    ddb.on(QueryCommand).resolves({ Items: partitionItems });

    const answer = await report({ basis: 'verified' });

    expect(answer.text.split('\n')).toEqual([
      'BÁO CÁO KẾT QUẢ: Chào mừng 15 năm thành lập quận Long Biên',
      'Thời gian: 01/01/2018 – 31/12/2018',
      '',
      'Kết quả: bàn giao 20 nhà đại đoàn kết (vượt 05 nhà so với đăng ký).',
      'Số liệu chỉ tính các công trình đã được xác minh.',
      'Tổng kinh phí 1.000 triệu đồng (20/20 công trình có ghi kinh phí); trong đó tiền mặt 200 triệu đồng, 10 ngày công.',
      '',
      'Theo đơn vị đăng ký:',
      '- Ủy ban MTTQ quận: đăng ký 15 nhà đại đoàn kết, đã thực hiện 20 (vượt 05)',
      '- Hội Liên hiệp Phụ nữ quận: đăng ký 04 “mái ấm tình thương”, đã thực hiện 00',
      '',
      'Số liệu tính đến 10/10/2018.',
      '',
    ]);
  });

  it('refuses a basis it does not know with 400 on basis, without reading', async () => {
    const answer = await report({ basis: 'checked' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    // The message is worded in the caller's language; the code and the path are the contract.
    expect([
      answer.status,
      answer.body.error.code,
      answer.body.error.details.map((d: { path: string }) => d.path),
    ]).toEqual([400, 'validation_failed', ['basis']]);
  });

  it('refuses an unknown language with 400 on lang, without reading', async () => {
    const answer = await report({ lang: 'fr' });

    expect(ddb).not.toHaveReceivedAnyCommand();
    expect(answer).toEqual({
      status: 400,
      headers: jsonHeaders,
      text: answer.text,
      body: {
        error: {
          code: 'validation_failed',
          message: 'lang: Invalid option: expected one of "vi"|"en"',
          details: [{ path: 'lang', message: 'Invalid option: expected one of "vi"|"en"' }],
        },
      },
    });
  });
});

// The year-end report's other forms: the three tables, the printable HTML and the Excel workbook (read back).
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import ExcelJS from 'exceljs';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DocxOfficialDocumentWriter, docxContentType } from '../../shared/adapters/docx-document';
import { ExcelJsWorkbookWriter, xlsxContentType } from '../../shared/adapters/exceljs-workbook';
import type { Category } from '../../shared/domain/categories';
import type { Campaign, CampaignSnapshot } from '../../shared/domain/model';
import { sumMoney, summarizeMoney } from '../../shared/domain/money';
import { officialReport } from '../../shared/domain/official-report';
import { computeProgress } from '../../shared/domain/progress';
import { renderReportText } from '../../shared/domain/report';
import { escapeHtml, renderReportHtml, reportStyles } from '../../shared/domain/report-html';
import { type ReportTable, reportTables } from '../../shared/domain/report-tables';
import { sha256Source } from '../../shared/http/security-headers';
import { readDocx } from '../support/docx';
import { type Handler, httpEvent, lambdaContext } from '../support/http-events';
import {
  activePledgeItem,
  buildHandler,
  campaignItem,
  pledgeItem,
  requestIdHeader,
} from './handlers/support';

// The Long Biên figures of DESIGN.md section 2, over four of its wards.
const campaign: Campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề', 'Cự Khối', 'Đức Giang', 'Gia Thụy'],
  createdAt: '2017-12-20T01:00:00.000Z',
};

const seedPledges: [string, string, string, Category, number, number][] = [
  ['pledgemttq00001', 'mttq-long-bien', 'Ủy ban MTTQ quận', 'great-unity-house', 15, 29],
  ['pledgewomen0001', 'hoi-phu-nu', 'Hội Liên hiệp Phụ nữ quận', 'love-shelter', 1, 4],
  ['pledgeveteran01', 'hoi-ccb', 'Hội Cựu chiến binh quận', 'comradeship-house', 1, 2],
  ['pledgeyouth0001', 'quan-doan', 'Quận đoàn', 'house-support', 2, 2],
  ['pledgelabor0001', 'ldld', 'Liên đoàn Lao động quận', 'cultural-center', 1, 1],
];

// Of the 29 great-unity houses, 25 were verified (18 in Bồ Đề, 7 in Cự Khối); nothing else yet.
const verifiedOf: Partial<Record<Category, number>> = { 'great-unity-house': 25 };

const wardTotals: { ward: string; category: Category; delivered: number; verified?: number }[] = [
  { ward: 'Bồ Đề', category: 'great-unity-house', delivered: 20, verified: 18 },
  { ward: 'Bồ Đề', category: 'love-shelter', delivered: 4 },
  { ward: 'Cự Khối', category: 'great-unity-house', delivered: 9, verified: 7 },
  { ward: 'Cự Khối', category: 'cultural-center', delivered: 1 },
  { ward: 'Gia Thụy', category: 'comradeship-house', delivered: 2 },
  { ward: 'Gia Thụy', category: 'house-support', delivered: 2 },
];

const asOf = new Date('2019-01-10T02:00:00.000Z');

function longBienProgress() {
  const snapshot: CampaignSnapshot = {
    campaign,
    pledges: seedPledges.map(([id, organizationId, organizationName, category, target, delivered]) => ({
      id,
      campaignId: campaign.id,
      organizationId,
      organizationName,
      category,
      target,
      delivered,
      verified: verifiedOf[category] ?? 0,
      state: 'active',
      createdAt: '2018-01-02T00:00:00.000Z',
      updatedAt: '2018-01-02T00:00:00.000Z',
    })),
    categoryTotals: seedPledges.map(([, , , category, , delivered]) => ({
      category,
      delivered,
      verified: verifiedOf[category] ?? 0,
    })),
    wardTotals,
  };
  return computeProgress(snapshot, asOf);
}

const viTables: ReportTable[] = [
  {
    id: 'categories',
    title: 'Hạng mục',
    columns: [
      { header: 'Hạng mục', kind: 'text' },
      { header: 'Đăng ký', kind: 'count' },
      { header: 'Đã bàn giao', kind: 'count' },
      { header: 'Đã xác minh', kind: 'count' },
      { header: 'Còn lại', kind: 'count' },
      { header: 'Vượt', kind: 'count' },
      { header: 'Tỷ lệ (%)', kind: 'percent' },
    ],
    rows: [
      ['Nhà đại đoàn kết', 15, 29, 25, 0, 14, 193.3],
      ['Mái ấm tình thương', 1, 4, 0, 0, 3, 400],
      ['Nhà nghĩa tình đồng đội', 1, 2, 0, 0, 1, 200],
      ['Điểm sinh hoạt văn hóa công nhân', 1, 1, 0, 0, 0, 100],
      ['Nhà ở hộ nghèo được hỗ trợ, cải tạo', 2, 2, 0, 0, 0, 100],
    ],
  },
  {
    id: 'organizations',
    title: 'Đơn vị',
    columns: [
      { header: 'Đơn vị', kind: 'text' },
      { header: 'Hạng mục', kind: 'text' },
      { header: 'Đăng ký', kind: 'count' },
      { header: 'Đã bàn giao', kind: 'count' },
      { header: 'Đã xác minh', kind: 'count' },
      { header: 'Còn lại', kind: 'count' },
      { header: 'Vượt', kind: 'count' },
      { header: 'Tỷ lệ (%)', kind: 'percent' },
      { header: 'Trạng thái', kind: 'text' },
    ],
    rows: [
      ['Hội Cựu chiến binh quận', 'Nhà nghĩa tình đồng đội', 1, 2, 0, 0, 1, 200, 'Vượt chỉ tiêu'],
      ['Hội Liên hiệp Phụ nữ quận', 'Mái ấm tình thương', 1, 4, 0, 0, 3, 400, 'Vượt chỉ tiêu'],
      ['Liên đoàn Lao động quận', 'Điểm sinh hoạt văn hóa công nhân', 1, 1, 0, 0, 0, 100, 'Hoàn thành'],
      ['Quận đoàn', 'Nhà ở hộ nghèo được hỗ trợ, cải tạo', 2, 2, 0, 0, 0, 100, 'Hoàn thành'],
      ['Ủy ban MTTQ quận', 'Nhà đại đoàn kết', 15, 29, 25, 0, 14, 193.3, 'Vượt chỉ tiêu'],
    ],
  },
  {
    id: 'wards',
    title: 'Phường',
    columns: [
      { header: 'Phường', kind: 'text' },
      { header: 'Nhà đại đoàn kết', kind: 'count' },
      { header: 'Mái ấm tình thương', kind: 'count' },
      { header: 'Nhà nghĩa tình đồng đội', kind: 'count' },
      { header: 'Điểm sinh hoạt văn hóa công nhân', kind: 'count' },
      { header: 'Nhà ở hộ nghèo được hỗ trợ, cải tạo', kind: 'count' },
      { header: 'Tổng cộng', kind: 'count' },
      { header: 'Đã xác minh', kind: 'count' },
    ],
    rows: [
      ['Bồ Đề', 20, 4, 0, 0, 0, 24, 18],
      ['Cự Khối', 9, 0, 0, 1, 0, 10, 7],
      ['Đức Giang', 0, 0, 0, 0, 0, 0, 0],
      ['Gia Thụy', 0, 0, 2, 0, 2, 4, 0],
    ],
  },
];

describe('reportTables', () => {
  it('gives the categories, organizations and wards views with Vietnamese headers', () => {
    expect(reportTables(campaign, longBienProgress(), 'vi')).toEqual(viTables);
  });

  it('gives English headers, sheet names, category labels and statuses in English', () => {
    const tables = reportTables(campaign, longBienProgress(), 'en');

    expect(
      tables.map((t) => ({ title: t.title, headers: t.columns.map((c) => c.header), first: t.rows[0] })),
    ).toEqual([
      {
        title: 'Categories',
        headers: ['Category', 'Pledged', 'Delivered', 'Verified', 'Remaining', 'Surplus', 'Percent'],
        first: ['Great-unity houses', 15, 29, 25, 0, 14, 193.3],
      },
      {
        title: 'Organizations',
        headers: [
          'Organization',
          'Category',
          'Pledged',
          'Delivered',
          'Verified',
          'Remaining',
          'Surplus',
          'Percent',
          'Status',
        ],
        first: ['Hội Cựu chiến binh quận', 'Comradeship houses', 1, 2, 0, 0, 1, 200, 'Exceeded'],
      },
      {
        title: 'Wards',
        headers: [
          'Ward',
          'Great-unity houses',
          'Love shelters',
          'Comradeship houses',
          "Workers' cultural centers",
          'Supported or renovated houses',
          'Total',
          'Verified',
        ],
        first: ['Bồ Đề', 20, 4, 0, 0, 0, 24, 18],
      },
    ]);
  });
});

describe('renderReportHtml', () => {
  it('writes the narrative in the seed style, then the three tables, in a printable Vietnamese document', () => {
    const html = renderReportHtml(campaign, longBienProgress(), 'vi');

    expect(html.startsWith('<!doctype html>\n<html lang="vi">\n')).toBe(true);
    expect(html).toContain(`<style>${reportStyles}</style>`);
    expect(html).toContain(
      '<h1><span class="kind">BÁO CÁO</span> <span class="subject">Kết quả thực hiện đợt vận động ' +
        '“Chào mừng 15 năm thành lập quận Long Biên”</span></h1>',
    );
    expect(html).toContain('<p class="period">Thời gian: 01/01/2018 – 31/12/2018</p>');
    expect(html).toContain(
      '<p>Bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
        'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký); ' +
        'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký); ' +
        'bàn giao 01 điểm sinh hoạt văn hóa công nhân; hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo.</p>' +
        '<p>Trong đó 25/38 công trình đã được xác minh.</p>',
    );
    expect(html).toContain(
      '<li>Ủy ban MTTQ quận: đăng ký 15 nhà đại đoàn kết, đã thực hiện 29 (vượt 14)</li>',
    );
    expect(html.match(/<caption>[^<]*<\/caption>/g)).toEqual([
      '<caption>Bảng 1. Kết quả theo hạng mục</caption>',
      '<caption>Bảng 2. Kết quả theo đơn vị đăng ký</caption>',
      '<caption>Bảng 3. Số công trình bàn giao theo phường</caption>',
    ]);
    expect(html).toContain(
      '<tr><th scope="row">Nhà đại đoàn kết</th><td class="n">15</td><td class="n">29</td>' +
        '<td class="n">25</td><td class="n">0</td><td class="n">14</td><td class="n">193,3</td></tr>',
    );
    expect(html).toContain('<p class="as-of">Số liệu tính đến 10/01/2019.</p>');
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|\ssrc=|https?:/);
  });

  it('writes English with English number formats', () => {
    const html = renderReportHtml(campaign, longBienProgress(), 'en');

    expect(html).toContain('<html lang="en">');
    expect(html).toContain(
      '<span class="subject">Results of the campaign “Chào mừng 15 năm thành lập quận Long Biên”</span>',
    );
    expect(html).toContain('<p class="nation">SOCIALIST REPUBLIC OF VIETNAM</p>');
    expect(html).toContain('<td class="n">193.3</td>');
    expect(html).toContain('<caption>Table 3. Handovers by ward</caption>');
  });

  it('escapes names, so a campaign or organization name cannot inject markup', () => {
    const name = '<script>alert("x")</script> & co';

    const html = renderReportHtml({ ...campaign, name }, longBienProgress(), 'vi');

    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
    expect(escapeHtml(`<a href='x'>"&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;');
  });

  it('sets out the parts of a Decree 30 document in their order: heading, title, body, recipients, signature', () => {
    const html = renderReportHtml(campaign, longBienProgress(), 'vi');
    const text = html.replace(/<[^>]+>/g, '\n');

    expect(positionsInOrder(text, decreeParts)).toBe(true);
    expect(html).toMatch(
      /<header class="heading">\n<div><p class="superior">ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HÀ NỘI<\/p><p class="issuer">ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN<\/p><p class="number">Số: …\/BC-MTTQ<\/p><\/div>\n<div><p class="nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<\/p><p class="motto">Độc lập - Tự do - Hạnh phúc<\/p><p class="place-date">Long Biên, ngày … tháng … năm …<\/p><\/div>\n<\/header>/,
    );
    expect(html).toContain(
      '<footer class="closing">\n<section class="recipients"><h2>Nơi nhận:</h2><ul><li>Ban Thường trực',
    );
    expect(html).toContain(
      '<div class="signature"><p class="authority">TM. BAN THƯỜNG TRỰC</p><p class="position">CHỦ TỊCH</p>',
    );
    expect(html.normalize('NFC')).toBe(html);
  });
});

/** What a Decree 30/2020/NĐ-CP report must show, in reading order (heading left column before right). */
const decreeParts = [
  'ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HÀ NỘI',
  'ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN',
  'Số: …/BC-MTTQ',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'Long Biên, ngày … tháng … năm …',
  'BÁO CÁO',
  'Kết quả thực hiện đợt vận động “Chào mừng 15 năm thành lập quận Long Biên”',
  'Bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký)',
  'Nơi nhận:',
  'Lưu: VT.',
  'TM. BAN THƯỜNG TRỰC',
  'CHỦ TỊCH',
  '……………………………',
];

/** Each part occurs, each after the one before it. */
function positionsInOrder(text: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = text.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

describe('DocxOfficialDocumentWriter', () => {
  const write = (lang: 'vi' | 'en') =>
    new DocxOfficialDocumentWriter().write(officialReport(campaign, longBienProgress(), lang));

  it('writes the Decree 30 parts in their order, the heading and the closing each in two columns', async () => {
    const bytes = await write('vi');
    const { paragraphs, tables } = await readDocx(bytes);

    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a ZIP container, as every .docx is
    expect(positionsInOrder(paragraphs.join('\n'), decreeParts)).toBe(true);
    expect(tables[0]).toEqual([
      ['ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ HÀ NỘI', 'ỦY BAN MTTQ VIỆT NAM QUẬN LONG BIÊN', 'Số: …/BC-MTTQ'],
      [
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Long Biên, ngày … tháng … năm …',
      ],
    ]);
    expect(tables.at(-1)).toEqual([
      [
        'Nơi nhận:',
        '- Ban Thường trực Ủy ban MTTQ Việt Nam thành phố Hà Nội;',
        '- Thường trực Quận ủy, HĐND, UBND quận;',
        '- Các đơn vị đăng ký;',
        '- Lưu: VT.',
      ],
      ['TM. BAN THƯỜNG TRỰC', 'CHỦ TỊCH', '(Ký, ghi rõ họ tên, đóng dấu)', '……………………………'],
    ]);
    expect(paragraphs.filter((p) => p.length > 0).every((p) => p === p.normalize('NFC'))).toBe(true);
  });

  it("keeps the text report's sentences and figures, in the same order", async () => {
    const { paragraphs } = await readDocx(await write('vi'));
    // The text report's lines, without its list marks and the "Kết quả: " that runs into the sentence there.
    const textLines = renderReportText(campaign, longBienProgress(), 'vi')
      .split('\n')
      .slice(2)
      .filter((line) => line !== '' && !line.endsWith(':'))
      .map((line) => line.replace(/^- /, '').replace(/^Kết quả: b/, 'B'));

    expect(textLines[0]).toBe(
      'Bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký); ' +
        'bàn giao 04 “mái ấm tình thương” (vượt 03 mái ấm so với đăng ký); ' +
        'bàn giao 02 nhà nghĩa tình đồng đội (vượt 01 nhà so với đăng ký); ' +
        'bàn giao 01 điểm sinh hoạt văn hóa công nhân; hỗ trợ, cải tạo 02 nhà ở cho hộ nghèo.',
    );
    expect(textLines).toHaveLength(8);
    const body = paragraphs.map((p) => p.replace(/^- /, ''));
    expect(positionsInOrder(body.join('\n'), textLines)).toBe(true);
    expect(body).toEqual(expect.arrayContaining(textLines));
    // Table 1's row for great-unity houses, as the printable page prints it.
    expect(paragraphs.join('|')).toContain('Nhà đại đoàn kết|15|29|25|0|14|193,3');
  });

  it('writes the English form with English labels and number formats', async () => {
    const { paragraphs } = await readDocx(await write('en'));

    expect(paragraphs).toEqual(
      expect.arrayContaining(['SOCIALIST REPUBLIC OF VIETNAM', 'REPORT', 'Recipients:', 'CHAIR']),
    );
    expect(paragraphs.join('|')).toContain('Great-unity houses|15|29|25|0|14|193.3');
  });
});

async function readWorkbook(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    frozen: sheet.views[0]?.state === 'frozen' && sheet.views[0].ySplit === 1,
    rows: sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as ExcelJS.CellValue[]).slice(1)),
    formats: (sheet.getRow(2).values as unknown[])
      .slice(1)
      .map((_, i) => sheet.getRow(2).getCell(i + 1).numFmt),
  }));
}

describe('ExcelJsWorkbookWriter', () => {
  it('writes one sheet per view, header row first and frozen, with the cells as numbers', async () => {
    const writer = new ExcelJsWorkbookWriter();

    const bytes = await writer.write(viTables, { title: campaign.name, created: asOf });

    expect([...bytes.subarray(0, 2)]).toEqual([0x50, 0x4b]); // a ZIP container, as every .xlsx is
    expect(await readWorkbook(bytes)).toEqual(
      viTables.map((table) => ({
        name: table.title,
        frozen: true,
        rows: [table.columns.map((c) => c.header), ...table.rows],
        formats: table.columns.map(
          (c) => ({ text: undefined, count: '0', percent: '0.0', vnd: '#,##0', days: '0.0' })[c.kind],
        ),
      })),
    );
  });
});

describe('GET /v1/campaigns/{campaignId}/report in the new formats', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  let getReport: Handler;

  beforeAll(async () => {
    getReport = await buildHandler<Handler>('get-report');
  });

  beforeEach(() => {
    ddb.reset();
    vi.useFakeTimers({ now: asOf, toFake: ['Date'] });
    ddb.on(QueryCommand).resolves({
      Items: [
        campaignItem,
        ...seedPledges.flatMap(([id, organizationId, organizationName, category, target, delivered]) => [
          activePledgeItem(organizationId, category, id),
          {
            ...pledgeItem({
              id,
              organizationId,
              organizationName,
              category,
              target,
              delivered,
              state: 'active',
            }),
            verified: verifiedOf[category] ?? 0,
          },
        ]),
        ...seedPledges.map(([, , , category, , delivered]) => ({
          pk: 'CAMPAIGN#longbien-2018',
          sk: `TOTAL#${category}`,
          type: 'category-total',
          category,
          delivered,
          verified: verifiedOf[category] ?? 0,
        })),
        ...wardTotals.map((w) => ({
          pk: 'CAMPAIGN#longbien-2018',
          sk: `WARD#${w.ward}#${w.category}`,
          type: 'ward-total',
          ...w,
        })),
      ],
    });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const report = (query: Record<string, string>) =>
    getReport(
      httpEvent('GET /v1/campaigns/{campaignId}/report', {
        pathParameters: { campaignId: 'longbien-2018' },
        query,
      }),
      lambdaContext,
    );

  it('answers an Excel workbook base64-encoded, flagged for API Gateway, as an attachment', async () => {
    const answer = await report({ lang: 'vi', format: 'xlsx' });

    const { body, ...rest } = answer;
    expect(rest).toEqual({
      statusCode: 200,
      headers: {
        'content-type': xlsxContentType,
        'content-disposition': 'attachment; filename="longbien-2018-report-vi.xlsx"',
        ...requestIdHeader,
      },
      isBase64Encoded: true,
    });
    const sheets = await readWorkbook(Buffer.from(body as string, 'base64'));
    // The campaign's partition holds no money counters here: the money sheets have their total rows only.
    const noMoney = { ...summarizeMoney([], [], 'recorded'), organizationNames: {} };
    expect(sheets.map((s) => [s.name, s.rows[0], s.rows[1]])).toEqual(
      [...viTables, ...reportTables(campaign, longBienProgress(), 'vi', noMoney).slice(3)].map((t) => [
        t.title,
        t.columns.map((c) => c.header),
        t.rows[0],
      ]),
    );
    expect(sheets.slice(3).map((s) => s.name)).toEqual([
      'Kinh phí theo hạng mục',
      'Kinh phí theo đơn vị',
      'Tiền mặt theo nguồn',
    ]);
  });

  it('answers the official document as .docx, base64-encoded for API Gateway, as an attachment', async () => {
    const answer = await report({ lang: 'vi', format: 'docx', basis: 'verified' });

    const { body, ...rest } = answer;
    expect(rest).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'content-disposition': 'attachment; filename="longbien-2018-report-vi-verified.docx"',
        ...requestIdHeader,
      },
      isBase64Encoded: true,
    });
    expect(rest.headers?.['content-type']).toBe(docxContentType);
    const { paragraphs } = await readDocx(Buffer.from(body as string, 'base64'));
    expect(paragraphs).toContain('Số liệu chỉ tính các công trình đã được xác minh.');
    expect(positionsInOrder(paragraphs.join('\n'), decreeParts.slice(0, 8))).toBe(true);
  });

  it('answers the printable report as HTML whose policy allows only its own inline styles', async () => {
    const answer = await report({ lang: 'en', format: 'html' });

    expect({ ...answer, body: undefined }).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy':
          `default-src 'none'; style-src ${sha256Source(reportStyles)}; img-src 'self' data:; ` +
          "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'cross-origin-opener-policy': 'same-origin',
        ...requestIdHeader,
      },
      body: undefined,
    });
    expect(answer.body).toContain('<span class="kind">REPORT</span>');
  });

  it('refuses a format it does not know with 400, in Vietnamese by default, and reads nothing', async () => {
    const answer = await report({ format: 'pdf' });

    expect([answer.statusCode, JSON.parse(answer.body as string).error.details]).toEqual([
      400,
      [
        {
          path: 'format',
          message: 'Tùy chọn không hợp lệ: mong đợi một trong các giá trị "text"|"csv"|"html"|"xlsx"|"docx"',
        },
      ],
    ]);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('money in the printable report (#15)', () => {
  it('writes the money sentence, then tables 4 to 6 with exact đồng and labour days as Vietnamese writes them', () => {
    const money = {
      ...sumMoney(
        [
          {
            category: 'great-unity-house',
            organizationId: 'mttq-long-bien',
            state: 'recorded',
            valueVnd: 1_450_000_000,
            coFunders: ['hoi-ccb-long-bien'],
            funding: {
              cashVnd: [{ source: 'Quỹ <Vì> người nghèo', amount: 1_250_500_000 }],
              laborDays: 12.5,
            },
          },
        ],
        'recorded',
      ),
      organizationNames: { 'mttq-long-bien': 'Ủy ban MTTQ quận Long Biên' },
    };

    const html = renderReportHtml(campaign, longBienProgress(), 'vi', money);

    expect(html).toContain(
      '<p>Tổng kinh phí 1.450 triệu đồng (1/1 công trình có ghi kinh phí); trong đó tiền mặt 1.250,5 triệu đồng, 12,5 ngày công.</p>',
    );
    expect(html).toContain(
      '<caption>Bảng 5. Kinh phí theo đơn vị thực hiện (công trình phối hợp tính cho đơn vị ghi nhận)</caption>',
    );
    expect(html).toContain(
      '<tr><th scope="row">Ủy ban MTTQ quận Long Biên</th><td class="n">1</td><td class="n">1</td><td class="n">1</td>' +
        '<td class="n">1.450.000.000</td><td class="n">1.250.500.000</td><td class="n">0</td><td class="n">12,5</td></tr>',
    );
    expect(html).toContain(
      '<tr><th scope="row">Quỹ &lt;Vì&gt; người nghèo</th><td class="n">1.250.500.000</td></tr>',
    );
  });
});

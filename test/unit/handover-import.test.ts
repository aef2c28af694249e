// Reading an uploaded register (#13), hostile and mistaken files included, and the household key of #15. No Java.
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { StreamingSheetReader } from '../../shared/adapters/sheet-reader';
import { spreadsheetText } from '../../shared/domain/handover-export';
import { type ImportContext, locateColumns, readImportRows } from '../../shared/domain/handover-import';
import { householdKey, normalizedName } from '../../shared/domain/household';
import type { SheetReadResult } from '../../shared/domain/sheet';

const reader = new StreamingSheetReader();
const headers = [
  'STT',
  'Họ tên chủ hộ',
  'Phường/Xã',
  'Hạng mục',
  'Đơn vị thực hiện',
  'Ngày bàn giao',
  'Ghi chú',
];
const context: ImportContext = {
  campaign: {
    id: 'longbien-2018',
    name: 'Chào mừng 15 năm',
    startsOn: '2018-01-01',
    endsOn: '2018-12-31',
    wards: ['Bồ Đề', 'Gia Thụy'],
    createdAt: '2018-01-01T00:00:00.000Z',
  },
  organizations: [
    { id: 'hoi-phu-nu', name: 'Hội Liên hiệp Phụ nữ quận', kind: 'womens-union', createdAt: '' },
  ],
  today: '2026-12-03',
  lang: 'vi',
};

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Bàn giao');
  sheet.addRow(headers);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

/** A zip of stored entries, enough for a reader that looks at entry names (as a real .xlsm holds them). */
function zipOf(entries: Record<string, string>): Uint8Array {
  const parts: Buffer[] = [];
  for (const [name, content] of Object.entries(entries)) {
    const data = deflateRawSync(Buffer.from(content));
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(crc32(Buffer.from(content)), 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(content.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  return new Uint8Array(Buffer.concat(parts));
}

const rowsOf = (result: SheetReadResult) => {
  if (!result.ok) throw new Error(result.problem);
  const { at } = locateColumns(result.header);
  return readImportRows(context, result.rows, at, 'ab'.repeat(32));
};
const problemsOf = (result: SheetReadResult) =>
  rowsOf(result).map((r) => ({
    row: r.row,
    problems: r.problems.map((p) => `${p.column}: ${p.code}`),
    ready: !!r.handover,
  }));

describe('reading an uploaded register', () => {
  it('refuses a file that is not a spreadsheet, whatever it claims to be', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj');
    expect(await reader.read(pdf, 'xlsx', { maxRows: 10 })).toEqual({
      ok: false,
      problem: 'not_a_spreadsheet',
    });
    expect(await reader.read(new Uint8Array([1, 0, 2, 0]), 'csv', { maxRows: 10 })).toEqual({
      ok: false,
      problem: 'not_a_spreadsheet',
    });
    const docx = zipOf({ 'word/document.xml': '<w:document/>' });
    expect(await reader.read(docx, 'xlsx', { maxRows: 10 })).toEqual({
      ok: false,
      problem: 'not_a_spreadsheet',
    });
  });

  it('refuses a macro workbook (.xlsm) and an Excel 97-2003 file without reading them', async () => {
    const xlsm = zipOf({
      '[Content_Types].xml':
        '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
      'xl/vbaProject.bin': 'Attribute VB_Name = "Module1"',
    });
    expect(await reader.read(xlsm, 'xlsx', { maxRows: 10 })).toEqual({
      ok: false,
      problem: 'macro_workbook',
    });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect(await reader.read(xls, 'xlsx', { maxRows: 10 })).toEqual({
      ok: false,
      problem: 'legacy_workbook',
    });
  });

  it('refuses a Windows-1258 CSV, and a CSV that API Gateway passed on with U+FFFD in place of its bytes', async () => {
    // "Nguyễn" in Windows-1258: "Nguy", ê (0xEA), combining tilde (0xDE), "n".
    const cp1258 = new Uint8Array([...new TextEncoder().encode('Họ tên chủ hộ\nNguy'), 0xea, 0xde, 0x6e]);
    expect(await reader.read(cp1258, 'csv', { maxRows: 10 })).toEqual({ ok: false, problem: 'not_utf8' });
    const replaced = new TextEncoder().encode('Họ tên chủ hộ\nNguy\uFFFD\uFFFDn');
    expect(await reader.read(replaced, 'csv', { maxRows: 10 })).toEqual({ ok: false, problem: 'not_utf8' });
  });

  it('stops at the row limit: 50,000 rows are refused as too many', async () => {
    const csv = `${headers.join(',')}\n${'1,Nguyễn Văn A,Bồ Đề,great-unity-house,hoi-phu-nu,01/05/2018,\n'.repeat(50_000)}`;
    const xlsx = await workbook(Array.from({ length: 51 }, (_, i) => [i, `Hộ ${i}`]));
    expect(await reader.read(new TextEncoder().encode(csv), 'csv', { maxRows: 5000 })).toEqual({
      ok: false,
      problem: 'too_many_rows',
    });
    expect(await reader.read(xlsx, 'xlsx', { maxRows: 50 })).toEqual({
      ok: false,
      problem: 'too_many_rows',
    });
  });

  it('reads a UTF-8 CSV with a byte order mark, semicolons, quotes and a line break in a cell', async () => {
    const csv =
      '\uFEFFSTT;Họ tên chủ hộ;Phường/Xã;Hạng mục;Đơn vị thực hiện;Ngày bàn giao;Ghi chú\r\n' +
      '1;"Trần ""Út"" Thị B";Phường Gia Thụy;Mái ấm tình thương;Hội Liên hiệp Phụ nữ quận;9/6/2018;"dòng 1\ndòng 2"\r\n';

    const [row] = rowsOf(await reader.read(new TextEncoder().encode(csv), 'csv', { maxRows: 10 }));

    expect(row).toMatchObject({
      row: 2,
      problems: [],
      handover: {
        organizationId: 'hoi-phu-nu',
        category: 'love-shelter',
        ward: 'Gia Thụy',
        handedOverOn: '2018-06-09',
        beneficiary: { name: 'Trần "Út" Thị B' },
        note: 'dòng 1\ndòng 2',
      },
    });
  });

  it('refuses formula cells, a 10,000-character cell, bad and out-of-campaign dates, by row and column, keeping no handover for them', async () => {
    const bytes = await workbook([
      [
        1,
        { formula: 'CONCAT("A","B")', result: 'AB' },
        'Bồ Đề',
        'great-unity-house',
        'hoi-phu-nu',
        '01/05/2018',
      ],
      [2, 'x'.repeat(10_000), 'Bồ Đề', 'great-unity-house', 'hoi-phu-nu', '01/05/2018'],
      [3, 'Lê C', 'Bồ Đề', 'great-unity-house', 'hoi-phu-nu', '31/02/2018'],
      [4, 'Lê D', 'Bồ Đề', 'great-unity-house', 'hoi-phu-nu', new Date(Date.UTC(2019, 0, 2))],
      [5, 'Lê E', 'Bồ Đề', 'nhà', 'Hội khác', 43_230],
      [6, 'Lê F', 'Bồ Đề', 'Nhà đại đoàn kết', 'Hội Liên hiệp Phụ nữ quận', 43_230],
    ]);

    const rows = problemsOf(await reader.read(bytes, 'xlsx', { maxRows: 10 }));

    expect(rows).toEqual([
      { row: 2, problems: ['Họ tên chủ hộ: formula'], ready: false },
      { row: 3, problems: ['Họ tên chủ hộ: too_long'], ready: false },
      { row: 4, problems: ['Ngày bàn giao: bad_date'], ready: false },
      { row: 5, problems: ['Ngày bàn giao: date_outside_campaign'], ready: false },
      {
        row: 6,
        problems: ['Hạng mục: unknown_category', 'Đơn vị thực hiện: unknown_organization'],
        ready: false,
      },
      // Serial 43230 is 2018-05-10: a date typed into a cell without a date format.
      { row: 7, problems: [], ready: true },
    ]);
    expect(rowsOf(await reader.read(bytes, 'xlsx', { maxRows: 10 }))[5]?.handover?.handedOverOn).toBe(
      '2018-05-10',
    );
  });

  it('marks the later of two rows of one household, in the language asked for', async () => {
    const csv = `${headers.join(',')}\n1,Phạm Thị Lý,Bồ Đề,great-unity-house,hoi-phu-nu,01/05/2018,\n2,PHẠM  THỊ LÍ,Bồ Đề,great-unity-house,hoi-phu-nu,02/05/2018,\n`;
    const result = await reader.read(new TextEncoder().encode(csv), 'csv', { maxRows: 10 });
    if (!result.ok) throw new Error(result.problem);

    const rows = readImportRows(
      { ...context, lang: 'en' },
      result.rows,
      locateColumns(result.header).at,
      'cd'.repeat(32),
    );

    expect(rows[1]).toMatchObject({
      duplicateOfRow: 2,
      problems: [
        {
          column: 'Họ tên chủ hộ',
          code: 'duplicate_in_file',
          message: 'Same household as row 2: same name, ward and category',
        },
      ],
    });
    expect(rows.map((r) => r.idempotencyKey)).toEqual([
      `import-${'cd'.repeat(24)}-2`,
      `import-${'cd'.repeat(24)}-3`,
    ]);
  });
});

describe("a household's key (#15)", () => {
  it('is the same across Unicode forms, case, spacing and the final y/i of Lý, Kỳ, Mỹ, Quý', () => {
    expect(normalizedName('  NGUYỄN   Thị  Mỹ  '.normalize('NFD'))).toBe('nguyễn thị mĩ');
    expect(normalizedName('Lê Văn Quý')).toBe(normalizedName('Lê Văn Quí'));
    expect(normalizedName('Trần Kỳ')).toBe(normalizedName('trần kì'));
    const key = (name: string) => householdKey({ name, ward: 'Bồ Đề', category: 'great-unity-house' });
    expect(key('Phạm Thị Lý')).toBe(key('phạm thị lí'.normalize('NFD')));
  });

  it('keeps y where it is another vowel or starts the syllable, and tells ward and category apart', () => {
    expect(normalizedName('Nguyễn Thủy')).not.toBe(normalizedName('Nguyễn Thủi'));
    expect(normalizedName('Lê Duy')).not.toBe(normalizedName('Lê Dui'));
    expect(normalizedName('Hoàng Yến')).toBe('hoàng yến');
    const base = { name: 'Lê Văn A', ward: 'Bồ Đề', category: 'great-unity-house' as const };
    expect(householdKey(base)).not.toBe(householdKey({ ...base, ward: 'Gia Thụy' }));
    expect(householdKey(base)).not.toBe(householdKey({ ...base, category: 'love-shelter' }));
  });
});

describe('a text cell of an export', () => {
  it('starts with an apostrophe where a spreadsheet would see a formula, and only there', () => {
    expect(['=1+1', '+84 90', '-3', '@SUM(A1)', '\tx', '\rx', 'Nguyễn', '1=1'].map(spreadsheetText)).toEqual([
      "'=1+1",
      "'+84 90",
      "'-3",
      "'@SUM(A1)",
      "'\tx",
      "'\rx",
      'Nguyễn',
      '1=1',
    ]);
  });
});

// Importing a handover register against DynamoDB Local (#13): preview a 200-row workbook, commit the ready rows
// through the batch route, and the same file again records nothing new.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { campaignBody, organizationBody, unique } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi, leadership } from '../support/api';
import { freshTables } from '../support/dynamo';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const headers = [
  'STT',
  'Họ tên chủ hộ',
  'Địa chỉ',
  'Phường/Xã',
  'Hạng mục',
  'Đơn vị thực hiện',
  'Ngày bàn giao',
  'Kinh phí (đồng)',
  'Đơn vị phối hợp',
  'Ghi chú',
];

let api: Api;
let campaignId: string;
let organization: { id: string; name: string };

beforeAll(async () => {
  const tables = await freshTables();
  api = handlerApi(tables.deps());
  const campaign = campaignBody();
  campaignId = campaign.id;
  organization = organizationBody({ name: `Hội Cựu chiến binh ${unique('q')}` });
  expect((await api('CreateCampaign', { body: campaign, as: frontCommittee })).status).toBe(201);
  expect((await api('CreateOrganization', { body: organization, as: frontCommittee })).status).toBe(201);
  const pledge = await api('RegisterPledge', {
    pathParameters: { campaignId },
    body: { organizationId: organization.id, category: 'great-unity-house', target: 100 },
    as: frontCommittee,
  });
  expect(pledge.status).toBe(201);
});

/** 200 data rows: 195 good ones, 3 bad ones (rows 11, 51, 101) and 2 repeats of earlier households (rows 151, 191). */
async function registerWorkbook(tag: string): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Bàn giao');
  sheet.addRow(headers);
  const wards = ['Bồ Đề', 'Cự Khối', 'Đức Giang', 'Gia Thụy'];
  for (let n = 1; n <= 200; n++) {
    const row = n + 1;
    const ward = wards[n % 4] as string;
    // Half the dates as Excel dates, half as the text dd/mm/yyyy.
    const date =
      n % 2 === 0
        ? new Date(Date.UTC(2018, 4, 1 + (n % 28)))
        : `${String(1 + (n % 28)).padStart(2, '0')}/06/2018`;
    const cells: unknown[] = [
      n,
      `Nguyễn Văn ${tag} ${n}`,
      `Tổ ${n}`,
      n % 3 === 0 ? `Phường ${ward}` : ward,
      n % 2 === 0 ? 'Nhà đại đoàn kết' : 'great-unity-house',
      n % 2 === 0 ? organization.name : organization.id,
      date,
      n % 5 === 0 ? '50.000.000' : 40_000_000,
      '',
      n % 7 === 0 ? 'Bàn giao nhân dịp 15 năm' : '',
    ];
    if (row === 11) cells[3] = 'Phường Không Có';
    if (row === 51) cells[1] = '';
    if (row === 101) cells[6] = '15/03/2019';
    // The household of row 3 again, typed in capitals with doubled spaces; then row 5's, decomposed.
    if (row === 151)
      cells.splice(
        1,
        6,
        `NGUYỄN  VĂN ${tag.toUpperCase()} 2`,
        'Tổ 2',
        wards[2],
        'Nhà đại đoàn kết',
        organization.id,
        '03/05/2018',
      );
    if (row === 191)
      cells.splice(
        1,
        6,
        `Nguyễn Văn ${tag} 4`.normalize('NFD'),
        'Tổ 4',
        wards[0],
        'great-unity-house',
        organization.id,
        '05/05/2018',
      );
    sheet.addRow(cells);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const preview = (bytes: Uint8Array, contentType = xlsxType) =>
  api('PreviewHandoverImport', {
    pathParameters: { campaignId },
    bytes,
    headers: { 'content-type': contentType },
    as: frontCommittee,
  });

type PreviewRow = { row: number; idempotencyKey: string; handover: unknown; problems: unknown[] };

/**
 * As the console does: the ready rows in chunks of 100, two chunks at once; items that come back `deadline`
 * (not started before the invocation's time ran short, as on a slow machine) are sent again.
 */
async function commit(rows: PreviewRow[]) {
  type Result = { idempotencyKey: string; status: string; error?: { code: string } };
  const final = new Map<string, Result>();
  let pending = rows.filter((r) => r.handover && r.problems.length === 0);
  while (pending.length > 0) {
    const chunks = [pending.slice(0, 100), pending.slice(100, 200)].filter((c) => c.length > 0);
    const answers = await Promise.all(
      chunks.map((chunk) =>
        api('RecordHandoverBatch', {
          pathParameters: { campaignId },
          body: { items: chunk.map((r) => ({ idempotencyKey: r.idempotencyKey, handover: r.handover })) },
          as: frontCommittee,
        }),
      ),
    );
    for (const answer of answers) expect(answer.status).toBe(200);
    const results = answers.flatMap((a) => a.body.results as Result[]);
    for (const result of results) final.set(result.idempotencyKey, result);
    const again = new Set(results.filter((r) => r.error?.code === 'deadline').map((r) => r.idempotencyKey));
    pending = [...pending.slice(200), ...pending.filter((r) => again.has(r.idempotencyKey))];
  }
  return [...final.values()];
}

function countOf(results: { status: string }[]) {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

const delivered = async () =>
  (await api('GetProgress', { pathParameters: { campaignId } })).body.totals.find(
    (t: { category: string }) => t.category === 'great-unity-house',
  )?.delivered;

describe('importing a handover register', () => {
  it('previews 200 rows with five problems by row and column, records the 195 ready ones, and records none of the same file again', async () => {
    const bytes = await registerWorkbook(unique('f'));

    const first = await preview(bytes);

    expect(first.status).toBe(200);
    expect(first.body.summary).toEqual({ rows: 200, ready: 195, withProblems: 5 });
    const problems = (
      first.body.rows as (PreviewRow & { problems: { column: string; code: string }[] })[]
    ).flatMap((r) =>
      r.problems.map((p: { column: string; code: string }) => ({
        row: r.row,
        column: p.column,
        code: p.code,
      })),
    );
    expect(problems).toEqual([
      { row: 11, column: 'Phường/Xã', code: 'unknown_ward' },
      { row: 51, column: 'Họ tên chủ hộ', code: 'required' },
      { row: 101, column: 'Ngày bàn giao', code: 'date_outside_campaign' },
      { row: 151, column: 'Họ tên chủ hộ', code: 'duplicate_in_file' },
      { row: 191, column: 'Họ tên chủ hộ', code: 'duplicate_in_file' },
    ]);
    expect(first.body.rows.find((r: PreviewRow) => r.row === 151)).toMatchObject({ duplicateOfRow: 3 });

    expect(countOf(await commit(first.body.rows))).toEqual({ recorded: 195 });
    expect(await delivered()).toBe(195);

    const again = await preview(bytes);
    expect(again.body.rows.map((r: PreviewRow) => r.idempotencyKey)).toEqual(
      first.body.rows.map((r: PreviewRow) => r.idempotencyKey),
    );
    expect(countOf(await commit(again.body.rows))).toEqual({ already_recorded: 195 });
    expect(await delivered()).toBe(195);
  });

  it('flags the households of another file that were recorded already, and the batch refuses them unless confirmed', async () => {
    const tag = unique('g');
    const firstFile = await registerWorkbook(tag);
    await commit((await preview(firstFile)).body.rows);
    const csv = `\uFEFF${headers.join(';')}\n1;nguyễn văn ${tag} 8;;Bồ Đề;Nhà đại đoàn kết;${organization.id};09/06/2018;;;\n`;

    const answer = await preview(new TextEncoder().encode(csv), 'text/csv');

    expect(answer.status).toBe(200);
    const [row] = answer.body.rows;
    expect(row.problems.map((p: { code: string }) => p.code)).toEqual(['possible_duplicate']);
    expect(row.likelyDuplicateOf).toMatch(/^[a-z0-9]{32}$/);
    const batch = (handover: unknown) =>
      api('RecordHandoverBatch', {
        pathParameters: { campaignId },
        body: { items: [{ idempotencyKey: row.idempotencyKey, handover }] },
        as: frontCommittee,
      });
    expect((await batch(row.handover)).body.results[0]).toMatchObject({
      status: 'failed',
      error: { code: 'possible_duplicate' },
    });
    const confirmed = { ...row.handover, duplicateConfirmation: { reason: 'Hai lần hỗ trợ khác nhau' } };
    expect((await batch(confirmed)).body.results[0]).toMatchObject({ status: 'recorded' });
  });

  it('exports the register as a workbook, with beneficiaries for the front committee only and formulas escaped', async () => {
    const key = unique('export');
    const recorded = await api('RecordHandover', {
      pathParameters: { campaignId },
      body: {
        organizationId: organization.id,
        category: 'love-shelter',
        ward: 'Bồ Đề',
        handedOverOn: '2018-07-01',
        beneficiary: { name: '=HYPERLINK("http://x.invalid","Bấm")', address: '@SUM(A1)' },
        note: '+1 nhà tạm',
      },
      headers: { 'idempotency-key': key },
      as: frontCommittee,
    });
    expect(recorded.status).toBe(201);

    const cellsAs = async (as: typeof frontCommittee | typeof leadership) => {
      const answer = await api('ExportHandovers', {
        pathParameters: { campaignId },
        query: { ward: 'Bồ Đề' },
        as,
      });
      expect(answer.status).toBe(200);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(answer.text, 'base64') as unknown as ExcelJS.Buffer);
      const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
      const rows = sheet.getSheetValues().filter(Boolean) as unknown[][];
      const header = (rows[0] as unknown[]).slice(1);
      const row = rows.find((r) => r.includes(recorded.body.id))?.slice(1) ?? [];
      return Object.fromEntries(header.map((h, i) => [String(h), row[i]]));
    };

    const staffView = await cellsAs(frontCommittee);
    expect(staffView).toMatchObject({
      'Họ tên chủ hộ': '\'=HYPERLINK("http://x.invalid","Bấm")',
      'Địa chỉ': "'@SUM(A1)",
      'Ghi chú': "'+1 nhà tạm",
      'Phường/Xã': 'Bồ Đề',
      'Hạng mục': 'Mái ấm tình thương',
      'Ngày bàn giao': '01/07/2018',
    });
    const leadershipView = await cellsAs(leadership);
    expect(Object.keys(leadershipView)).not.toContain('Họ tên chủ hộ');
    expect(JSON.stringify(leadershipView)).not.toContain('HYPERLINK');
  });

  it('lets a household be recorded again once its handover is voided or its beneficiary erased', async () => {
    const body = (name: string) => ({
      organizationId: organization.id,
      category: 'comradeship-house',
      ward: 'Gia Thụy',
      handedOverOn: '2018-08-01',
      beneficiary: { name },
    });
    const record = (name: string) =>
      api('RecordHandover', {
        pathParameters: { campaignId },
        body: body(name),
        headers: { 'idempotency-key': unique('again') },
        as: frontCommittee,
      });
    const voided = unique('Đỗ Văn Y');
    const first = await record(voided);
    expect((await record(voided)).status).toBe(409);
    const voiding = await api('VoidHandover', {
      pathParameters: { campaignId, handoverId: first.body.id },
      body: { reason: 'Ghi nhầm' },
      as: frontCommittee,
    });
    expect(voiding.status).toBe(200);
    expect((await record(voided)).status).toBe(201);

    const erased = unique('Đỗ Thị Kỳ');
    const second = await record(erased);
    expect((await record(erased)).status).toBe(409);
    const erasing = await api('EraseBeneficiary', {
      pathParameters: { campaignId, handoverId: second.body.id },
      as: frontCommittee,
    });
    expect(erasing.status).toBe(204);
    expect((await record(erased)).status).toBe(201);
  });
});

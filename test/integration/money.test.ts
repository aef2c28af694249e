// Money in the report (#15 item 6) against DynamoDB Local: the demo loaded through the handlers, counters against hand arithmetic.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Handover } from '../../shared/domain/model';
import { type MoneyLine, sumMoney, summarizeMoney } from '../../shared/domain/money';
import { type Api, handlerApi } from '../support/api';
import { freshTables, type TestTables } from '../support/dynamo';

interface DemoData {
  organizations: { id: string }[];
  campaign: { id: string };
  pledges: unknown[];
  handovers: ({ idempotencyKey: string } & Record<string, unknown>)[];
}

const demo = JSON.parse(
  readFileSync(new URL('../../infra/local/demo/longbien-2018.json', import.meta.url), 'utf8'),
) as DemoData;
const campaignId = demo.campaign.id;

type Member = { role: 'front-committee'; sub: string };
const recorder: Member = { role: 'front-committee', sub: 'sub-recorder-money-1' };
const checker: Member = { role: 'front-committee', sub: 'sub-checker-money-2' };

let tables: TestTables;
let api: Api;

async function record(body: Record<string, unknown>, key: string): Promise<string> {
  const answer = await api('RecordHandover', {
    pathParameters: { campaignId },
    body,
    headers: { 'idempotency-key': key },
    as: recorder,
  });
  expect(answer.status).toBe(201);
  return answer.body.id as string;
}

const on = (handoverId: string) => ({ pathParameters: { campaignId, handoverId } });

beforeAll(async () => {
  tables = await freshTables();
  api = handlerApi(tables.deps());
  // Prepare: the demo as infra/local/demo/load-demo.ts loads it, through the same handlers.
  for (const organization of demo.organizations) {
    expect((await api('CreateOrganization', { body: organization, as: recorder })).status).toBe(201);
  }
  expect((await api('CreateCampaign', { body: demo.campaign, as: recorder })).status).toBe(201);
  for (const pledge of demo.pledges) {
    expect(
      (await api('RegisterPledge', { pathParameters: { campaignId }, body: pledge, as: recorder })).status,
    ).toBe(201);
  }
  const ids: Record<string, string> = {};
  for (const { idempotencyKey, ...handover } of demo.handovers) {
    ids[idempotencyKey] = await record(handover, idempotencyKey);
  }
  // A house the Front recorded and the veterans and the labour federation helped pay for: one house.
  const coFunded = await record(
    {
      organizationId: 'mttq-long-bien',
      category: 'great-unity-house',
      ward: 'Bồ Đề',
      handedOverOn: '2018-12-20',
      valueVnd: 80_000_000,
      coFunders: ['hoi-ccb-long-bien', 'ldld-long-bien'],
      funding: {
        cashVnd: [
          { source: 'Quỹ Vì người nghèo quận', amount: 40_000_000 },
          { source: 'Công ty Thép Việt', amount: 10_000_000 },
          // The same fund again, spelled loosely: one source, one counter.
          { source: ' quỹ vì  người nghèo quận', amount: 10_000_000 },
        ],
        materialsVnd: 15_000_000,
        laborDays: 12.5,
      },
    },
    'money-co-funded',
  );
  // A billion đồng recorded by mistake, verified, then voided: it must count nowhere.
  const mistake = await record(
    {
      organizationId: 'hoi-phu-nu-long-bien',
      category: 'love-shelter',
      ward: 'Cự Khối',
      handedOverOn: '2018-12-21',
      valueVnd: 1_000_000_000,
      funding: { cashVnd: [{ source: 'Quỹ Vì người nghèo quận', amount: 1_000_000_000 }], laborDays: 40 },
    },
    'money-mistake',
  );
  const verify = async (id: string) =>
    expect((await api('VerifyHandover', { ...on(id), as: checker })).status).toBe(200);
  await verify(coFunded);
  await verify(mistake);
  await verify(ids['demo-longbien-2018-002'] as string); // 50 million
  await verify(ids['demo-longbien-2018-006'] as string); // 250 million, then unverified
  expect(
    (
      await api('UnverifyHandover', {
        ...on(ids['demo-longbien-2018-006'] as string),
        body: { reason: 'Biên bản thiếu chữ ký' },
        as: checker,
      })
    ).status,
  ).toBe(200);
  expect(
    (await api('VoidHandover', { ...on(mistake), body: { reason: 'Ghi nhầm' }, as: checker })).status,
  ).toBe(200);
});

const report = (query: Record<string, string>) =>
  api('GetReport', { pathParameters: { campaignId }, query: { lang: 'vi', ...query } });

/** Every handover of the campaign, voided ones too, paging to the end. */
async function allHandovers(): Promise<Handover[]> {
  const all: Handover[] = [];
  let cursor: string | undefined;
  do {
    const page = await tables.deps().handovers.list(campaignId, {}, cursor, 100);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

describe('money in the report of the demo campaign', () => {
  it('writes the total and the funding split as counted by hand, each house once, the voided one nowhere', async () => {
    // Hand arithmetic: the demo's 38 handovers, 28 with a value, make 1,610 million (50 × 21 + 55 × 4 + 60
    // + 250 + 30); the co-funded house adds one house and 80 million; the voided billion adds nothing.
    // Cash 40 + 10 + 10 = 60 million, materials 15 million, 12.5 labour days: the co-funded house's alone.
    const answer = await report({ format: 'text' });

    expect(answer.status).toBe(200);
    expect(answer.text).toContain(
      'Tổng kinh phí 1.690 triệu đồng (29/39 công trình có ghi kinh phí); trong đó tiền mặt 60 triệu đồng, ' +
        'vật tư 15 triệu đồng, 12,5 ngày công.',
    );
  });

  it('on the verified basis counts only what is verified now: 80 + 50 million, not the unverified 250', async () => {
    const answer = await report({ format: 'text', basis: 'verified' });

    expect(answer.text).toContain(
      'Tổng kinh phí 130 triệu đồng (2/2 công trình có ghi kinh phí); trong đó tiền mặt 60 triệu đồng, ' +
        'vật tư 15 triệu đồng, 12,5 ngày công.',
    );
  });

  it('puts the co-funded house under the organization that recorded it, in the workbook', async () => {
    const answer = await report({ format: 'xlsx' });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(answer.text, 'base64') as unknown as ExcelJS.Buffer);
    const rows = (name: string) =>
      (workbook.getWorksheet(name)?.getSheetValues() ?? []).flatMap((row) =>
        Array.isArray(row) ? [row.slice(1)] : [],
      );
    // Organization, houses, with a value, co-funded, value, cash, materials, labour days.
    expect(rows('Kinh phí theo đơn vị')).toEqual([
      [
        'Đơn vị',
        'Số công trình',
        'Có ghi kinh phí',
        'Có đơn vị phối hợp',
        'Tổng kinh phí (đồng)',
        'Tiền mặt (đồng)',
        'Vật tư (đồng)',
        'Ngày công',
      ],
      ['Hội Cựu chiến binh quận', 2, 1, 0, 60_000_000, 0, 0, 0],
      ['Hội Liên hiệp Phụ nữ quận', 4, 4, 0, 220_000_000, 0, 0, 0],
      ['Liên đoàn Lao động quận', 1, 1, 0, 250_000_000, 0, 0, 0],
      ['Quận đoàn', 2, 1, 0, 30_000_000, 0, 0, 0],
      ['Ủy ban MTTQ quận Long Biên', 30, 22, 1, 1_130_000_000, 60_000_000, 15_000_000, 12.5],
      ['Tổng cộng', 39, 29, 1, 1_690_000_000, 60_000_000, 15_000_000, 12.5],
    ]);
    expect(rows('Kinh phí theo hạng mục').map((row) => [row[0], row[1], row[4]])).toEqual([
      ['Hạng mục', 'Số công trình', 'Tổng kinh phí (đồng)'],
      [expect.any(String), 30, 1_130_000_000],
      [expect.any(String), 4, 220_000_000],
      [expect.any(String), 2, 60_000_000],
      [expect.any(String), 1, 250_000_000],
      [expect.any(String), 2, 30_000_000],
      ['Tổng cộng', 39, 1_690_000_000],
    ]);
    expect(rows('Tiền mặt theo nguồn')).toEqual([
      ['Nguồn', 'Số tiền (đồng)'],
      ['Quỹ Vì người nghèo quận', 50_000_000],
      ['Công ty Thép Việt', 10_000_000],
      ['Tổng cộng', 60_000_000],
    ]);
  });

  it('keeps counters that agree with summing every handover, on both bases', async () => {
    const snapshot = await tables.deps().ledger.loadSnapshot(campaignId);
    const lines: MoneyLine[] = await allHandovers();

    expect(lines).toHaveLength(40);
    for (const basis of ['recorded', 'verified'] as const) {
      expect(summarizeMoney(snapshot?.money?.counters ?? [], snapshot?.money?.sources ?? [], basis)).toEqual(
        sumMoney(lines, basis),
      );
    }
  });
});

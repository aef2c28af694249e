// The report's three views as tables (categories, organizations, wards): the workbook's sheets and the printable report's tables.
import { categories, categoryCodes } from './categories';
import { pledgeStatusLabels } from './labels';
import type { Campaign } from './model';
import type { MoneySummary, MoneyTotals } from './money';
import type { Progress } from './progress';
import type { Language } from './report';

export type ReportViewId =
  | 'categories'
  | 'organizations'
  | 'wards'
  | 'money-categories'
  | 'money-organizations'
  | 'cash-sources';

/**
 * `count` cells are whole numbers; `percent` cells have one decimal, or are empty where nothing was pledged;
 * `vnd` cells are whole đồng; `days` cells have at most one decimal.
 */
export type ColumnKind = 'text' | 'count' | 'percent' | 'vnd' | 'days';

/** The report's money (#15): the sums on the report's basis, and the organizations' names to show. */
export interface ReportMoney extends MoneySummary {
  organizationNames: Record<string, string>;
}

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  id: ReportViewId;
  /** Also the sheet's name: short, and without the characters Excel refuses in one. */
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

const words = {
  vi: {
    titles: { categories: 'Hạng mục', organizations: 'Đơn vị', wards: 'Phường' },
    category: 'Hạng mục',
    organization: 'Đơn vị',
    ward: 'Phường',
    pledged: 'Đăng ký',
    delivered: 'Đã bàn giao',
    verified: 'Đã xác minh',
    remaining: 'Còn lại',
    surplus: 'Vượt',
    percent: 'Tỷ lệ (%)',
    status: 'Trạng thái',
    total: 'Tổng cộng',
    moneyTitles: {
      'money-categories': 'Kinh phí theo hạng mục',
      'money-organizations': 'Kinh phí theo đơn vị',
      'cash-sources': 'Tiền mặt theo nguồn',
    },
    houses: 'Số công trình',
    valued: 'Có ghi kinh phí',
    coFunded: 'Có đơn vị phối hợp',
    valueVnd: 'Tổng kinh phí (đồng)',
    cashVnd: 'Tiền mặt (đồng)',
    materialsVnd: 'Vật tư (đồng)',
    laborDays: 'Ngày công',
    source: 'Nguồn',
    amountVnd: 'Số tiền (đồng)',
  },
  en: {
    titles: { categories: 'Categories', organizations: 'Organizations', wards: 'Wards' },
    category: 'Category',
    organization: 'Organization',
    ward: 'Ward',
    pledged: 'Pledged',
    delivered: 'Delivered',
    verified: 'Verified',
    remaining: 'Remaining',
    surplus: 'Surplus',
    percent: 'Percent',
    status: 'Status',
    total: 'Total',
    moneyTitles: {
      'money-categories': 'Funding by category',
      'money-organizations': 'Funding by organization',
      'cash-sources': 'Cash by source',
    },
    houses: 'Handovers',
    valued: 'With a value',
    coFunded: 'Co-funded',
    valueVnd: 'Value (VND)',
    cashVnd: 'Cash (VND)',
    materialsVnd: 'Materials (VND)',
    laborDays: 'Labour days',
    source: 'Source',
    amountVnd: 'Amount (VND)',
  },
} as const;

export function reportTables(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: ReportMoney,
): ReportTable[] {
  return [
    categoryTable(progress, lang),
    organizationTable(progress, lang),
    wardTable(campaign, progress, lang),
    ...(money ? moneyTables(money, lang) : []),
  ];
}

/**
 * Per category and per organization, each with a total row; a co-funded house is one row's, the recording
 * organization's, so the organizations add up to the same total as the categories. Then cash by source.
 */
function moneyTables(money: ReportMoney, lang: Language): ReportTable[] {
  const w = words[lang];
  const columns = (first: string): ReportColumn[] => [
    { header: first, kind: 'text' },
    { header: w.houses, kind: 'count' },
    { header: w.valued, kind: 'count' },
    { header: w.coFunded, kind: 'count' },
    { header: w.valueVnd, kind: 'vnd' },
    { header: w.cashVnd, kind: 'vnd' },
    { header: w.materialsVnd, kind: 'vnd' },
    { header: w.laborDays, kind: 'days' },
  ];
  const cells = (t: MoneyTotals): ReportCell[] => [
    t.houses,
    t.valued,
    t.coFunded,
    t.valueVnd,
    t.cashVnd,
    t.materialsVnd,
    t.laborDays,
  ];
  const name = (id: string) => money.organizationNames[id] ?? id;
  const organizations = [...money.byOrganization].sort((a, b) =>
    name(a.organizationId).localeCompare(name(b.organizationId), 'vi'),
  );
  return [
    {
      id: 'money-categories',
      title: w.moneyTitles['money-categories'],
      columns: columns(w.category),
      rows: [
        ...money.byCategory.map((c) => [categories[c.category].label[lang], ...cells(c)]),
        [w.total, ...cells(money.total)],
      ],
    },
    {
      id: 'money-organizations',
      title: w.moneyTitles['money-organizations'],
      columns: columns(w.organization),
      rows: [
        ...organizations.map((o) => [name(o.organizationId), ...cells(o)]),
        [w.total, ...cells(money.total)],
      ],
    },
    {
      id: 'cash-sources',
      title: w.moneyTitles['cash-sources'],
      columns: [
        { header: w.source, kind: 'text' },
        { header: w.amountVnd, kind: 'vnd' },
      ],
      rows: [...money.cashBySource.map((s) => [s.source, s.amountVnd]), [w.total, money.total.cashVnd]],
    },
  ];
}

function categoryTable(progress: Progress, lang: Language): ReportTable {
  const w = words[lang];
  return {
    id: 'categories',
    title: w.titles.categories,
    columns: [
      { header: w.category, kind: 'text' },
      { header: w.pledged, kind: 'count' },
      { header: w.delivered, kind: 'count' },
      { header: w.verified, kind: 'count' },
      { header: w.remaining, kind: 'count' },
      { header: w.surplus, kind: 'count' },
      { header: w.percent, kind: 'percent' },
    ],
    rows: progress.totals.map((t) => [
      categories[t.category].label[lang],
      t.pledged,
      t.delivered,
      t.verified,
      t.remaining,
      t.surplus,
      t.percent,
    ]),
  };
}

/** One row per pledge, grouped by organization (alphabetically, as Vietnamese sorts), then in catalog order. */
function organizationTable(progress: Progress, lang: Language): ReportTable {
  const w = words[lang];
  const pledges = [...progress.pledges].sort(
    (a, b) =>
      a.organizationName.localeCompare(b.organizationName, 'vi') ||
      categoryCodes.indexOf(a.category) - categoryCodes.indexOf(b.category),
  );
  return {
    id: 'organizations',
    title: w.titles.organizations,
    columns: [
      { header: w.organization, kind: 'text' },
      { header: w.category, kind: 'text' },
      { header: w.pledged, kind: 'count' },
      { header: w.delivered, kind: 'count' },
      { header: w.verified, kind: 'count' },
      { header: w.remaining, kind: 'count' },
      { header: w.surplus, kind: 'count' },
      { header: w.percent, kind: 'percent' },
      { header: w.status, kind: 'text' },
    ],
    rows: pledges.map((p) => [
      p.organizationName,
      categories[p.category].label[lang],
      p.target,
      p.delivered,
      p.verified,
      p.remaining,
      p.surplus,
      p.percent,
      pledgeStatusLabels[lang][p.status],
    ]),
  };
}

/** Every ward of the campaign, in its order, with zeros where nothing was handed over. */
function wardTable(campaign: Campaign, progress: Progress, lang: Language): ReportTable {
  const w = words[lang];
  const wards = [...campaign.wards];
  for (const { ward } of progress.wards) if (!wards.includes(ward)) wards.push(ward);
  const cell = (ward: string, category: string) =>
    progress.wards.find((x) => x.ward === ward && x.category === category);
  return {
    id: 'wards',
    title: w.titles.wards,
    columns: [
      { header: w.ward, kind: 'text' },
      ...categoryCodes.map((c) => ({ header: categories[c].label[lang], kind: 'count' as const })),
      { header: w.total, kind: 'count' },
      { header: w.verified, kind: 'count' },
    ],
    rows: wards.map((ward) => {
      const counts = categoryCodes.map((c) => cell(ward, c)?.delivered ?? 0);
      const verified = categoryCodes.reduce((sum, c) => sum + (cell(ward, c)?.verified ?? 0), 0);
      return [ward, ...counts, counts.reduce((sum, n) => sum + n, 0), verified];
    }),
  };
}

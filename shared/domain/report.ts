// The year-end report's wording, in the seed's style: "bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký)".
import { type Category, categories } from './categories';
import { toVietnameseDate } from './dates';
import type { Campaign } from './model';
import { type MoneySummary, moneySentence } from './money';
import type { CategoryProgress, Progress } from './progress';

export type Language = 'vi' | 'en';

/** Counts are written with at least two digits, as the district's reports do (04, 01). */
export function formatCount(n: number): string {
  return String(n).padStart(2, '0');
}

export function categoryClause(
  total: Pick<CategoryProgress, 'category' | 'delivered' | 'pledged'>,
  lang: Language,
) {
  const info = categories[total.category];
  const exceeded = total.delivered > total.pledged;
  const surplus = total.delivered - total.pledged;
  if (lang === 'vi') {
    const clause = `${info.verb.vi} ${formatCount(total.delivered)} ${info.reportNoun.vi}`;
    return exceeded ? `${clause} (vượt ${formatCount(surplus)} ${info.unit.vi} so với đăng ký)` : clause;
  }
  const noun = total.delivered === 1 ? info.reportNoun.enSingular : info.reportNoun.en;
  const clause = `${info.verb.en} ${formatCount(total.delivered)} ${noun}`;
  const unit = surplus === 1 ? info.unit.enSingular : info.unit.en;
  return exceeded ? `${clause} (${formatCount(surplus)} ${unit} more than pledged)` : clause;
}

const texts = {
  vi: {
    title: (c: Campaign) => `BÁO CÁO KẾT QUẢ: ${c.name}`,
    period: (c: Campaign) => `Thời gian: ${toVietnameseDate(c.startsOn)} – ${toVietnameseDate(c.endsOn)}`,
    summary: 'Kết quả',
    nothing: 'Chưa có công trình nào được bàn giao.',
    byOrganization: 'Theo đơn vị đăng ký',
    pledgeLine: (org: string, target: string, noun: string, delivered: string, note: string) =>
      `${org}: đăng ký ${target} ${noun}, đã thực hiện ${delivered}${note}`,
    surplus: (n: string) => ` (vượt ${n})`,
    withdrawn: ' (đã rút đăng ký)',
    asOf: (date: string) => `Số liệu tính đến ${date}.`,
    verifiedShare: (verified: string, delivered: string) =>
      `Trong đó ${verified}/${delivered} công trình đã được xác minh.`,
    verifiedBasis: 'Số liệu chỉ tính các công trình đã được xác minh.',
  },
  en: {
    title: (c: Campaign) => `RESULTS REPORT: ${c.name}`,
    period: (c: Campaign) => `Period: ${c.startsOn} to ${c.endsOn}`,
    summary: 'Results',
    nothing: 'No handover has been recorded yet.',
    byOrganization: 'By pledging organization',
    pledgeLine: (org: string, target: string, noun: string, delivered: string, note: string) =>
      `${org}: pledged ${target} ${noun}, delivered ${delivered}${note}`,
    surplus: (n: string) => ` (${n} more than pledged)`,
    withdrawn: ' (pledge withdrawn)',
    asOf: (date: string) => `Figures as of ${date}.`,
    verifiedShare: (verified: string, delivered: string) =>
      `Of these, ${verified} of ${delivered} are verified.`,
    verifiedBasis: 'Figures count verified handovers only.',
  },
} as const;

/** The narrative's parts, for the text report and the printable one alike. */
export interface ReportNarrative {
  title: string;
  period: string;
  summaryHeading: string;
  /** One clause per category with deliveries, in catalog order, ending with a full stop. */
  summary: string;
  /**
   * Recorded basis: how many of the handovers a second member verified. Verified basis: that every figure
   * counts verified handovers only.
   */
  verification: string;
  /** "Tổng kinh phí 1.610 triệu đồng (28/38 công trình có ghi kinh phí)…", on the report's basis (#15). */
  money?: string;
  byOrganizationHeading: string;
  pledgeLines: string[];
  asOf: string;
}

/** The narrative report: one clause per category with deliveries, in catalog order, then each pledge. */
export function reportNarrative(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: MoneySummary,
): ReportNarrative {
  const t = texts[lang];
  const delivered = progress.totals.filter((total) => total.delivered > 0);
  const summary =
    delivered.length === 0
      ? t.nothing
      : `${delivered.map((total) => categoryClause(total, lang)).join('; ')}.`;
  const pledgeLines = progress.pledges.map((p) => {
    const info = categories[p.category];
    const noun =
      lang === 'vi' ? info.reportNoun.vi : p.target === 1 ? info.reportNoun.enSingular : info.reportNoun.en;
    const note =
      p.status === 'withdrawn' ? t.withdrawn : p.surplus > 0 ? t.surplus(formatCount(p.surplus)) : '';
    return t.pledgeLine(p.organizationName, formatCount(p.target), noun, formatCount(p.delivered), note);
  });
  const asOf = lang === 'vi' ? toVietnameseDate(progress.asOf.slice(0, 10)) : progress.asOf.slice(0, 10);
  return {
    title: t.title(campaign),
    period: t.period(campaign),
    summaryHeading: t.summary,
    summary,
    verification:
      progress.basis === 'verified'
        ? t.verifiedBasis
        : t.verifiedShare(
            formatCount(progress.totals.reduce((sum, x) => sum + x.verified, 0)),
            formatCount(progress.totals.reduce((sum, x) => sum + x.delivered, 0)),
          ),
    ...(money ? { money: moneySentence(money, lang) } : {}),
    byOrganizationHeading: t.byOrganization,
    pledgeLines,
    asOf: t.asOf(asOf),
  };
}

export function renderReportText(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: MoneySummary,
): string {
  const n = reportNarrative(campaign, progress, lang, money);
  return [
    n.title,
    n.period,
    '',
    `${n.summaryHeading}: ${n.summary}`,
    n.verification,
    ...(n.money ? [n.money] : []),
    ...(n.pledgeLines.length > 0
      ? ['', `${n.byOrganizationHeading}:`, ...n.pledgeLines.map((line) => `- ${line}`)]
      : []),
    '',
    n.asOf,
    '',
  ].join('\n');
}

const csvHeaders = {
  vi: ['Mã hạng mục', 'Hạng mục', 'Đăng ký', 'Đã bàn giao', 'Đã xác minh', 'Còn lại', 'Vượt', 'Tỷ lệ (%)'],
  en: ['Category code', 'Category', 'Pledged', 'Delivered', 'Verified', 'Remaining', 'Surplus', 'Percent'],
} as const;

/** UTF-8 byte order mark: without it Excel shows Vietnamese diacritics as mojibake. */
export const byteOrderMark = '\uFEFF';

export function renderReportCsv(progress: Progress, lang: Language): string {
  const rows: (string | number)[][] = [
    [...csvHeaders[lang]],
    ...progress.totals.map((t) => [
      t.category,
      categories[t.category as Category].label[lang],
      t.pledged,
      t.delivered,
      t.verified,
      t.remaining,
      t.surplus,
      t.percent === null ? '' : t.percent.toFixed(1),
    ]),
  ];
  const lines = rows.map((row) => row.map(csvField).join(','));
  return `${byteOrderMark}${lines.join('\r\n')}\r\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

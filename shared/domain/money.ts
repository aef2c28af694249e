// Money of a campaign (#15): value in đồng and the funding split, per category and organization, each house once.
import { type Category, categoryCodes } from './categories';
import type { Handover } from './model';
import type { Basis } from './progress';
import type { Language } from './report';

/** What the sums read of a handover: no beneficiary, no free text but the cash sources' names. */
export type MoneyLine = Pick<
  Handover,
  'category' | 'organizationId' | 'state' | 'valueVnd' | 'funding' | 'coFunders' | 'verifiedAt'
>;

export interface MoneyTotals {
  /** Handovers counted: a co-funded house is one house, credited to the organization that recorded it. */
  houses: number;
  /** Of those, the ones recorded with a value: the value is a sum over these only. */
  valued: number;
  /** Of those, the ones other organizations co-funded. */
  coFunded: number;
  valueVnd: number;
  cashVnd: number;
  materialsVnd: number;
  laborDays: number;
}

export interface MoneySummary {
  basis: Basis;
  total: MoneyTotals;
  /** Categories with a house counted, in catalog order. */
  byCategory: (MoneyTotals & { category: Category })[];
  /** Organizations with a house counted, by id. */
  byOrganization: (MoneyTotals & { organizationId: string })[];
  /** Cash by source, the largest first; sources differing only in case or spacing are one. */
  cashBySource: { source: string; amountVnd: number }[];
}

/** Labour days are kept in tenths while summing, so that 0.1 + 0.2 makes 0.3 and not 0.30000000000000004. */
interface Sums extends Omit<MoneyTotals, 'laborDays'> {
  laborTenths: number;
}

const emptySums = (): Sums => ({
  houses: 0,
  valued: 0,
  coFunded: 0,
  valueVnd: 0,
  cashVnd: 0,
  materialsVnd: 0,
  laborTenths: 0,
});

const totalsOf = ({ laborTenths, ...rest }: Sums): MoneyTotals => ({ ...rest, laborDays: laborTenths / 10 });

/** True when the handover counts on this basis: never once voided; on the verified basis, only verified. */
export function countsOn(line: Pick<MoneyLine, 'state' | 'verifiedAt'>, basis: Basis): boolean {
  if (line.state !== 'recorded') return false;
  return basis === 'recorded' || line.verifiedAt !== undefined;
}

function sourceKey(source: string): string {
  return source.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

export function sumMoney(lines: Iterable<MoneyLine>, basis: Basis): MoneySummary {
  const total = emptySums();
  const byCategory = new Map<Category, Sums>();
  const byOrganization = new Map<string, Sums>();
  const sources = new Map<string, { source: string; amountVnd: number }>();
  for (const line of lines) {
    if (!countsOn(line, basis)) continue;
    const cash = (line.funding?.cashVnd ?? []).reduce((sum, c) => sum + c.amount, 0);
    const category = byCategory.get(line.category) ?? emptySums();
    byCategory.set(line.category, category);
    const organization = byOrganization.get(line.organizationId) ?? emptySums();
    byOrganization.set(line.organizationId, organization);
    for (const sums of [total, category, organization]) {
      sums.houses += 1;
      if (line.valueVnd !== undefined) {
        sums.valued += 1;
        sums.valueVnd += line.valueVnd;
      }
      if ((line.coFunders ?? []).length > 0) sums.coFunded += 1;
      sums.cashVnd += cash;
      sums.materialsVnd += line.funding?.materialsVnd ?? 0;
      sums.laborTenths += Math.round((line.funding?.laborDays ?? 0) * 10);
    }
    for (const { source, amount } of line.funding?.cashVnd ?? []) {
      const key = sourceKey(source);
      const entry = sources.get(key) ?? {
        source: source.normalize('NFC').trim().replace(/\s+/g, ' '),
        amountVnd: 0,
      };
      entry.amountVnd += amount;
      sources.set(key, entry);
    }
  }
  return {
    basis,
    total: totalsOf(total),
    byCategory: categoryCodes.flatMap((category) => {
      const sums = byCategory.get(category);
      return sums ? [{ category, ...totalsOf(sums) }] : [];
    }),
    byOrganization: [...byOrganization]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([organizationId, sums]) => ({ organizationId, ...totalsOf(sums) })),
    cashBySource: [...sources.values()].sort(
      (a, b) => b.amountVnd - a.amountVnd || a.source.localeCompare(b.source, 'vi'),
    ),
  };
}

/**
 * An amount as the report writes it, in millions: "1.450 triệu đồng", "VND 1,450 million"; below a million
 * in đồng. Exact to the thousand đồng (three decimals of a million), which is as far as the district counts.
 */
export function formatVnd(vnd: number, lang: Language): string {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-GB';
  if (Math.abs(vnd) < 1_000_000) {
    const amount = vnd.toLocaleString(locale, { maximumFractionDigits: 0 });
    return lang === 'vi' ? `${amount} đồng` : `VND ${amount}`;
  }
  const millions = (vnd / 1_000_000).toLocaleString(locale, { maximumFractionDigits: 3 });
  return lang === 'vi' ? `${millions} triệu đồng` : `VND ${millions} million`;
}

/** Labour days as the report writes them: one decimal at most, "1,5 ngày công". */
export function formatLaborDays(days: number, lang: Language): string {
  const amount = days.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 });
  return lang === 'vi' ? `${amount} ngày công` : `${amount} labour ${days === 1 ? 'day' : 'days'}`;
}

/**
 * The report's sentence on money: "Tổng kinh phí 1.450 triệu đồng (27/38 công trình có ghi kinh phí); trong
 * đó tiền mặt …, vật tư …, … ngày công." Parts with nothing recorded are left out.
 */
export function moneySentence(summary: MoneySummary, lang: Language): string {
  const t = summary.total;
  if (t.houses === 0)
    return lang === 'vi' ? 'Chưa có kinh phí nào được ghi nhận.' : 'No funding recorded yet.';
  const split = [
    ...(t.cashVnd > 0
      ? [lang === 'vi' ? `tiền mặt ${formatVnd(t.cashVnd, lang)}` : `cash ${formatVnd(t.cashVnd, lang)}`]
      : []),
    ...(t.materialsVnd > 0
      ? [
          lang === 'vi'
            ? `vật tư ${formatVnd(t.materialsVnd, lang)}`
            : `materials ${formatVnd(t.materialsVnd, lang)}`,
        ]
      : []),
    ...(t.laborDays > 0 ? [formatLaborDays(t.laborDays, lang)] : []),
  ];
  if (lang === 'vi') {
    const head = `Tổng kinh phí ${formatVnd(t.valueVnd, lang)} (${t.valued}/${t.houses} công trình có ghi kinh phí)`;
    return split.length > 0 ? `${head}; trong đó ${split.join(', ')}.` : `${head}.`;
  }
  const head = `Total value ${formatVnd(t.valueVnd, lang)} (${t.valued} of ${t.houses} handovers recorded with a value)`;
  return split.length > 0 ? `${head}; of which ${split.join(', ')}.` : `${head}.`;
}

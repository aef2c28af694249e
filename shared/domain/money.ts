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

/** Labour days are kept in tenths, so that 0.1 + 0.2 makes 0.3 and not 0.30000000000000004. */
export interface MoneySums extends Omit<MoneyTotals, 'laborDays'> {
  laborTenths: number;
}

export const moneySumFields = [
  'houses',
  'valued',
  'coFunded',
  'valueVnd',
  'cashVnd',
  'materialsVnd',
  'laborTenths',
] as const satisfies readonly (keyof MoneySums)[];

/** The stored name of a sum's verified twin: `verifiedValueVnd` beside `valueVnd`. */
export function verifiedMoneyField(field: keyof MoneySums): string {
  return `verified${field.charAt(0).toUpperCase()}${field.slice(1)}`;
}

export const emptyMoneySums = (): MoneySums => ({
  houses: 0,
  valued: 0,
  coFunded: 0,
  valueVnd: 0,
  cashVnd: 0,
  materialsVnd: 0,
  laborTenths: 0,
});

/**
 * The counters the ledger keeps per category and organization (DESIGN: counters move in the write's own
 * transaction): what the handovers that count add up to, on each basis.
 */
export interface MoneyCounter {
  category: Category;
  organizationId: string;
  recorded: MoneySums;
  verified: MoneySums;
}

/** Cash per source, kept under the source's key (case, spacing and Unicode form folded). */
export interface CashSourceCounter {
  key: string;
  source: string;
  recordedVnd: number;
  verifiedVnd: number;
}

export interface MoneyContribution {
  sums: MoneySums;
  /** One entry per source key: a handover naming a source twice adds both amounts under one key. */
  sources: { key: string; source: string; amountVnd: number }[];
}

/** True when the handover counts on this basis: never once voided; on the verified basis, only verified. */
export function countsOn(line: Pick<MoneyLine, 'state' | 'verifiedAt'>, basis: Basis): boolean {
  if (line.state !== 'recorded') return false;
  return basis === 'recorded' || line.verifiedAt !== undefined;
}

function tidySource(source: string): string {
  return source.normalize('NFC').trim().replace(/\s+/g, ' ');
}

export function cashSourceKey(source: string): string {
  return tidySource(source).toLocaleLowerCase('vi');
}

/** What one handover adds to its counters: one house, however many organizations co-funded it. */
export function moneyContribution(line: Omit<MoneyLine, 'state' | 'verifiedAt'>): MoneyContribution {
  const cash = line.funding?.cashVnd ?? [];
  const sources = new Map<string, { key: string; source: string; amountVnd: number }>();
  for (const { source, amount } of cash) {
    const key = cashSourceKey(source);
    const entry = sources.get(key) ?? { key, source: tidySource(source), amountVnd: 0 };
    entry.amountVnd += amount;
    sources.set(key, entry);
  }
  return {
    sums: {
      houses: 1,
      valued: line.valueVnd !== undefined ? 1 : 0,
      coFunded: (line.coFunders ?? []).length > 0 ? 1 : 0,
      valueVnd: line.valueVnd ?? 0,
      cashVnd: cash.reduce((sum, c) => sum + c.amount, 0),
      materialsVnd: line.funding?.materialsVnd ?? 0,
      laborTenths: Math.round((line.funding?.laborDays ?? 0) * 10),
    },
    sources: [...sources.values()],
  };
}

function addSums(into: MoneySums, from: MoneySums): void {
  for (const field of moneySumFields) into[field] += from[field];
}

/** The counters as the ledger's writes leave them after these handovers: the reference they are tested against. */
export function tallyMoney(lines: Iterable<MoneyLine>): {
  counters: MoneyCounter[];
  sources: CashSourceCounter[];
} {
  const counters = new Map<string, MoneyCounter>();
  const sources = new Map<string, CashSourceCounter>();
  for (const line of lines) {
    if (!countsOn(line, 'recorded')) continue;
    const verified = countsOn(line, 'verified');
    const { sums, sources: cash } = moneyContribution(line);
    const id = `${line.category}#${line.organizationId}`;
    const counter = counters.get(id) ?? {
      category: line.category,
      organizationId: line.organizationId,
      recorded: emptyMoneySums(),
      verified: emptyMoneySums(),
    };
    counters.set(id, counter);
    addSums(counter.recorded, sums);
    if (verified) addSums(counter.verified, sums);
    for (const { key, source, amountVnd } of cash) {
      const entry = sources.get(key) ?? { key, source, recordedVnd: 0, verifiedVnd: 0 };
      entry.recordedVnd += amountVnd;
      if (verified) entry.verifiedVnd += amountVnd;
      sources.set(key, entry);
    }
  }
  return { counters: [...counters.values()], sources: [...sources.values()] };
}

const totalsOf = ({ laborTenths, ...rest }: MoneySums): MoneyTotals => ({
  ...rest,
  laborDays: laborTenths / 10,
});

/** The report's money from the counters, on one basis; rows where nothing counts are left out. */
export function summarizeMoney(
  counters: readonly MoneyCounter[],
  sources: readonly CashSourceCounter[],
  basis: Basis,
): MoneySummary {
  const total = emptyMoneySums();
  const byCategory = new Map<Category, MoneySums>();
  const byOrganization = new Map<string, MoneySums>();
  for (const counter of counters) {
    const sums = counter[basis];
    if (sums.houses <= 0) continue;
    const category = byCategory.get(counter.category) ?? emptyMoneySums();
    byCategory.set(counter.category, category);
    const organization = byOrganization.get(counter.organizationId) ?? emptyMoneySums();
    byOrganization.set(counter.organizationId, organization);
    for (const into of [total, category, organization]) addSums(into, sums);
  }
  const amountOf = (s: CashSourceCounter) => (basis === 'verified' ? s.verifiedVnd : s.recordedVnd);
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
    cashBySource: sources
      .filter((s) => amountOf(s) > 0)
      .map((s) => ({ source: s.source, amountVnd: amountOf(s) }))
      .sort((a, b) => b.amountVnd - a.amountVnd || a.source.localeCompare(b.source, 'vi')),
  };
}

/** The money of these handovers, summed directly: what the counters must agree with. */
export function sumMoney(lines: Iterable<MoneyLine>, basis: Basis): MoneySummary {
  const { counters, sources } = tallyMoney(lines);
  return summarizeMoney(counters, sources, basis);
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

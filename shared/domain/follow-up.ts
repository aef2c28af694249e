// Follow-through (#15): which reminders are due to an organization, and what the reminders and the weekly digest
// to leadership say. Pure: dates are Vietnam calendar days; Vietnamese first, then English; no personal data.
import { type Category, categories, categoryCodes } from './categories';
import { addDays, toVietnameseDate } from './dates';
import {
  type CampaignPeriod,
  daysBetween,
  daysLeft,
  deliveredPerDay,
  neededPerDay,
  pledgeStanding,
} from './forecast';
import type { Campaign, Pledge } from './model';
import { formatCount } from './report';

export const reminderMilestones = ['at-risk', 'ends-in-30-days', 'ends-in-7-days'] as const;
export type ReminderMilestone = (typeof reminderMilestones)[number];

export interface DueReminder {
  pledge: Pledge;
  milestone: ReminderMilestone;
  /** Days from today through the campaign's last day, today included (as the forecast counts them). */
  daysLeft: number;
}

/**
 * The reminders due today for a campaign's pledges. Withdrawn pledges and pledges already met get none (a
 * silent no-op: the check skips them). At risk: the forecast says the pace so far will not reach the target by
 * the last day. Thirty days before the end: from the day 30 days before it until 8 days before; seven days
 * before the end: from the day 7 days before it through the last day. A check that missed the exact day
 * still sends it later in the window; the caller's conditional write sends each once per pledge.
 */
export function dueReminders(campaign: Campaign, pledges: readonly Pledge[], today: string): DueReminder[] {
  const period: CampaignPeriod = { startsOn: campaign.startsOn, endsOn: campaign.endsOn, today };
  const toEnd = daysBetween(today, campaign.endsOn);
  const due: DueReminder[] = [];
  for (const pledge of pledges) {
    if (pledge.state !== 'active' || pledge.delivered >= pledge.target) continue;
    const standing = pledgeStanding(pledge.target, pledge.delivered, period);
    if (standing === 'overdue' || standing === 'not-started') continue;
    const left = daysLeft(period);
    if (standing === 'at-risk') due.push({ pledge, milestone: 'at-risk', daysLeft: left });
    if (toEnd <= 30 && toEnd > 7) due.push({ pledge, milestone: 'ends-in-30-days', daysLeft: left });
    if (toEnd <= 7 && toEnd >= 0) due.push({ pledge, milestone: 'ends-in-7-days', daysLeft: left });
  }
  return due;
}

/**
 * A rate per day: two decimals from 1 up, two significant digits below (0.0026 stays 0,0026 rather than
 * reading 0,00), a comma for the decimal point in Vietnamese. Counts are written as the report writes them.
 */
export function formatRate(value: number, lang: 'vi' | 'en'): string {
  const text = value === 0 ? '0' : value >= 1 ? value.toFixed(2) : String(Number(value.toPrecision(2)));
  return lang === 'vi' ? text.replace('.', ',') : text;
}

function unitOf(category: Category, count: number, lang: 'vi' | 'en'): string {
  const unit = categories[category].unit;
  if (lang === 'vi') return unit.vi;
  return count === 1 ? unit.enSingular : unit.en;
}

/** SNS subjects must be ASCII and under 100 characters. */
export function asciiSubject(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 99);
}

export interface ReminderText {
  subject: string;
  message: { vi: string; en: string };
}

export function reminderText(campaign: Pick<Campaign, 'name' | 'endsOn'>, due: DueReminder): ReminderText {
  const { pledge, milestone } = due;
  const remaining = pledge.target - pledge.delivered;
  const label = categories[pledge.category].label;
  const end = toVietnameseDate(campaign.endsOn);
  const status = {
    vi: `${pledge.organizationName} đã bàn giao ${formatCount(pledge.delivered)}/${formatCount(pledge.target)} ${unitOf(pledge.category, pledge.target, 'vi')} (${label.vi.toLowerCase()}), còn ${formatCount(remaining)} ${unitOf(pledge.category, remaining, 'vi')}`,
    en: `${pledge.organizationName} has handed over ${formatCount(pledge.delivered)} of ${formatCount(pledge.target)} ${unitOf(pledge.category, pledge.target, 'en')} (${label.en.toLowerCase()}), ${formatCount(remaining)} to go`,
  };
  const needed = formatRate(remaining / Math.max(1, due.daysLeft), 'vi');
  const neededEn = formatRate(remaining / Math.max(1, due.daysLeft), 'en');
  const heading = {
    'at-risk': { vi: 'Đăng ký có nguy cơ không hoàn thành', en: 'Pledge at risk' },
    'ends-in-30-days': { vi: 'Còn 30 ngày đến hết đợt thi đua', en: '30 days left in the campaign' },
    'ends-in-7-days': { vi: 'Còn 7 ngày đến hết đợt thi đua', en: '7 days left in the campaign' },
  }[milestone];
  const vi =
    `${heading.vi} “${campaign.name}”: ${status.vi}; đợt thi đua kết thúc ngày ${end}, ` +
    `cần ${needed} ${unitOf(pledge.category, remaining, 'vi')}/ngày trong ${formatCount(due.daysLeft)} ngày còn lại, kể cả hôm nay.`;
  const en =
    `${heading.en} (“${campaign.name}”): ${status.en}; the campaign ends on ${end}, ` +
    `needing ${neededEn} a day over the ${formatCount(due.daysLeft)} days left, today included.`;
  return {
    subject: asciiSubject(`${heading.vi} / ${heading.en}: ${pledge.organizationName}`),
    message: { vi, en },
  };
}

export interface DigestCategoryLine {
  category: Category;
  pledged: number;
  thisWeek: number;
  toDate: number;
}

export interface DigestPledgeLine {
  organizationName: string;
  category: Category;
  target: number;
  delivered: number;
}

export interface DigestFacts {
  campaign: Pick<Campaign, 'id' | 'name' | 'startsOn' | 'endsOn'>;
  /** The seven Vietnam days reported on, inclusive: the week before the digest's day. */
  week: { from: string; to: string };
  categories: DigestCategoryLine[];
  atRisk: (DigestPledgeLine & { neededPerDay: number; perDay: number })[];
  overdue: DigestPledgeLine[];
  /** From the verification port; the line is left out while nothing supplies it. */
  awaitingVerification?: number;
}

/** The week a digest on `today` reports: the seven days before it. */
export function digestWeek(today: string): { from: string; to: string } {
  return { from: addDays(today, -7), to: addDays(today, -1) };
}

/**
 * The digest's facts from what the ledger holds: the campaign's active pledges, its category totals, and the
 * week's handover counts per category (recorded, not voided). `today` is the digest's Vietnam day.
 */
export function digestFacts(input: {
  campaign: Campaign;
  pledges: readonly Pledge[];
  categoryTotals: readonly { category: Category; delivered: number }[];
  weekCounts: ReadonlyMap<Category, number>;
  today: string;
  awaitingVerification?: number;
}): DigestFacts {
  const { campaign, today } = input;
  const period: CampaignPeriod = { startsOn: campaign.startsOn, endsOn: campaign.endsOn, today };
  const active = input.pledges
    .filter((p) => p.state === 'active')
    .sort(
      (a, b) =>
        categoryCodes.indexOf(a.category) - categoryCodes.indexOf(b.category) ||
        a.organizationName.localeCompare(b.organizationName, 'vi'),
    );
  const lines = categoryCodes
    .map((category) => ({
      category,
      pledged: active.filter((p) => p.category === category).reduce((sum, p) => sum + p.target, 0),
      thisWeek: input.weekCounts.get(category) ?? 0,
      toDate: input.categoryTotals.find((t) => t.category === category)?.delivered ?? 0,
    }))
    .filter((line) => line.pledged > 0 || line.toDate > 0);
  const line = (p: Pledge): DigestPledgeLine => ({
    organizationName: p.organizationName,
    category: p.category,
    target: p.target,
    delivered: p.delivered,
  });
  const atRisk = active
    .filter((p) => pledgeStanding(p.target, p.delivered, period) === 'at-risk')
    .map((p) => {
      const needed = neededPerDay(p.target - p.delivered, period);
      return {
        ...line(p),
        neededPerDay: needed.kind === 'per-day' ? needed.perDay : 0,
        perDay: deliveredPerDay(p.delivered, period) ?? 0,
      };
    });
  const overdue = active.filter((p) => pledgeStanding(p.target, p.delivered, period) === 'overdue').map(line);
  return {
    campaign: { id: campaign.id, name: campaign.name, startsOn: campaign.startsOn, endsOn: campaign.endsOn },
    week: digestWeek(today),
    categories: lines,
    atRisk,
    overdue,
    ...(input.awaitingVerification === undefined ? {} : { awaitingVerification: input.awaitingVerification }),
  };
}

export function digestText(facts: DigestFacts): ReminderText {
  const from = toVietnameseDate(facts.week.from);
  const to = toVietnameseDate(facts.week.to);
  const vi: string[] = [
    `Tổng hợp tuần ${from} – ${to}: “${facts.campaign.name}”`,
    '',
    'Bàn giao trong tuần và lũy kế:',
  ];
  const en: string[] = [
    `Week of ${from} – ${to}: “${facts.campaign.name}”`,
    '',
    'Handed over this week and to date:',
  ];
  if (facts.categories.length === 0) {
    vi.push('- chưa có đăng ký hay bàn giao nào');
    en.push('- no pledges or handovers yet');
  }
  for (const c of facts.categories) {
    const label = categories[c.category].label;
    vi.push(
      `- ${label.vi}: ${formatCount(c.thisWeek)} trong tuần, lũy kế ${formatCount(c.toDate)}/${formatCount(c.pledged)} ${unitOf(c.category, c.pledged, 'vi')} đăng ký`,
    );
    en.push(
      `- ${label.en}: ${formatCount(c.thisWeek)} this week, ${formatCount(c.toDate)} to date of ${formatCount(c.pledged)} pledged`,
    );
  }
  vi.push('', `Đăng ký có nguy cơ không hoàn thành: ${formatCount(facts.atRisk.length)}`);
  en.push('', `Pledges at risk: ${formatCount(facts.atRisk.length)}`);
  for (const p of facts.atRisk) {
    const label = categories[p.category].label;
    vi.push(
      `- ${p.organizationName}, ${label.vi.toLowerCase()}: ${formatCount(p.delivered)}/${formatCount(p.target)}; cần ${formatRate(p.neededPerDay, 'vi')}/ngày, nhịp độ đến nay ${formatRate(p.perDay, 'vi')}/ngày`,
    );
    en.push(
      `- ${p.organizationName}, ${label.en.toLowerCase()}: ${formatCount(p.delivered)} of ${formatCount(p.target)}; needs ${formatRate(p.neededPerDay, 'en')} a day, pace so far ${formatRate(p.perDay, 'en')} a day`,
    );
  }
  vi.push('', `Đăng ký quá hạn: ${formatCount(facts.overdue.length)}`);
  en.push('', `Overdue pledges: ${formatCount(facts.overdue.length)}`);
  for (const p of facts.overdue) {
    const label = categories[p.category].label;
    vi.push(
      `- ${p.organizationName}, ${label.vi.toLowerCase()}: ${formatCount(p.delivered)}/${formatCount(p.target)}`,
    );
    en.push(
      `- ${p.organizationName}, ${label.en.toLowerCase()}: ${formatCount(p.delivered)} of ${formatCount(p.target)}`,
    );
  }
  if (facts.awaitingVerification !== undefined) {
    vi.push('', `Bàn giao chờ xác minh: ${formatCount(facts.awaitingVerification)}`);
    en.push('', `Handovers awaiting verification: ${formatCount(facts.awaitingVerification)}`);
  }
  return {
    subject: asciiSubject(`Tong hop tuan / Weekly digest ${from}: ${facts.campaign.name}`),
    message: { vi: vi.join('\n'), en: en.join('\n') },
  };
}

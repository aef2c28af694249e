// What leadership reads when a pledge is exceeded: Vietnamese first, then English, no personal data.
import { categories } from './categories';
import { formatCount } from './report';

export interface ExceededPledgeFacts {
  organizationName: string;
  category: keyof typeof categories;
  target: number;
  delivered: number;
  surplus: number;
}

/** SNS subjects must be ASCII, under 100 characters: Vietnamese is written without its diacritics. */
export function exceededSubject(facts: ExceededPledgeFacts): string {
  return toAscii(`Vượt đăng ký / Pledge exceeded: ${facts.organizationName}`).slice(0, 99);
}

function toAscii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '');
}

export function exceededMessage(facts: ExceededPledgeFacts): { vi: string; en: string } {
  const info = categories[facts.category];
  const vi =
    `${facts.organizationName} đã ${info.verb.vi} ${formatCount(facts.delivered)} ${info.reportNoun.vi} ` +
    `(vượt ${formatCount(facts.surplus)} ${info.unit.vi} so với đăng ký ${formatCount(facts.target)}).`;
  const noun = facts.delivered === 1 ? info.reportNoun.enSingular : info.reportNoun.en;
  const unit = facts.surplus === 1 ? info.unit.enSingular : info.unit.en;
  const en =
    `${facts.organizationName} has ${info.verb.en} ${formatCount(facts.delivered)} ${noun} ` +
    `(${formatCount(facts.surplus)} ${unit} more than the ${formatCount(facts.target)} pledged).`;
  return { vi, en };
}

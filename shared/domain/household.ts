// Likely duplicates (#15): the normalized key of a household (name, ward, category) and the rule for a match. Pure.
import { createHash } from 'node:crypto';
import type { Category } from './categories';

/**
 * The name as people may type it for the same household: NFC (some systems send it decomposed), lower case,
 * spaces trimmed and collapsed, and the final `y` of a syllable made of one consonant (or `qu`) and that `y`
 * written `i` with the same tone (Lý/Lí, Kỳ/Kì, Mỹ/Mĩ, Quý/Quí): the variants the spelling rules of 1984
 * allow. Nowhere else: `uy`, `ay`, `ây` (Duy, Thủy, Tày) are other vowels, and a `y` starting a syllable
 * (Yến) has no `i` spelling. Decision 0014 gives the reasons.
 */
export function normalizedName(name: string): string {
  return name.normalize('NFC').toLowerCase().trim().split(/\s+/u).map(withIForFinalY).join(' ');
}

const yToI: Record<string, string> = { y: 'i', ý: 'í', ỳ: 'ì', ỷ: 'ỉ', ỹ: 'ĩ', ỵ: 'ị' };
const consonantThenY = /^(b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x|ch|gh|kh|ng|nh|ph|th|tr|qu)([yýỳỷỹỵ])$/u;

function withIForFinalY(syllable: string): string {
  const match = consonantThenY.exec(syllable);
  return match ? `${match[1]}${yToI[match[2] as string]}` : syllable;
}

/**
 * The key under which a household's handovers are found: a hash, so that the key (a table's partition key)
 * does not spell the name, and so that it fits whatever the name's length.
 */
export function householdKey(household: { name: string; ward: string; category: Category }): string {
  return createHash('sha256')
    .update(`${household.category}\n${household.ward.normalize('NFC')}\n${normalizedName(household.name)}`)
    .digest('hex')
    .slice(0, 40);
}

/** A recorded handover of the same household, as the lookup finds it. */
export interface HouseholdMatch {
  handoverId: string;
  campaignId: string;
  organizationId: string;
  handedOverOn: string;
}

/** How far back a household counts as already helped by the same organization, across its campaigns. */
export const duplicateLookbackYears = 5;

/**
 * The recorded handover that makes a new one a likely duplicate: the same household in the same campaign
 * (any organization), or by the same organization in any campaign within the last five years of the new
 * handover's date. `self` (the id the new handover will get) is left out, so a replay is not its own duplicate.
 */
export function likelyDuplicate(
  candidate: { campaignId: string; organizationId: string; handedOverOn: string; self: string },
  matches: readonly HouseholdMatch[],
): HouseholdMatch | undefined {
  const since = yearsBefore(candidate.handedOverOn, duplicateLookbackYears);
  const found = matches.filter(
    (m) =>
      m.handoverId !== candidate.self &&
      (m.campaignId === candidate.campaignId ||
        (m.organizationId === candidate.organizationId && m.handedOverOn >= since)),
  );
  // The earliest, so that every later copy names the same first one.
  return found.sort((a, b) => (a.handedOverOn + a.handoverId < b.handedOverOn + b.handoverId ? -1 : 1))[0];
}

/** `YYYY-MM-DD` `years` years before; 29 February goes to 28 February. */
function yearsBefore(date: string, years: number): string {
  const year = Number(date.slice(0, 4)) - years;
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

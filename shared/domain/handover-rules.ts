// What makes a handover acceptable for a campaign: a ward of the campaign, a date inside it and not ahead.
import type { ErrorDetail } from './errors';
import type { Campaign } from './model';

export interface HandoverFacts {
  organizationId: string;
  ward: string;
  handedOverOn: string;
  coFunders?: string[];
}

export function handoverProblems(
  campaign: Campaign,
  facts: HandoverFacts,
  knownOrganizations: ReadonlySet<string>,
  today: string,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!knownOrganizations.has(facts.organizationId)) {
    problems.push({ path: 'organizationId', message: `unknown organization ${facts.organizationId}` });
  }
  for (const [index, coFunder] of (facts.coFunders ?? []).entries()) {
    if (coFunder === facts.organizationId) {
      problems.push({ path: `coFunders.${index}`, message: 'is the recording organization itself' });
    } else if (!knownOrganizations.has(coFunder)) {
      problems.push({ path: `coFunders.${index}`, message: `unknown organization ${coFunder}` });
    }
  }
  if (!campaign.wards.includes(facts.ward)) {
    problems.push({ path: 'ward', message: `is not a ward of campaign ${campaign.id}` });
  }
  if (facts.handedOverOn < campaign.startsOn || facts.handedOverOn > campaign.endsOn) {
    problems.push({
      path: 'handedOverOn',
      message: `must be within the campaign, ${campaign.startsOn} to ${campaign.endsOn}`,
    });
  } else if (facts.handedOverOn > today) {
    problems.push({ path: 'handedOverOn', message: 'must not be in the future' });
  }
  return problems;
}

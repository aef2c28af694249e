// Mapping between domain records and stored items: keys and item type added, adapter fields removed.
import type { Campaign, Handover, Organization, Pledge } from '../domain/model';
import { keys } from '../tables';

type Item = Record<string, unknown>;

function strip<T>(item: Item): T {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
}

export const organizationItem = (o: Organization) => ({
  ...keys.organization(o.id),
  type: keys.types.organization,
  ...o,
});
export const campaignItem = (c: Campaign) => ({ ...keys.campaign(c.id), type: keys.types.campaign, ...c });
export const pledgeItem = (p: Pledge) => ({
  ...keys.pledge(p.campaignId, p.id),
  type: keys.types.pledge,
  ...p,
});
export const handoverItem = (h: Handover) => ({
  ...keys.handover(h.campaignId, h.id),
  type: keys.types.handover,
  ...h,
});

export const toOrganization = (item: Item) => strip<Organization>(item);
export const toCampaign = (item: Item) => strip<Campaign>(item);
export function toPledge(item: Item): Pledge {
  const { lastChange: _lastChange, ...pledge } = strip<Pledge & { lastChange?: unknown }>(item);
  return pledge;
}
export const toHandover = (item: Item) => strip<Handover>(item);

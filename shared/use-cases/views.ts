// What callers see of stored records: derived measures added, internal and personal fields removed.
import type { Campaign, Handover, Organization, Pledge } from '../domain/model';
import { campaignHasEnded, measure, pledgeStatus } from '../domain/progress';

export const organizationView = (o: Organization) => ({
  id: o.id,
  name: o.name,
  kind: o.kind,
  createdAt: o.createdAt,
});

export const campaignView = (c: Campaign) => ({
  id: c.id,
  name: c.name,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  wards: c.wards,
  createdAt: c.createdAt,
});

export function pledgeView(pledge: Pledge, campaign: Campaign, now: Date) {
  return {
    id: pledge.id,
    campaignId: pledge.campaignId,
    organizationId: pledge.organizationId,
    organizationName: pledge.organizationName,
    category: pledge.category,
    target: pledge.target,
    delivered: pledge.delivered,
    ...measure(pledge.target, pledge.delivered),
    status: pledgeStatus(pledge, campaignHasEnded(campaign.endsOn, now)),
    ...(pledge.note ? { note: pledge.note } : {}),
    createdAt: pledge.createdAt,
    updatedAt: pledge.updatedAt,
  };
}

/** Who recorded or voided is kept for audit, not shown; the beneficiary only when allowed. */
export function handoverView(h: Handover, options: { withPersonalData: boolean }) {
  return {
    id: h.id,
    campaignId: h.campaignId,
    organizationId: h.organizationId,
    category: h.category,
    ward: h.ward,
    handedOverOn: h.handedOverOn,
    ...(options.withPersonalData && h.beneficiary ? { beneficiary: h.beneficiary } : {}),
    ...(h.valueVnd !== undefined ? { valueVnd: h.valueVnd } : {}),
    ...(h.note ? { note: h.note } : {}),
    ...(h.funding ? { funding: h.funding } : {}),
    ...(h.coFunders?.length ? { coFunders: h.coFunders } : {}),
    ...(h.pledgeId ? { pledgeId: h.pledgeId } : {}),
    status: h.state,
    recordedAt: h.recordedAt,
    ...(h.voidedAt ? { voidedAt: h.voidedAt, voidReason: h.voidReason } : {}),
  };
}

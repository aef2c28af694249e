// What callers see of stored records: derived measures added, internal and personal fields removed.
import type { Campaign, Handover, Organization, Pledge } from '../domain/model';
import { campaignHasEnded, toPledgeProgress } from '../domain/progress';

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

/** A pledge as progress shows it, with the details a pledge list adds. */
export function pledgeView(pledge: Pledge, campaign: Campaign, now: Date) {
  return {
    ...toPledgeProgress(pledge, campaignHasEnded(campaign.endsOn, now)),
    campaignId: pledge.campaignId,
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
    ...(h.duplicateConfirmation ? { duplicateConfirmation: h.duplicateConfirmation } : {}),
    status: h.state,
    recordedAt: h.recordedAt,
    ...(h.voidedAt ? { voidedAt: h.voidedAt, voidReason: h.voidReason } : {}),
    ...(h.beneficiaryErasedAt ? { beneficiaryErasedAt: h.beneficiaryErasedAt } : {}),
  };
}

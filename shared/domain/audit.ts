// The audit trail's entries: who changed what, when and why, built from the change itself. Pure.
import { randomUUID } from 'node:crypto';
import type { Campaign, Handover, Pledge } from './model';
import type { Role } from './roles';

export const auditActions = [
  'campaign.created',
  'campaign.closed',
  'campaign.updated',
  'pledge.registered',
  'pledge.revised',
  'pledge.withdrawn',
  'handover.recorded',
  'handover.voided',
  'handover.verified',
  'handover.unverified',
  'beneficiary.erased',
] as const;
export type AuditAction = (typeof auditActions)[number];

export interface AuditActor {
  /** The token's subject: the signed-in user's id, not a name. */
  sub: string;
  roles: Role[];
  organizationId?: string;
}

export type AuditValue = string | number | boolean | string[];

/** One field of what changed: `from` absent for a creation, `to` absent for a removal. */
export interface AuditChange {
  field: string;
  from?: AuditValue;
  to?: AuditValue;
}

/**
 * Never holds personal data: a beneficiary appears only as the fact that one was recorded or
 * erased, so erasing a beneficiary leaves nothing behind in the trail.
 */
export interface AuditEntry {
  id: string;
  campaignId: string;
  at: string;
  actor: AuditActor;
  action: AuditAction;
  subject: { type: 'campaign' | 'pledge' | 'handover'; id: string };
  changes: AuditChange[];
  reason?: string;
}

const personalDataMarker = 'recorded';

function entry(fields: Omit<AuditEntry, 'id'>): AuditEntry {
  return { id: randomUUID().replaceAll('-', ''), ...fields };
}

/** Fields of a new record, in a fixed order, skipping those it does not have. */
function created(values: Record<string, AuditValue | undefined>): AuditChange[] {
  return Object.entries(values)
    .filter((pair): pair is [string, AuditValue] => pair[1] !== undefined)
    .map(([field, to]) => ({ field, to }));
}

export function campaignCreated(campaign: Campaign, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: campaign.id,
    at: campaign.createdAt,
    actor,
    action: 'campaign.created',
    subject: { type: 'campaign', id: campaign.id },
    changes: created({
      name: campaign.name,
      startsOn: campaign.startsOn,
      endsOn: campaign.endsOn,
      wards: campaign.wards,
    }),
  });
}

export function campaignClosed(campaign: Campaign, at: string, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: campaign.id,
    at,
    actor,
    action: 'campaign.closed',
    subject: { type: 'campaign', id: campaign.id },
    changes: [{ field: 'status', from: 'open', to: 'closed' }],
  });
}

/** Only the fields that changed, each from its old value to its new one. */
export function campaignUpdated(
  before: Campaign,
  after: Campaign,
  change: { at: string; reason?: string },
  actor: AuditActor,
): AuditEntry {
  const fields = ['name', 'startsOn', 'endsOn', 'wards'] as const;
  return entry({
    campaignId: before.id,
    at: change.at,
    actor,
    action: 'campaign.updated',
    subject: { type: 'campaign', id: before.id },
    changes: fields
      .filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      .map((field) => ({ field, from: before[field], to: after[field] })),
    ...(change.reason ? { reason: change.reason } : {}),
  });
}

export function pledgeRegistered(pledge: Pledge, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: pledge.campaignId,
    at: pledge.createdAt,
    actor,
    action: 'pledge.registered',
    subject: { type: 'pledge', id: pledge.id },
    changes: created({
      organizationId: pledge.organizationId,
      category: pledge.category,
      target: pledge.target,
      note: pledge.note,
    }),
  });
}

export function pledgeRevised(
  before: Pledge,
  change: { target: number; reason: string; at: string },
  actor: AuditActor,
): AuditEntry {
  return entry({
    campaignId: before.campaignId,
    at: change.at,
    actor,
    action: 'pledge.revised',
    subject: { type: 'pledge', id: before.id },
    changes: [{ field: 'target', from: before.target, to: change.target }],
    reason: change.reason,
  });
}

export function pledgeWithdrawn(
  before: Pledge,
  change: { reason: string; at: string },
  actor: AuditActor,
): AuditEntry {
  return entry({
    campaignId: before.campaignId,
    at: change.at,
    actor,
    action: 'pledge.withdrawn',
    subject: { type: 'pledge', id: before.id },
    changes: [{ field: 'status', from: before.state, to: 'withdrawn' }],
    reason: change.reason,
  });
}

export function handoverRecorded(handover: Handover, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: handover.campaignId,
    at: handover.recordedAt,
    actor,
    action: 'handover.recorded',
    subject: { type: 'handover', id: handover.id },
    changes: created({
      organizationId: handover.organizationId,
      category: handover.category,
      ward: handover.ward,
      handedOverOn: handover.handedOverOn,
      pledgeId: handover.pledgeId,
      valueVnd: handover.valueVnd,
      coFunders: handover.coFunders?.length ? handover.coFunders : undefined,
      beneficiary: handover.beneficiary ? personalDataMarker : undefined,
    }),
    // Recorded on purpose although the same household was recorded before (#15): why.
    ...(handover.duplicateConfirmation ? { reason: handover.duplicateConfirmation.reason } : {}),
  });
}

export function handoverVoided(
  handover: Handover,
  change: { reason: string; at: string },
  actor: AuditActor,
): AuditEntry {
  return entry({
    campaignId: handover.campaignId,
    at: change.at,
    actor,
    action: 'handover.voided',
    subject: { type: 'handover', id: handover.id },
    changes: [{ field: 'status', from: 'recorded', to: 'voided' }],
    reason: change.reason,
  });
}

/** The recorder's id is in the handover's own `handover.recorded` entry; the verifier's is this entry's actor. */
export function handoverVerified(handover: Handover, at: string, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: handover.campaignId,
    at,
    actor,
    action: 'handover.verified',
    subject: { type: 'handover', id: handover.id },
    changes: [{ field: 'verification', from: 'unverified', to: 'verified' }],
  });
}

export function handoverUnverified(
  handover: Handover,
  change: { reason: string; at: string },
  actor: AuditActor,
): AuditEntry {
  return entry({
    campaignId: handover.campaignId,
    at: change.at,
    actor,
    action: 'handover.unverified',
    subject: { type: 'handover', id: handover.id },
    changes: [{ field: 'verification', from: 'verified', to: 'unverified' }],
    reason: change.reason,
  });
}

export function beneficiaryErased(handover: Handover, at: string, actor: AuditActor): AuditEntry {
  return entry({
    campaignId: handover.campaignId,
    at,
    actor,
    action: 'beneficiary.erased',
    subject: { type: 'handover', id: handover.id },
    changes: [{ field: 'beneficiary', from: personalDataMarker, to: 'erased' }],
  });
}

/** User administration is not per campaign: its entries form a trail of their own (keys.staffAuditEntry). */
export const staffAuditActions = ['user.invited', 'user.disabled'] as const;

/** Organizations are not per campaign either: their renames form a trail of their own (keys.organizationAuditEntry). */
export interface OrganizationAuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action: 'organization.renamed';
  subject: { type: 'organization'; id: string };
  changes: AuditChange[];
}

export function organizationRenamed(
  before: { id: string; name: string },
  name: string,
  at: string,
  actor: AuditActor,
): OrganizationAuditEntry {
  return {
    id: randomUUID().replaceAll('-', ''),
    at,
    actor,
    action: 'organization.renamed',
    subject: { type: 'organization', id: before.id },
    changes: [{ field: 'name', from: before.name, to: name }],
  };
}
export type StaffAuditAction = (typeof staffAuditActions)[number];

/**
 * Who invited or disabled whom, with which role. The subject is the account's `sub` (Cognito's id), never
 * its e-mail or name: the trail cannot be erased, so it holds no personal data of the invitee.
 */
export interface StaffAuditEntry {
  id: string;
  at: string;
  actor: AuditActor;
  action: StaffAuditAction;
  subject: { type: 'user'; id: string };
  changes: AuditChange[];
}

export function staffInvited(
  invited: { sub: string; role: Role; organizationId?: string },
  at: string,
  actor: AuditActor,
): StaffAuditEntry {
  return {
    id: randomUUID().replaceAll('-', ''),
    at,
    actor,
    action: 'user.invited',
    subject: { type: 'user', id: invited.sub },
    changes: created({ role: invited.role, organizationId: invited.organizationId }),
  };
}

export function staffDisabled(sub: string, at: string, actor: AuditActor): StaffAuditEntry {
  return {
    id: randomUUID().replaceAll('-', ''),
    at,
    actor,
    action: 'user.disabled',
    subject: { type: 'user', id: sub },
    changes: [{ field: 'enabled', from: true, to: false }],
  };
}

// The records the system keeps, as plain types shared by use cases and adapters.
import type { Category } from './categories';
import type { OrganizationKind } from './roles';

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  createdAt: string;
}

export interface Campaign {
  id: string;
  name: string;
  /** ISO dates (YYYY-MM-DD), inclusive. */
  startsOn: string;
  endsOn: string;
  wards: string[];
  createdAt: string;
}

export type CampaignSummary = Pick<Campaign, 'id' | 'name' | 'startsOn' | 'endsOn'>;

export type PledgeState = 'active' | 'withdrawn';

export interface Pledge {
  id: string;
  campaignId: string;
  organizationId: string;
  organizationName: string;
  category: Category;
  target: number;
  /** Handovers credited to this pledge, kept by atomic counter updates. */
  delivered: number;
  state: PledgeState;
  note?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Beneficiary {
  name: string;
  address?: string;
}

export interface Funding {
  cashVnd?: { source: string; amount: number }[];
  materialsVnd?: number;
  laborDays?: number;
}

export type HandoverState = 'recorded' | 'voided';

export interface Handover {
  id: string;
  campaignId: string;
  organizationId: string;
  category: Category;
  ward: string;
  handedOverOn: string;
  beneficiary?: Beneficiary;
  valueVnd?: number;
  note?: string;
  funding?: Funding;
  coFunders?: string[];
  /** The pledge this handover credited, if one was active when it was recorded. */
  pledgeId?: string;
  state: HandoverState;
  recordedAt: string;
  recordedBy: string;
  voidedAt?: string;
  voidedBy?: string;
  voidReason?: string;
  /** Recorded although the same household was found recorded before (#15), and why. */
  duplicateConfirmation?: { reason: string };
  /** The household key (shared/domain/household.ts) it is found under; removed with the beneficiary. */
  household?: string;
  /** Set when the beneficiary's personal data was erased; the handover still counts. */
  beneficiaryErasedAt?: string;
  /**
   * Hash of the request that created it: a replay with another body is refused. Removed with the
   * beneficiary (it hashes their name), after which a replay of that key is refused too.
   */
  requestFingerprint?: string;
}

/** Everything progress needs, read in one Query of the campaign's partition. */
export interface CampaignSnapshot {
  campaign: Campaign;
  pledges: Pledge[];
  categoryTotals: { category: Category; delivered: number }[];
  wardTotals: { ward: string; category: Category; delivered: number }[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type NotificationStatus = 'pending' | 'sent';

/** One per exceeded pledge crossing; its key makes the notifier idempotent. */
export interface Notification {
  campaignId: string;
  /** The crossing's event id (derived from the ledger stream record), not EventBridge's envelope id. */
  eventId: string;
  eventType: 'Pledge Exceeded';
  pledgeId: string;
  organizationId: string;
  organizationName: string;
  category: Category;
  target: number;
  delivered: number;
  surplus: number;
  occurredAt: string;
  subject: string;
  message: { vi: string; en: string };
  status: NotificationStatus;
  createdAt: string;
  /** While pending, the delivery that claimed it has it until then; a later delivery may take it over. */
  claimedUntil: string;
  sentAt?: string;
}

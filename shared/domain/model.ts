// The records the system keeps, as plain types shared by use cases and adapters.
import type { Category } from './categories';
import type { CashSourceCounter, MoneyCounter } from './money';
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
  /** Set once, when an admin closes the campaign: from then on its figures are final. */
  closedAt?: string;
  closedBy?: string;
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
  /** Of those, the ones verified (and not voided); absent on pledges stored before verification: 0. */
  verified?: number;
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
  /** Set while the handover is verified by a second front-committee member; removed by unverify. */
  verifiedAt?: string;
  verifiedBy?: string;
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
  /** `verified` absent counts as 0 (totals stored before verification existed). */
  categoryTotals: { category: Category; delivered: number; verified?: number }[];
  wardTotals: { ward: string; category: Category; delivered: number; verified?: number }[];
  /** The money counters (#15); absent where a test or an old caller builds a snapshot without them: none. */
  money?: { counters: MoneyCounter[]; sources: CashSourceCounter[] };
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export type NotificationStatus = 'pending' | 'sent';

/** One per exceeded pledge crossing; its key makes the notifier idempotent. */
export interface ExceededNotification {
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

/**
 * One per campaign and week (#15): the weekly digest, in the same feed; its event id (`digest-<campaign>-<day>`)
 * makes a retried or replayed run publish nothing new.
 */
export interface DigestNotification {
  campaignId: string;
  eventId: string;
  eventType: 'Weekly Digest';
  /** The run's scheduled time. */
  occurredAt: string;
  subject: string;
  message: { vi: string; en: string };
  status: NotificationStatus;
  createdAt: string;
  claimedUntil: string;
  sentAt?: string;
}

export type Notification = ExceededNotification | DigestNotification;

export type ReminderStatus = 'pending' | 'sent';

/** A reminder to an organization (#15), one per pledge and milestone: its key is the idempotency. */
export interface Reminder {
  organizationId: string;
  campaignId: string;
  campaignName: string;
  pledgeId: string;
  organizationName: string;
  category: Category;
  milestone: 'at-risk' | 'ends-in-30-days' | 'ends-in-7-days';
  target: number;
  delivered: number;
  daysLeft: number;
  /** The Vietnam day of the check that sent it. */
  dueOn: string;
  subject: string;
  message: { vi: string; en: string };
  status: ReminderStatus;
  createdAt: string;
  claimedUntil: string;
  sentAt?: string;
}

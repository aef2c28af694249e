// What the use cases need from the outside world; adapters implement these, tests swap them.
import type { AuditEntry, OrganizationAuditEntry, StaffAuditEntry } from './domain/audit';
import type { Category } from './domain/categories';
import type { HouseholdMatch } from './domain/household';
import type {
  Campaign,
  CampaignSnapshot,
  CampaignSummary,
  ExceededNotification,
  Handover,
  HandoverState,
  Notification,
  Organization,
  Page,
  Pledge,
  Reminder,
} from './domain/model';
import type { OfficialReport } from './domain/official-report';
import type { ReportTable } from './domain/report-tables';
import type { Role } from './domain/roles';

export interface Clock {
  now(): Date;
}

/** Why, by whom and when a pledge is changed. */
export interface PledgeChange {
  reason: string;
  by: string;
  at: string;
}

/** A write made on condition that the pledge is still as read. */
export type PledgeWrite =
  | { written: true }
  /** Not written: the pledge changed, was withdrawn or is gone; `current` is how it is stored now. */
  | { written: false; current: Pledge | undefined };

export interface HandoverContext {
  campaign?: Campaign;
  /** The organizations asked for that exist, by id. */
  organizations: Map<string, Organization>;
  /** The active pledge of (organization, category), if any. */
  activePledgeId?: string;
}

export interface LedgerRepository {
  /** Throws ConflictError when the id is taken. */
  createOrganization(organization: Organization): Promise<void>;
  listOrganizations(cursor: string | undefined, limit: number): Promise<Page<Organization>>;
  getOrganization(id: string): Promise<Organization | undefined>;
  /** Throws ConflictError when the id is taken. */
  createCampaign(campaign: Campaign, audit: AuditEntry): Promise<void>;
  /** One transaction: the campaign (on condition it is still `before`), its list entry and the audit entry. */
  updateCampaign(before: Campaign, after: Campaign, audit: AuditEntry): Promise<void>;
  /** One transaction: the new name (the organization must exist) and the audit entry. */
  renameOrganization(id: string, name: string, audit: OrganizationAuditEntry): Promise<Organization>;
  getCampaign(id: string): Promise<Campaign | undefined>;
  /**
   * Marks the campaign closed, with its audit entry, in one transaction. Idempotent: a campaign closed
   * already is returned as it is stored, and no entry is added.
   */
  closeCampaign(campaign: Campaign, change: { by: string; at: string }, audit: AuditEntry): Promise<Campaign>;
  listCampaigns(cursor: string | undefined, limit: number): Promise<Page<CampaignSummary>>;
  /**
   * Throws ConflictError when the organization already has an active pledge in that category, or, given
   * `maxWithdrawn`, when it has withdrawn that many pledges of the category in the campaign already.
   */
  registerPledge(pledge: Pledge, audit: AuditEntry, limits?: { maxWithdrawn?: number }): Promise<void>;
  /** The pledge as stored now (a consistent read), for a change to be judged against. */
  getPledge(campaignId: string, pledgeId: string): Promise<Pledge | undefined>;
  /**
   * Writes the change and its audit entry in one transaction, on condition the pledge is still active
   * and unchanged since `before` was read, so that the entry's "from" is true.
   */
  revisePledgeTarget(
    before: Pledge,
    change: PledgeChange & { target: number },
    audit: AuditEntry,
  ): Promise<PledgeWrite>;
  /** As revisePledgeTarget; the pledge's active guard goes with it, so a new one may be registered. */
  withdrawPledge(before: Pledge, change: PledgeChange, audit: AuditEntry): Promise<PledgeWrite>;
  listPledges(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<Pledge>>;
  /**
   * One round trip for everything recording a handover must check first; may answer from a cache
   * unless `fresh` (after the recording transaction found the active pledge changed).
   */
  loadHandoverContext(
    campaignId: string,
    organizationIds: string[],
    credit: { organizationId: string; category: Category },
    options?: { fresh?: boolean },
  ): Promise<HandoverContext>;
  /** The campaign's partition in one Query (paginated by DynamoDB only past 1 MB). */
  loadSnapshot(campaignId: string): Promise<CampaignSnapshot | undefined>;
}

export type RecordOutcome = { handover: Handover; replayed: boolean };

export interface HandoverFilter {
  ward?: string;
  organizationId?: string;
  category?: Category;
  /** Inclusive ISO dates of `handedOverOn`. */
  from?: string;
  to?: string;
  state?: HandoverState;
}

export interface HandoverRepository {
  /**
   * One transaction: the handover (conditional on its id being new) and the counters. Throws
   * StaleCreditError when the pledge to credit changed meanwhile, IdempotencyKeyReusedError when the id
   * exists with another request fingerprint; returns the stored handover as a replay otherwise.
   */
  record(handover: Handover, audit: AuditEntry): Promise<RecordOutcome>;
  get(campaignId: string, handoverId: string): Promise<Handover | undefined>;
  /** Every recorded (not voided, not erased) handover of the household, in any campaign: one Query. */
  householdMatches(household: string): Promise<HouseholdMatch[]>;
  /**
   * One transaction: marks the handover voided and takes it back out of every counter (the verified ones
   * too, if it is verified). Idempotent. Throws CampaignClosedError.
   */
  void(
    handover: Handover,
    change: { reason: string; by: string; at: string },
    audit: AuditEntry,
  ): Promise<Handover>;
  /**
   * One transaction: marks the handover verified and adds one to the verified counters of its pledge,
   * category and ward, on condition it is recorded (not voided), not verified yet and recorded by someone
   * else. Verified already: returns it as stored (a no-op). Throws HandoverVoidedError, FourEyesError,
   * CampaignClosedError.
   */
  verify(handover: Handover, change: { by: string; at: string }, audit: AuditEntry): Promise<Handover>;
  /** The reverse of verify; a handover that is not verified is returned as stored (a no-op). */
  unverify(
    handover: Handover,
    change: { reason: string; by: string; at: string },
    audit: AuditEntry,
  ): Promise<Handover>;
  /**
   * One transaction: removes the beneficiary (and the request fingerprint, a hash of it) from the
   * handover, and adds `audit`. False when there was nothing to erase (none recorded, or already erased).
   */
  eraseBeneficiary(handover: Handover, audit: AuditEntry): Promise<boolean>;
  /** The earliest and latest `handedOverOn` of the campaign's handovers that count (not voided). */
  countedDateRange(campaignId: string): Promise<{ first: string; last: string } | undefined>;
  list(
    campaignId: string,
    filter: HandoverFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Handover>>;
}

export interface AuditTrail {
  /** A campaign's entries, newest first. */
  list(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<AuditEntry>>;
  /** User administration's entries (who invited or disabled whom), newest first. */
  listStaffEntries(cursor: string | undefined, limit: number): Promise<Page<StaffAuditEntry>>;
  /** Organization renames, newest first. */
  listOrganizationEntries(cursor: string | undefined, limit: number): Promise<Page<OrganizationAuditEntry>>;
  /**
   * Adds an entry to user administration's trail, on condition it is new. Alone, not in a transaction: the
   * change it records happened in Cognito, which takes part in no DynamoDB transaction.
   */
  appendStaffEntry(entry: StaffAuditEntry): Promise<void>;
}

export interface StaffInvitation {
  /** Cognito's sign-in name: the e-mail in AWS, where the pool signs in by e-mail. */
  email: string;
  role: Role;
  organizationId?: string;
  name?: string;
}

export interface InvitedStaff {
  /** Cognito's `sub`: the account's id, which the API and the audit trail use. */
  id: string;
  username: string;
  /** Only where invitations are not e-mailed (locally): the password to hand over. */
  temporaryPassword?: string;
}

export interface StaffMember {
  id: string;
  username: string;
  email?: string;
  name?: string;
  roles: Role[];
  organizationId?: string;
  enabled: boolean;
  status: string;
}

/** Whether an account signs in with TOTP: read by the pre-token-generation trigger (decision 0013). */
export interface SecondFactorLookup {
  hasTotp(userPoolId: string, username: string): Promise<boolean>;
}

/** Staff accounts in the identity provider (Cognito, or cognito-local locally). */
export interface StaffDirectory {
  /** Creates the account in its role's group. Throws ConflictError when the e-mail has an account. */
  invite(invitation: StaffInvitation): Promise<InvitedStaff>;
  list(): Promise<StaffMember[]>;
  find(id: string): Promise<StaffMember | undefined>;
  /** The account can no longer sign in, and its refresh tokens stop working. */
  disable(member: StaffMember): Promise<void>;
}

export type NotificationClaim =
  | { state: 'claimed' }
  | { state: 'sent' }
  /** Stored before and not yet sent: claimed by another delivery until `claimedUntil`. */
  | { state: 'pending'; claimedUntil: string };

export interface NotificationRepository {
  /**
   * Counts the crossing on its pledge's day (Vietnam date) and says whether it is that day's first (or a
   * redelivery of it): only the first is notified, so toggling a target cannot flood leadership.
   */
  reserveDay(notification: ExceededNotification, day: string): Promise<boolean>;
  /** Conditionally stores the notification, keyed by its crossing; otherwise says what is stored. */
  claim(notification: Notification): Promise<NotificationClaim>;
  /** Takes over a pending claim whose time ran out; false if another delivery took it first. */
  takeOver(notification: Notification, previousClaimedUntil: string): Promise<boolean>;
  /** Gives a pending claim back at once (its publish failed), so the retry need not wait it out. */
  release(notification: Notification): Promise<void>;
  markSent(notification: Notification, at: string): Promise<void>;
  list(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<Notification>>;
}

export interface LeadershipChannel {
  publish(message: {
    subject: string;
    body: string;
    /** String attributes subscribers can filter on (and `eventId`, to drop a duplicate themselves). */
    attributes: Record<string, string>;
  }): Promise<void>;
}

export interface EventPublisher {
  /** Publishes in order; returns the indexes of the entries that still failed after retries. */
  publish(events: { detailType: string; detail: Record<string, unknown> }[]): Promise<number[]>;
}

/** Writes the report's tables as a spreadsheet file (the .xlsx workbook), one sheet per table. */
export interface WorkbookWriter {
  write(
    tables: Pick<ReportTable, 'title' | 'columns' | 'rows'>[],
    properties: { title: string; created: Date },
  ): Promise<Uint8Array>;
}

/** Writes the official year-end report (Decree 30/2020/NĐ-CP layout) as a word-processing file (.docx). */
export interface OfficialDocumentWriter {
  write(report: OfficialReport): Promise<Uint8Array>;
}

export type ReminderClaim = 'claimed' | 'sent' | 'in-flight';

/** Reminders to organizations (#15), kept per organization; one per pledge and milestone, ever. */
export interface ReminderRepository {
  /**
   * Stores the reminder as pending on condition that none is stored for its pledge and milestone, or that a
   * pending one's claim ran out (its sender died before publishing): 'claimed' means this caller sends it.
   */
  claim(reminder: Reminder, now: string): Promise<ReminderClaim>;
  /** Gives the claim back at once (its publish failed), so the next check may send it. */
  release(reminder: Reminder): Promise<void>;
  markSent(reminder: Reminder, at: string): Promise<void>;
  /** An organization's reminders, by campaign, pledge and milestone. */
  listForOrganization(
    organizationId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Reminder>>;
}

/** The organizations' topic: every message carries `organizationId`, which subscriptions filter on. */
export interface OrganizationChannel {
  publish(message: {
    subject: string;
    body: string;
    attributes: Record<string, string> & { organizationId: string };
  }): Promise<void>;
}

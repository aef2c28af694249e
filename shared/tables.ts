// The tables and their keys, declared once: the CDK stack, the local runtime and the adapters read this.
export interface TableDeclaration {
  /** CDK construct id. */
  id: string;
  /** Name used by the local runtime (DynamoDB Local wants 3+ characters). */
  localName: string;
  /** Environment variable through which handlers learn the table's name. */
  envVar: string;
  partitionKey: { name: string; type: 'S' };
  sortKey: { name: string; type: 'S' };
  stream?: 'NEW_AND_OLD_IMAGES';
  /** Holds beneficiaries' personal data: gets its own KMS key and is never granted to public readers. */
  personalData: boolean;
}

/** Campaigns, organizations, pledges and their counters, totals. Its stream drives exceed detection. */
export const ledgerTable = {
  id: 'Ledger',
  localName: 'pledge-tracker-ledger',
  envVar: 'LEDGER_TABLE_NAME',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  stream: 'NEW_AND_OLD_IMAGES',
  personalData: false,
} as const satisfies TableDeclaration;

/** One item per handover, with the beneficiary's personal data. */
export const handoversTable = {
  id: 'Handovers',
  localName: 'pledge-tracker-handovers',
  envVar: 'HANDOVERS_TABLE_NAME',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  personalData: true,
} as const satisfies TableDeclaration;

/**
 * The audit trail: one entry per change, written in the change's own transaction and never edited.
 * A table of its own so that only the functions that change data (to append) and the audit route (to
 * read) are granted it: public readers of the ledger never see who did what.
 */
export const auditTable = {
  id: 'Audit',
  localName: 'pledge-tracker-audit',
  envVar: 'AUDIT_TABLE_NAME',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  personalData: false,
} as const satisfies TableDeclaration;

export const tables: readonly TableDeclaration[] = [ledgerTable, handoversTable, auditTable];

const campaignPrefix = 'CAMPAIGN#';
const campaignPartition = (campaignId: string) => `${campaignPrefix}${campaignId}`;

/**
 * Item keys. Everything about one campaign shares the partition `CAMPAIGN#<id>` in the ledger, so
 * progress is one Query whose size depends on pledges, wards and categories, never on handovers.
 */
export const keys = {
  organization: (organizationId: string) => ({ pk: 'ORGANIZATIONS', sk: `ORG#${organizationId}` }),
  organizationsPartition: 'ORGANIZATIONS',
  organizationPrefix: 'ORG#',
  campaignPartition,
  /** The campaign id of a key in a campaign's partition (as a stream image carries it); undefined otherwise. */
  campaignIdOf: (pk: unknown): string | undefined =>
    typeof pk === 'string' && pk.startsWith(campaignPrefix) && pk.length > campaignPrefix.length
      ? pk.slice(campaignPrefix.length)
      : undefined,
  campaign: (campaignId: string) => ({ pk: campaignPartition(campaignId), sk: 'CAMPAIGN' }),
  /** The campaign directory: one small entry per campaign in one partition, so listing needs no Scan. */
  campaignsPartition: 'CAMPAIGNS',
  campaignEntry: (campaignId: string) => ({ pk: 'CAMPAIGNS', sk: campaignPartition(campaignId) }),
  campaignEntryPrefix: campaignPrefix,
  pledge: (campaignId: string, pledgeId: string) => ({
    pk: campaignPartition(campaignId),
    sk: `PLEDGE#${pledgeId}`,
  }),
  pledgePrefix: 'PLEDGE#',
  /** Exists while a pledge for (organization, category) is active: the guard for "one active pledge". */
  activePledge: (campaignId: string, organizationId: string, category: string) => ({
    pk: campaignPartition(campaignId),
    sk: `ACTIVE#${organizationId}#${category}`,
  }),
  /** How many pledges of (organization, category) were withdrawn: what caps register-and-withdraw cycles. */
  withdrawnPledges: (campaignId: string, organizationId: string, category: string) => ({
    pk: campaignPartition(campaignId),
    sk: `WITHDRAWN#${organizationId}#${category}`,
  }),
  categoryTotal: (campaignId: string, category: string) => ({
    pk: campaignPartition(campaignId),
    sk: `TOTAL#${category}`,
  }),
  wardTotal: (campaignId: string, ward: string, category: string) => ({
    pk: campaignPartition(campaignId),
    sk: `WARD#${ward}#${category}`,
  }),
  /** Money per category and organization (#15): value and funding split, recorded and verified. */
  moneyTotal: (campaignId: string, category: string, organizationId: string) => ({
    pk: campaignPartition(campaignId),
    sk: `MONEY#${category}#${organizationId}`,
  }),
  /** Cash per source (#15), under the source's folded name (shared/domain/money.ts cashSourceKey). */
  cashSource: (campaignId: string, sourceKey: string) => ({
    pk: campaignPartition(campaignId),
    sk: `CASH#${sourceKey}`,
  }),
  handover: (campaignId: string, handoverId: string) => ({
    pk: campaignPartition(campaignId),
    sk: `HANDOVER#${handoverId}`,
  }),
  handoverPrefix: 'HANDOVER#',
  /**
   * In the handovers table: one per recorded handover of a beneficiary, under the household's key (a hash of
   * normalized name, ward and category, shared/domain/household.ts), written in the handover's transaction
   * and deleted when it is voided or its beneficiary erased. One Query finds every handover of a household.
   */
  householdPartition: (household: string) => `HOUSEHOLD#${household}`,
  householdEntry: (household: string, handoverId: string) => ({
    pk: `HOUSEHOLD#${household}`,
    sk: handoverId,
  }),
  notificationsPartition: (campaignId: string) => `NOTIFICATIONS#${campaignId}`,
  /**
   * One per pledge and Vietnam day on which it was exceeded: the first crossing's event id, and every
   * crossing of that day. Apart from the feed's partition, so listing the feed never reads them.
   */
  notificationDay: (campaignId: string, pledgeId: string, day: string) => ({
    pk: `NOTIFICATION-DAYS#${campaignId}`,
    sk: `${pledgeId}#${day}`,
  }),
  /** Sorted by when the crossing happened, so the feed reads newest first with one Query. */
  notification: (campaignId: string, occurredAt: string, eventId: string) => ({
    pk: `NOTIFICATIONS#${campaignId}`,
    sk: `${occurredAt}#${eventId}`,
  }),
  /**
   * An organization's reminders (#15): one item per pledge and milestone, so a conditional put is the
   * "once", and one Query lists them for the organization.
   */
  reminder: (organizationId: string, campaignId: string, pledgeId: string, milestone: string) => ({
    pk: `REMINDERS#${organizationId}`,
    sk: `${campaignId}#${pledgeId}#${milestone}`,
  }),
  remindersPartition: (organizationId: string) => `REMINDERS#${organizationId}`,
  auditPartition: (campaignId: string) => `AUDIT#${campaignId}`,
  /** Sorted by time, so a campaign's trail reads newest first with one Query. */
  auditEntry: (campaignId: string, at: string, entryId: string) => ({
    pk: `AUDIT#${campaignId}`,
    sk: `${at}#${entryId}`,
  }),
  /**
   * User administration's trail. `_` is not allowed in a campaign id (a slug), so no campaign's trail can
   * share this partition, whatever the campaign is called.
   */
  staffAuditPartition: 'AUDIT#_users',
  staffAuditEntry: (at: string, entryId: string) => ({ pk: 'AUDIT#_users', sk: `${at}#${entryId}` }),
  /** Organization renames: not per campaign, so a trail of their own, apart from every campaign's as above. */
  organizationAuditPartition: 'AUDIT#_organizations',
  organizationAuditEntry: (at: string, entryId: string) => ({
    pk: 'AUDIT#_organizations',
    sk: `${at}#${entryId}`,
  }),
  /** Item types, stored as `type` on every ledger item so stream consumers can tell them apart. */
  types: {
    organization: 'organization',
    campaign: 'campaign',
    campaignEntry: 'campaign-entry',
    pledge: 'pledge',
    activePledge: 'active-pledge',
    withdrawnPledges: 'withdrawn-pledges',
    categoryTotal: 'category-total',
    wardTotal: 'ward-total',
    moneyTotal: 'money-total',
    cashSource: 'cash-source',
    handover: 'handover',
    householdEntry: 'household-entry',
    notification: 'notification',
    notificationDay: 'notification-day',
    reminder: 'reminder',
    auditEntry: 'audit-entry',
  },
} as const;

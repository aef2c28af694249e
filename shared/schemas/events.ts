// Event details as zod schemas: the stream processor builds them, the notifier parses them, docs/events.md shows them.

import { CategoryCode, Slug } from './api';
import * as z from './zod';

const Base = {
  version: z.literal(1),
  /** Derived from the stream record, so a redelivered record yields the same id. */
  eventId: z.string().check(z.regex(/^[a-f0-9]{32}$/)),
  campaignId: Slug,
  occurredAt: z.string().check(z.describe('ISO 8601 date-time of the change in the ledger')),
};

/** Pledge Fulfilled and Pledge Exceeded. */
export const PledgeCrossingDetail = z.strictObject({
  ...Base,
  pledgeId: z.string(),
  organizationId: Slug,
  organizationName: z.string(),
  category: CategoryCode,
  target: z.int(),
  delivered: z.int(),
  surplus: z.int(),
});
export type PledgeCrossingDetail = z.infer<typeof PledgeCrossingDetail>;

/** Pledge Registered and Pledge Revised (a new target, or a withdrawal). */
export const PledgeChangeDetail = z.strictObject({
  ...Base,
  pledgeId: z.string(),
  organizationId: Slug,
  category: CategoryCode,
  target: z.int(),
  delivered: z.int(),
  state: z.enum(['active', 'withdrawn']),
});
export type PledgeChangeDetail = z.infer<typeof PledgeChangeDetail>;

/** Handover Recorded and Handover Voided: ids and the category's new total, never the beneficiary. */
export const HandoverChangeDetail = z.strictObject({
  ...Base,
  handoverId: z.string(),
  organizationId: Slug,
  category: CategoryCode,
  ward: z.string(),
  categoryDelivered: z.int(),
});
export type HandoverChangeDetail = z.infer<typeof HandoverChangeDetail>;

/** Handover Verified and Handover Unverified: as a change, with the category's new verified total. */
export const HandoverVerificationDetail = z.strictObject({
  ...Base,
  handoverId: z.string(),
  organizationId: Slug,
  category: CategoryCode,
  ward: z.string(),
  categoryDelivered: z.int(),
  categoryVerified: z.int(),
});
export type HandoverVerificationDetail = z.infer<typeof HandoverVerificationDetail>;

/** Campaign Closed: from then on the campaign's figures are final. */
export const CampaignClosedDetail = z.strictObject({
  ...Base,
  closedAt: z.string().check(z.describe('ISO 8601 date-time at which an admin closed the campaign')),
});
export type CampaignClosedDetail = z.infer<typeof CampaignClosedDetail>;

/** A DynamoDB stream record as Lambda delivers it; images stay in attribute-value form here. */
export const LedgerStreamRecord = z.object({
  eventID: z.string().check(z.minLength(1)),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    SequenceNumber: z.string().check(z.minLength(1)),
    ApproximateCreationDateTime: z.number(),
    NewImage: z.optional(z.record(z.string(), z.unknown())),
    OldImage: z.optional(z.record(z.string(), z.unknown())),
  }),
});

/**
 * What a schedule's target receives (#15): the stack's input, `scheduledTime` filled in by EventBridge
 * Scheduler (or the local stand-in); `campaignId` only when `npm run digest` asks for one campaign.
 */
export const ScheduledRunInput = z.strictObject({
  scheduledTime: z.iso.datetime({ offset: true }),
  campaignId: z.optional(Slug),
});
export type ScheduledRunInput = z.infer<typeof ScheduledRunInput>;

// Event names and source, declared once for the publisher, the bus rules and the notifier.
export const eventSource = 'pledge-tracker';

export const eventTypes = {
  pledgeExceeded: 'Pledge Exceeded',
  pledgeFulfilled: 'Pledge Fulfilled',
  handoverRecorded: 'Handover Recorded',
  handoverVoided: 'Handover Voided',
  handoverVerified: 'Handover Verified',
  handoverUnverified: 'Handover Unverified',
  campaignClosed: 'Campaign Closed',
  pledgeRegistered: 'Pledge Registered',
  pledgeRevised: 'Pledge Revised',
} as const;

export type EventType = (typeof eventTypes)[keyof typeof eventTypes];

/** Every detail carries this; a consumer refuses versions it does not know. */
export const eventVersion = 1;

/**
 * Messages of the scheduled follow-up (#15), by their SNS `eventType` attribute. They are not bus events:
 * the schedules send them straight to their topic, once each (docs/events.md, "Scheduled messages").
 */
export const followUpMessageTypes = {
  pledgeAtRisk: 'Pledge At Risk',
  campaignEnding: 'Campaign Ending',
  weeklyDigest: 'Weekly Digest',
} as const;

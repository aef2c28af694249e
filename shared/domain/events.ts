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

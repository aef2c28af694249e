// What a change in the ledger means: from an item's old and new image, the domain events to publish.
import { createHash } from 'node:crypto';
import { keys } from '../tables';
import { type Category, categoryCodes } from './categories';
import { detectCrossings } from './crossing';
import { type EventType, eventTypes, eventVersion } from './events';

export interface LedgerChange {
  /** The stream record's id: the same on every delivery of that record. */
  recordId: string;
  occurredAt: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
}

export interface DomainEvent {
  detailType: EventType;
  detail: Record<string, unknown> & { eventId: string };
}

export class UnreadableChangeError extends Error {
  constructor(recordId: string, what: string) {
    super(`Ledger change ${recordId}: ${what}`);
    this.name = 'UnreadableChangeError';
  }
}

/** A retried record yields the same ids, so consumers can tell a redelivery from a new event. */
export function eventIdFor(recordId: string, detailType: EventType): string {
  return createHash('sha256').update(`${recordId}#${detailType}`).digest('hex').slice(0, 32);
}

export function eventsFromLedgerChange(change: LedgerChange): DomainEvent[] {
  const type = (change.after ?? change.before)?.type;
  if (type === keys.types.pledge) return pledgeEvents(change);
  if (type === keys.types.categoryTotal) return handoverEvents(change);
  if (type === keys.types.campaign) return campaignEvents(change);
  return [];
}

interface PledgeImage {
  id: string;
  campaignId: string;
  organizationId: string;
  organizationName: string;
  category: Category;
  target: number;
  delivered: number;
  state: 'active' | 'withdrawn';
}

function readPledge(
  change: LedgerChange,
  image: Record<string, unknown> | undefined,
): PledgeImage | undefined {
  if (!image) return undefined;
  const { id, campaignId, organizationId, organizationName, category, target, state } = image;
  const delivered = image.delivered ?? 0;
  if (
    typeof id !== 'string' ||
    typeof campaignId !== 'string' ||
    typeof organizationId !== 'string' ||
    typeof organizationName !== 'string' ||
    !categoryCodes.includes(category as Category) ||
    typeof target !== 'number' ||
    typeof delivered !== 'number' ||
    (state !== 'active' && state !== 'withdrawn')
  ) {
    throw new UnreadableChangeError(change.recordId, 'a pledge image lacks its fields');
  }
  return {
    id,
    campaignId,
    organizationId,
    organizationName,
    category: category as Category,
    target,
    delivered,
    state,
  };
}

function pledgeEvents(change: LedgerChange): DomainEvent[] {
  const before = readPledge(change, change.before);
  const after = readPledge(change, change.after);
  if (!after) return [];
  const event = (detailType: EventType, extra: Record<string, unknown>): DomainEvent => ({
    detailType,
    detail: {
      version: eventVersion,
      eventId: eventIdFor(change.recordId, detailType),
      campaignId: after.campaignId,
      occurredAt: change.occurredAt,
      pledgeId: after.id,
      organizationId: after.organizationId,
      category: after.category,
      target: after.target,
      delivered: after.delivered,
      ...extra,
    },
  });
  const events: DomainEvent[] = [];
  if (!before) events.push(event(eventTypes.pledgeRegistered, { state: after.state }));
  else if (before.target !== after.target || before.state !== after.state) {
    events.push(event(eventTypes.pledgeRevised, { state: after.state }));
  }
  const crossings = detectCrossings(
    before && { target: before.target, delivered: before.delivered, active: before.state === 'active' },
    { target: after.target, delivered: after.delivered, active: after.state === 'active' },
  );
  for (const crossing of crossings) {
    events.push(
      event(crossing, {
        organizationName: after.organizationName,
        surplus: Math.max(0, after.delivered - after.target),
      }),
    );
  }
  return events;
}

/**
 * A category total moves with every handover recorded or voided (`delivered`) and every one verified or
 * unverified (`verified`). Voiding a verified handover moves both at once: that is a void, one event.
 */
function handoverEvents(change: LedgerChange): DomainEvent[] {
  const after = change.after;
  if (!after) return [];
  const delta = Number(after.delivered ?? 0) - Number(change.before?.delivered ?? 0);
  const verifiedDelta = Number(after.verified ?? 0) - Number(change.before?.verified ?? 0);
  if (delta === 0 && verifiedDelta === 0) return [];
  const { lastHandoverId, lastOrganizationId, lastWard, category } = after;
  const campaignId = keys.campaignIdOf(after.pk);
  if (
    typeof lastHandoverId !== 'string' ||
    typeof lastOrganizationId !== 'string' ||
    typeof lastWard !== 'string' ||
    typeof campaignId !== 'string' ||
    !categoryCodes.includes(category as Category)
  ) {
    throw new UnreadableChangeError(change.recordId, 'a category total lacks its last handover');
  }
  const detailType =
    delta > 0
      ? eventTypes.handoverRecorded
      : delta < 0
        ? eventTypes.handoverVoided
        : verifiedDelta > 0
          ? eventTypes.handoverVerified
          : eventTypes.handoverUnverified;
  return [
    {
      detailType,
      detail: {
        version: eventVersion,
        eventId: eventIdFor(change.recordId, detailType),
        campaignId,
        occurredAt: change.occurredAt,
        handoverId: lastHandoverId,
        organizationId: lastOrganizationId,
        category: category as Category,
        ward: lastWard,
        categoryDelivered: Number(after.delivered ?? 0),
        ...(delta === 0 ? { categoryVerified: Number(after.verified ?? 0) } : {}),
      },
    },
  ];
}

/** The campaign item changes once after its creation that means an event: when it is closed. */
function campaignEvents(change: LedgerChange): DomainEvent[] {
  const after = change.after;
  if (!after || typeof after.closedAt !== 'string' || change.before?.closedAt !== undefined) return [];
  const campaignId = keys.campaignIdOf(after.pk);
  if (typeof campaignId !== 'string') {
    throw new UnreadableChangeError(change.recordId, 'a campaign image lacks its key');
  }
  return [
    {
      detailType: eventTypes.campaignClosed,
      detail: {
        version: eventVersion,
        eventId: eventIdFor(change.recordId, eventTypes.campaignClosed),
        campaignId,
        occurredAt: change.occurredAt,
        closedAt: after.closedAt,
      },
    },
  ];
}

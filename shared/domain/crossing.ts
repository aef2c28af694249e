// Crossing detection: from a pledge counter's old and new state, which thresholds it just crossed.
import { type EventType, eventTypes } from './events';

export interface PledgeCounter {
  target: number;
  delivered: number;
  /** A withdrawn pledge stops counting, so it crosses nothing. */
  active: boolean;
}

export type Crossing = Extract<EventType, 'Pledge Fulfilled' | 'Pledge Exceeded'>;

/**
 * A crossing is reported when the new state is past a threshold that the old state was not past,
 * whether the count rose (a handover) or the target fell (a revision). A void or a revision up that
 * goes back below makes the next rise a new crossing.
 */
export function detectCrossings(before: PledgeCounter | undefined, after: PledgeCounter): Crossing[] {
  if (!after.active) return [];
  const was = before?.active ? before : { target: after.target, delivered: 0 };
  const crossings: Crossing[] = [];
  if (was.delivered < was.target && after.delivered >= after.target)
    crossings.push(eventTypes.pledgeFulfilled);
  if (was.delivered <= was.target && after.delivered > after.target)
    crossings.push(eventTypes.pledgeExceeded);
  return crossings;
}

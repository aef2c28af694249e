// Ledger changes to domain events: what a pledge's or a category total's old and new image mean.
import { describe, expect, it } from 'vitest';
import type { EventType } from '../../shared/domain/events';
import {
  type DomainEvent,
  eventIdFor,
  eventsFromLedgerChange,
  type LedgerChange,
  UnreadableChangeError,
} from '../../shared/domain/ledger-changes';
import {
  CampaignClosedDetail,
  HandoverChangeDetail,
  HandoverVerificationDetail,
  PledgeChangeDetail,
  PledgeCrossingDetail,
} from '../../shared/schemas/events';
import {
  activePledgeGuardImage,
  campaignId,
  campaignImage,
  categoryTotalImage,
  occurredAt,
  pledgeImage,
  wardTotalImage,
} from '../fixtures/ledger-items';

const recordId = '3b8f0c2e6a1d4f7b9e5c2a8d1f6b3e70';

const change = (before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined) => ({
  recordId,
  occurredAt,
  ...(before ? { before } : {}),
  ...(after ? { after } : {}),
});

const pledgeFields = (target: number, delivered: number) => ({
  version: 1,
  campaignId,
  occurredAt,
  pledgeId: 'pledgemttq00001',
  organizationId: 'mttq-long-bien',
  category: 'great-unity-house',
  target,
  delivered,
});

const revised = (counts: { target: number; delivered: number; state: 'active' | 'withdrawn' }) => ({
  detailType: 'Pledge Revised',
  detail: {
    ...pledgeFields(counts.target, counts.delivered),
    eventId: eventIdFor(recordId, 'Pledge Revised'),
    state: counts.state,
  },
});

const crossed = (
  detailType: 'Pledge Fulfilled' | 'Pledge Exceeded',
  counts: { target: number; delivered: number; surplus: number },
  id = recordId,
) => ({
  detailType,
  detail: {
    ...pledgeFields(counts.target, counts.delivered),
    eventId: eventIdFor(id, detailType),
    organizationName: 'Ủy ban MTTQ quận',
    surplus: counts.surplus,
  },
});

const handover = (detailType: 'Handover Recorded' | 'Handover Voided', categoryDelivered: number) => ({
  detailType,
  detail: {
    version: 1,
    eventId: eventIdFor(recordId, detailType),
    campaignId,
    occurredAt,
    handoverId: '0123456789abcdef0123456789abcdef',
    organizationId: 'mttq-long-bien',
    category: 'great-unity-house',
    ward: 'Gia Thụy',
    categoryDelivered,
  },
});

const verification = (
  detailType: 'Handover Verified' | 'Handover Unverified',
  categoryDelivered: number,
  categoryVerified: number,
) => ({
  detailType,
  detail: {
    ...handover('Handover Recorded', categoryDelivered).detail,
    eventId: eventIdFor(recordId, detailType),
    categoryVerified,
  },
});

const closedAt = '2018-12-31T10:00:00.000Z';

interface Row {
  change: string;
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  expected: unknown[];
}

const pledgeRows: Row[] = [
  {
    change: 'a handover reaching the target (14 → 15 of 15) is Pledge Fulfilled only',
    before: pledgeImage({ target: 15, delivered: 14 }),
    after: pledgeImage({ target: 15, delivered: 15 }),
    expected: [crossed('Pledge Fulfilled', { target: 15, delivered: 15, surplus: 0 })],
  },
  {
    change: 'a handover going past the target (15 → 16 of 15) is Pledge Exceeded with surplus 1',
    before: pledgeImage({ target: 15, delivered: 15 }),
    after: pledgeImage({ target: 15, delivered: 16 }),
    expected: [crossed('Pledge Exceeded', { target: 15, delivered: 16, surplus: 1 })],
  },
  {
    change: 'one step over both thresholds (14 → 16 of 15) is Fulfilled then Exceeded',
    before: pledgeImage({ target: 15, delivered: 14 }),
    after: pledgeImage({ target: 15, delivered: 16 }),
    expected: [
      crossed('Pledge Fulfilled', { target: 15, delivered: 16, surplus: 1 }),
      crossed('Pledge Exceeded', { target: 15, delivered: 16, surplus: 1 }),
    ],
  },
  {
    change: 'a handover already past the target (28 → 29 of 15) is no new crossing',
    before: pledgeImage({ target: 15, delivered: 28 }),
    after: pledgeImage({ target: 15, delivered: 29 }),
    expected: [],
  },
  {
    change: 'a revision down below the delivered count (12 of 20 → 12 of 10) is Revised, Fulfilled, Exceeded',
    before: pledgeImage({ target: 20, delivered: 12 }),
    after: pledgeImage({ target: 10, delivered: 12 }),
    expected: [
      revised({ target: 10, delivered: 12, state: 'active' }),
      crossed('Pledge Fulfilled', { target: 10, delivered: 12, surplus: 2 }),
      crossed('Pledge Exceeded', { target: 10, delivered: 12, surplus: 2 }),
    ],
  },
  {
    change: 'a revision up over the delivered count (16 of 15 → 16 of 20) is Pledge Revised only',
    before: pledgeImage({ target: 15, delivered: 16 }),
    after: pledgeImage({ target: 20, delivered: 16 }),
    expected: [revised({ target: 20, delivered: 16, state: 'active' })],
  },
  {
    change: 'a void back onto the target (16 → 15 of 15) is no event',
    before: pledgeImage({ target: 15, delivered: 16 }),
    after: pledgeImage({ target: 15, delivered: 15 }),
    expected: [],
  },
  {
    change: 'a withdrawal of an exceeded pledge is Pledge Revised, withdrawn, and no crossing',
    before: pledgeImage({ target: 15, delivered: 16 }),
    after: pledgeImage({ target: 15, delivered: 16, state: 'withdrawn' }),
    expected: [revised({ target: 15, delivered: 16, state: 'withdrawn' })],
  },
  {
    change: 'a handover past the target of a withdrawn pledge is no event',
    before: pledgeImage({ target: 15, delivered: 15, state: 'withdrawn' }),
    after: pledgeImage({ target: 15, delivered: 16, state: 'withdrawn' }),
    expected: [],
  },
  {
    change: 'a pledge item written without a count change (its audit stamp) is no event',
    before: pledgeImage({ target: 15, delivered: 16 }),
    after: { ...pledgeImage({ target: 15, delivered: 16 }), updatedAt: '2018-06-01T00:00:00.000Z' },
    expected: [],
  },
];

const handoverRows: Row[] = [
  {
    change: 'the first handover of a category (total created at 1) is Handover Recorded',
    after: categoryTotalImage(1),
    expected: [handover('Handover Recorded', 1)],
  },
  {
    change: 'a category total going up by one (28 → 29) is Handover Recorded',
    before: categoryTotalImage(28, 'fedcba9876543210fedcba9876543210'),
    after: categoryTotalImage(29),
    expected: [handover('Handover Recorded', 29)],
  },
  {
    change: 'a category total going down by one (29 → 28) is Handover Voided',
    before: categoryTotalImage(29),
    after: categoryTotalImage(28),
    expected: [handover('Handover Voided', 28)],
  },
  {
    change: 'a category total rewritten with the same count is no event',
    before: categoryTotalImage(29),
    after: categoryTotalImage(29),
    expected: [],
  },
  {
    change: 'the first verification of a category (verified created at 1) is Handover Verified',
    before: categoryTotalImage(29),
    after: { ...categoryTotalImage(29), verified: 1 },
    expected: [verification('Handover Verified', 29, 1)],
  },
  {
    change: 'verified going down with delivered unchanged (5 → 4) is Handover Unverified',
    before: { ...categoryTotalImage(29), verified: 5 },
    after: { ...categoryTotalImage(29), verified: 4 },
    expected: [verification('Handover Unverified', 29, 4)],
  },
  {
    change: 'a verified handover voided (delivered and verified down together) is one Handover Voided',
    before: { ...categoryTotalImage(29), verified: 5 },
    after: { ...categoryTotalImage(28), verified: 4 },
    expected: [handover('Handover Voided', 28)],
  },
  {
    change: 'a campaign closed (closedAt set) is Campaign Closed',
    before: campaignImage,
    after: { ...campaignImage, closedAt, closedBy: 'sub-admin' },
    expected: [
      {
        detailType: 'Campaign Closed',
        detail: {
          version: 1,
          eventId: eventIdFor(recordId, 'Campaign Closed'),
          campaignId,
          occurredAt,
          closedAt,
        },
      },
    ],
  },
];

const silentRows: Row[] = [
  { change: 'a ward total going up', before: wardTotalImage(3), after: wardTotalImage(4), expected: [] },
  { change: 'an active-pledge guard written', after: activePledgeGuardImage, expected: [] },
  { change: 'an active-pledge guard removed', before: activePledgeGuardImage, expected: [] },
  { change: 'a campaign created', after: campaignImage, expected: [] },
  {
    change: 'a closed campaign rewritten (closedAt already set)',
    before: { ...campaignImage, closedAt },
    after: { ...campaignImage, closedAt },
    expected: [],
  },
  { change: 'a pledge item removed', before: pledgeImage({ target: 15, delivered: 16 }), expected: [] },
];

describe('eventsFromLedgerChange', () => {
  it('turns a registered pledge (INSERT) into one Pledge Registered with its whole detail', () => {
    const inserted = change(undefined, pledgeImage({ target: 15, delivered: 0 }));

    const events = eventsFromLedgerChange(inserted);

    expect(events).toEqual([
      {
        detailType: 'Pledge Registered',
        detail: {
          version: 1,
          eventId: eventIdFor(recordId, 'Pledge Registered'),
          campaignId: 'longbien-2018',
          occurredAt: '2018-05-19T06:27:14.000Z',
          pledgeId: 'pledgemttq00001',
          organizationId: 'mttq-long-bien',
          category: 'great-unity-house',
          target: 15,
          delivered: 0,
          state: 'active',
        },
      },
    ]);
  });

  it.each(pledgeRows)('pledge: $change', ({ before, after, expected }) => {
    const events = eventsFromLedgerChange(change(before, after));

    expect(events).toEqual(expected);
  });

  it.each(handoverRows)(
    'category total: $change, from its last-handover fields',
    ({ before, after, expected }) => {
      const events = eventsFromLedgerChange(change(before, after));

      expect(events).toEqual(expected);
    },
  );

  it.each(silentRows)('ignores other items: $change', ({ before, after }) => {
    const events = eventsFromLedgerChange(change(before, after));

    expect(events).toEqual([]);
  });

  it('makes an exceeded crossing that was undone by a void and happens again a new event', () => {
    const first = {
      ...change(pledgeImage({ target: 15, delivered: 15 }), pledgeImage({ target: 15, delivered: 16 })),
      recordId: 'record-first-crossing',
    };
    const voided = {
      ...change(pledgeImage({ target: 15, delivered: 16 }), pledgeImage({ target: 15, delivered: 15 })),
      recordId: 'record-void',
    };
    const again = {
      ...change(pledgeImage({ target: 15, delivered: 15 }), pledgeImage({ target: 15, delivered: 16 })),
      recordId: 'record-second-crossing',
    };

    const events = [first, voided, again].map(eventsFromLedgerChange);

    expect(events).toEqual([
      [crossed('Pledge Exceeded', { target: 15, delivered: 16, surplus: 1 }, 'record-first-crossing')],
      [],
      [crossed('Pledge Exceeded', { target: 15, delivered: 16, surplus: 1 }, 'record-second-crossing')],
    ]);
    expect(eventIdFor('record-first-crossing', 'Pledge Exceeded')).not.toBe(
      eventIdFor('record-second-crossing', 'Pledge Exceeded'),
    );
  });

  it('gives a redelivered record exactly the events, ids included, of its first delivery', () => {
    const crossing = change(
      pledgeImage({ target: 20, delivered: 12 }),
      pledgeImage({ target: 10, delivered: 12 }),
    );

    const [first, redelivered] = [eventsFromLedgerChange(crossing), eventsFromLedgerChange({ ...crossing })];

    expect(redelivered).toEqual(first);
  });

  it('derives a 32-hex-digit event id from the record id and the event type', () => {
    const ids = (['Pledge Fulfilled', 'Pledge Exceeded'] as EventType[]).map((type) =>
      eventIdFor(recordId, type),
    );

    expect(ids).toEqual([expect.stringMatching(/^[a-f0-9]{32}$/), expect.stringMatching(/^[a-f0-9]{32}$/)]);
    expect(new Set(ids).size).toBe(2);
  });

  it.each<{
    what: string;
    before?: Record<string, unknown>;
    after: Record<string, unknown>;
    message: string;
  }>([
    {
      what: 'a pledge image without its organization name',
      before: pledgeImage({ target: 15, delivered: 15 }),
      after: { ...pledgeImage({ target: 15, delivered: 16 }), organizationName: undefined },
      message: 'a pledge image lacks its fields',
    },
    {
      what: 'a pledge image with a target stored as text',
      after: { ...pledgeImage({ target: 15, delivered: 0 }), target: '15' },
      message: 'a pledge image lacks its fields',
    },
    {
      what: 'an old pledge image of an unknown category',
      before: { ...pledgeImage({ target: 15, delivered: 15 }), category: 'bridge' },
      after: pledgeImage({ target: 15, delivered: 16 }),
      message: 'a pledge image lacks its fields',
    },
    {
      what: 'a category total without its last handover',
      before: categoryTotalImage(28),
      after: { ...categoryTotalImage(29), lastHandoverId: undefined },
      message: 'a category total lacks its last handover',
    },
  ])('refuses $what as an UnreadableChangeError naming the record', ({ before, after, message }) => {
    let thrown: unknown;

    try {
      eventsFromLedgerChange(change(before, after));
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toStrictEqual(new UnreadableChangeError(recordId, message));
    expect(thrown).toBeInstanceOf(UnreadableChangeError);
  });

  it('builds details that the consumers’ strict schemas accept, with no personal data', () => {
    const changes: LedgerChange[] = [
      change(undefined, pledgeImage({ target: 15, delivered: 0 })),
      ...[...pledgeRows, ...handoverRows].map((row) => change(row.before, row.after)),
    ];
    const schemaFor: Record<EventType, { safeParse: (value: unknown) => { success: boolean } }> = {
      'Pledge Registered': PledgeChangeDetail,
      'Pledge Revised': PledgeChangeDetail,
      'Pledge Fulfilled': PledgeCrossingDetail,
      'Pledge Exceeded': PledgeCrossingDetail,
      'Handover Recorded': HandoverChangeDetail,
      'Handover Voided': HandoverChangeDetail,
      'Handover Verified': HandoverVerificationDetail,
      'Handover Unverified': HandoverVerificationDetail,
      'Campaign Closed': CampaignClosedDetail,
    };

    const events: DomainEvent[] = changes.flatMap(eventsFromLedgerChange);

    expect(events.map((e) => [e.detailType, schemaFor[e.detailType].safeParse(e.detail).success])).toEqual(
      events.map((e) => [e.detailType, true]),
    );
    expect(new Set(events.map((e) => e.detailType))).toEqual(new Set(Object.keys(schemaFor)));
  });
});

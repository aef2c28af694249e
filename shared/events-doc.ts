// Writes docs/events.md: every event with an example produced by the real code and its JSON Schema from zod.
// Run `npm run docs`; test/unit/events-doc.test.ts fails when the committed file is stale.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type EventType, eventSource, eventTypes, followUpMessageTypes } from './domain/events';
import { digestFacts, digestText, dueReminders, reminderText } from './domain/follow-up';
import { eventsFromLedgerChange, type LedgerChange } from './domain/ledger-changes';
import type { Campaign, Pledge } from './domain/model';
import { eventBus, eventRules, leadershipTopic, organizationTopic } from './event-routing';
import { schedules } from './schedules';
import {
  CampaignClosedDetail,
  HandoverChangeDetail,
  HandoverVerificationDetail,
  PledgeChangeDetail,
  PledgeCrossingDetail,
} from './schemas/events';
import * as z from './schemas/zod';

const pledge = {
  pk: 'CAMPAIGN#longbien-2018',
  sk: 'PLEDGE#3f1c0c2a9b8e4d7f8a6b5c4d3e2f1a0b',
  type: 'pledge',
  id: '3f1c0c2a9b8e4d7f8a6b5c4d3e2f1a0b',
  campaignId: 'longbien-2018',
  organizationId: 'hoi-phu-nu-long-bien',
  organizationName: 'Hội Liên hiệp Phụ nữ quận',
  category: 'love-shelter',
  target: 1,
  delivered: 0,
  state: 'active',
};
const categoryTotal = {
  pk: 'CAMPAIGN#longbien-2018',
  sk: 'TOTAL#love-shelter',
  type: 'category-total',
  category: 'love-shelter',
  delivered: 1,
  lastHandoverId: '9a8b7c6d5e4f30211203948576a6b7c8',
  lastOrganizationId: 'hoi-phu-nu-long-bien',
  lastWard: 'Gia Thụy',
};
const campaign = {
  pk: 'CAMPAIGN#longbien-2018',
  sk: 'CAMPAIGN',
  type: 'campaign',
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Gia Thụy'],
  createdAt: '2018-01-01T00:00:00.000Z',
};
const at = '2018-03-08T02:15:00.000Z';

/** Ledger changes that produce each event type, run through the same code as the stream processor. */
const sampleChanges: LedgerChange[] = [
  { recordId: 'sample-1', occurredAt: at, after: pledge },
  { recordId: 'sample-2', occurredAt: at, before: { ...categoryTotal, delivered: 0 }, after: categoryTotal },
  { recordId: 'sample-3', occurredAt: at, before: pledge, after: { ...pledge, delivered: 1 } },
  {
    recordId: 'sample-4',
    occurredAt: at,
    before: { ...pledge, delivered: 1 },
    after: { ...pledge, delivered: 2 },
  },
  {
    recordId: 'sample-5',
    occurredAt: at,
    before: { ...pledge, delivered: 2 },
    after: { ...pledge, delivered: 2, target: 3 },
  },
  { recordId: 'sample-6', occurredAt: at, before: categoryTotal, after: { ...categoryTotal, delivered: 0 } },
  {
    recordId: 'sample-7',
    occurredAt: at,
    before: categoryTotal,
    after: { ...categoryTotal, verified: 1 },
  },
  {
    recordId: 'sample-8',
    occurredAt: at,
    before: { ...categoryTotal, verified: 1 },
    after: { ...categoryTotal, verified: 0 },
  },
  {
    recordId: 'sample-9',
    occurredAt: '2018-12-31T10:00:00.000Z',
    before: campaign,
    after: { ...campaign, closedAt: '2018-12-31T10:00:00.000Z', closedBy: 'f3a1c2d4-admin' },
  },
];

const descriptions: Record<EventType, { when: string; schema: z.ZodMiniType }> = {
  [eventTypes.pledgeRegistered]: { when: 'A pledge is registered.', schema: PledgeChangeDetail },
  [eventTypes.pledgeRevised]: {
    when: "A pledge's target is revised or the pledge is withdrawn.",
    schema: PledgeChangeDetail,
  },
  [eventTypes.pledgeFulfilled]: {
    when: 'Delivered goes from below the target to at or above it (a handover, or a target revised down).',
    schema: PledgeCrossingDetail,
  },
  [eventTypes.pledgeExceeded]: {
    when:
      'Delivered goes from at or below the target to above it. Leadership is notified (SNS and the feed) of ' +
      "a pledge's first crossing on each day, Vietnam's date of `occurredAt`; later crossings of that pledge " +
      'that day are counted, not sent (see Notification bounds above).',
    schema: PledgeCrossingDetail,
  },
  [eventTypes.handoverRecorded]: { when: 'A handover is recorded.', schema: HandoverChangeDetail },
  [eventTypes.handoverVoided]: {
    when: 'A handover is voided (a verified one included: its verified count goes with it).',
    schema: HandoverChangeDetail,
  },
  [eventTypes.handoverVerified]: {
    when: 'A front-committee member other than the recorder verifies a handover.',
    schema: HandoverVerificationDetail,
  },
  [eventTypes.handoverUnverified]: {
    when: "A handover's verification is withdrawn, with a reason (kept in the audit trail, not here).",
    schema: HandoverVerificationDetail,
  },
  [eventTypes.campaignClosed]: {
    when: 'An admin closes the campaign: every later write to it is refused and its figures stay as they are.',
    schema: CampaignClosedDetail,
  },
};

const sampleCampaign: Campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề'],
  createdAt: '2018-01-01T00:00:00.000Z',
};
const samplePledge: Pledge = {
  id: '3f1c0c2a9b8e4d7f8a6b5c4d3e2f1a0b',
  campaignId: 'longbien-2018',
  organizationId: 'hoi-cuu-chien-binh-long-bien',
  organizationName: 'Hội Cựu chiến binh quận',
  category: 'comradeship-house',
  target: 3,
  delivered: 1,
  state: 'active',
  createdAt: '2018-01-05T00:00:00.000Z',
  updatedAt: '2018-01-05T00:00:00.000Z',
};

/** The scheduled follow-up's messages (#15), written by the same code the schedules run. */
function scheduledMessagesSection(): string[] {
  const sample = (day: string, milestone: string) => {
    const due = dueReminders(sampleCampaign, [samplePledge], day).find((d) => d.milestone === milestone);
    if (!due) throw new Error(`No ${milestone} reminder on ${day} for the sample pledge`);
    const text = reminderText(sampleCampaign, due);
    return ['```text', text.subject, '', text.message.vi, '', text.message.en, '```'];
  };
  const digest = digestText(
    digestFacts({
      campaign: sampleCampaign,
      pledges: [samplePledge],
      categoryTotals: [{ category: 'comradeship-house', delivered: 1 }],
      weekCounts: new Map([['comradeship-house', 1]]),
      today: '2018-12-03',
    }),
  );
  const scheduleLines = schedules.map(
    (s) => `- **${s.name}**: \`${s.expression}\` in ${s.timeZone}: ${s.description}.`,
  );
  return [
    '## Scheduled messages',
    '',
    'Two schedules (EventBridge Scheduler in AWS, the scheduler stand-in locally, from `shared/schedules.ts`) send',
    'these straight to SNS; they are not bus events. Each run gets its scheduled time as input, so a retried run',
    'judges the same Vietnam day. No message names a beneficiary.',
    '',
    ...scheduleLines,
    '',
    `### ${followUpMessageTypes.pledgeAtRisk} and ${followUpMessageTypes.campaignEnding}`,
    '',
    `Reminders to one organization, on the topic \`${organizationTopic.localName}\`, with the attributes`,
    "`organizationId` (every subscription filters on it: an organization's contacts get only their own),",
    '`campaignId`, `eventType`, `milestone` (`at-risk`, `ends-in-30-days`, `ends-in-7-days`) and `reminderId`.',
    '',
    `- **${followUpMessageTypes.pledgeAtRisk}**: the daily check finds that the pace so far (handed over ÷ days`,
    "  elapsed) will not reach the target by the campaign's last day: the forecast the dashboard shows",
    '  (`pledgeStanding` in `shared/domain/forecast.ts`). A pledge with nothing handed over is at risk once the',
    '  campaign has begun.',
    `- **${followUpMessageTypes.campaignEnding}**: 30 days before the campaign ends (sent from that day until 8`,
    '  days before) and 7 days before it (from that day through the last), while the pledge has houses remaining.',
    '',
    'Each is sent once per pledge and milestone, however often the check runs: a conditional put of',
    '`REMINDERS#<organizationId>` / `<campaignId>#<pledgeId>#<milestone>` in the ledger table claims it before it',
    'is published. A withdrawn pledge, or one already met, gets none: the check skips it without a word (a silent',
    'no-op). An organization reads its reminders at `GET /v1/organizations/{organizationId}/reminders`.',
    '',
    'Example (30 days before the end):',
    '',
    ...sample('2018-12-01', 'ends-in-30-days'),
    '',
    `### ${followUpMessageTypes.weeklyDigest}`,
    '',
    `To leadership, on the topic \`${leadershipTopic.localName}\` and in the notification feed, every Monday 07:00`,
    'Vietnam time, one per active campaign (begun, not closed, ended at most 28 days ago): handed over in the',
    'seven days before and to date per category, pledges at risk with the pace they need and the pace so far,',
    'overdue pledges, and (once verification supplies it) handovers awaiting verification. Attributes',
    '`campaignId`, `eventType`, `eventId` (`digest-<campaignId>-<scheduled time>`: a retried run sends nothing new).',
    '`npm run digest -- --campaign <id>` sends one now.',
    '',
    'Example:',
    '',
    '```text',
    digest.subject,
    '',
    digest.message.vi,
    '',
    digest.message.en,
    '```',
    '',
  ];
}

export function renderEventsDoc(): string {
  const examples = new Map(
    sampleChanges.flatMap(eventsFromLedgerChange).map((e) => [e.detailType, e.detail]),
  );
  const sections = (Object.keys(descriptions) as EventType[]).map((type) => {
    const { when, schema } = descriptions[type];
    // The example must satisfy the published schema, or the document (and its test) fails.
    const envelope = { source: eventSource, 'detail-type': type, detail: schema.parse(examples.get(type)) };
    return [
      `## ${type}`,
      '',
      when,
      '',
      "Example (produced by the stream processor's own code):",
      '',
      '```json',
      JSON.stringify(envelope, null, 2),
      '```',
      '',
      '<details><summary>JSON Schema of <code>detail</code></summary>',
      '',
      '```json',
      JSON.stringify(z.toJSONSchema(schema, { target: 'draft-2020-12' }), null, 2),
      '```',
      '',
      '</details>',
    ].join('\n');
  });
  const rules = eventRules.map(
    (r) => `- **${r.name}**: ${r.description}. Pattern: \`${JSON.stringify(r.pattern)}\`.`,
  );
  return [
    '# Events',
    '',
    '<!-- Generated by shared/events-doc.ts (`npm run docs`); do not edit by hand. -->',
    '',
    `Every event goes to the EventBridge bus \`${eventBus.localName}\` (named by the stack in AWS) with source`,
    `\`${eventSource}\`. Details are versioned (\`"version": 1\`) and never carry personal data. \`eventId\` is`,
    'derived from the ledger stream record, so a redelivered record yields the same id: consumers use it',
    'to drop repeats. A crossing that is undone (a void, a target revised up) and happens again is a new',
    'event with a new id.',
    '',
    'Rules:',
    '',
    ...rules,
    '',
    '## Notification bounds',
    '',
    "Every event is published, but leadership hears of one pledge at most once a day (Vietnam's date of the",
    "crossing's `occurredAt`): toggling a target below and above what was delivered would otherwise send an",
    "e-mail per toggle. The notifier counts each crossing on the pledge's day item (`NOTIFICATION-DAYS#<campaign>`",
    "/ `<pledgeId>#<day>` in the ledger table: the first crossing's `eventId` and the set of all of them); only",
    'the first is sent and put in the feed; a redelivery of it is recognised by its `eventId`. The later ones',
    'stay on the day item, for the weekly digest to summarise. A crash between SNS accepting the message and',
    'the feed item being marked sent can send that one message twice (its `eventId` attribute lets a',
    'subscriber drop the repeat).',
    '',
    'The local runtime (`npm start`) keeps the same promises when it is killed: the EventBridge stand-in',
    'writes each event a rule matches to `DATA_DIR` (synced) before PutEvents answers and delivers what is',
    'unfinished after a restart; a notifier cut off mid-delivery is retried once its claim has run out (15 s',
    'locally). So there too a kill between the stand-in SNS keeping a message (`DATA_DIR/sns-messages.jsonl`)',
    'and the feed item being marked sent can record that one message twice; the feed still holds it once.',
    '',
    ...sections.flatMap((s) => [s, '']),
    ...scheduledMessagesSection(),
  ].join('\n');
}

export const eventsDocPath = new URL('../docs/events.md', import.meta.url);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(eventsDocPath, renderEventsDoc());
  console.log(`Wrote ${eventsDocPath.pathname}`);
}

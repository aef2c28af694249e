// The scheduler stand-in on a fake clock across a campaign's last 40 days (#15): the daily check reminds each
// organization once per pledge and milestone, on the right Vietnam days; replays send nothing new; the weekly
// digest goes out each Monday 07:00 Vietnam time; a withdrawn pledge is never reminded.
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeHandler as dailyCheck } from '../../functions/run-daily-check';
import { makeHandler as weeklyDigest } from '../../functions/send-weekly-digest';
import { createLambdaContext } from '../../infra/local/lambda-context';
import { startSchedulerStandIn } from '../../infra/local/scheduler-standin';
import type { LeadershipChannel, OrganizationChannel } from '../../shared/ports';
import { scheduleNamed, schedules } from '../../shared/schedules';
import { campaignBody, handoverBody, organizationBody } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi, organizationUser } from '../support/api';
import { freshTables } from '../support/dynamo';

interface Sent {
  /** The scheduled time of the run that published it. */
  run: string;
  subject: string;
  body: string;
  attributes: Record<string, string>;
}

let current = new Date('2018-11-20T12:00:00.000Z');
const clock = { now: () => new Date(current) };
const toOrganizations: Omit<Sent, 'run'>[] = [];
const toLeadership: Omit<Sent, 'run'>[] = [];
const organizationChannel: OrganizationChannel = { publish: async (m) => void toOrganizations.push(m) };
const channel: LeadershipChannel = { publish: async (m) => void toLeadership.push(m) };

let api: Api;
let deps: ReturnType<Awaited<ReturnType<typeof freshTables>>['deps']> & {
  organizationChannel: OrganizationChannel;
  channel: LeadershipChannel;
};
const context = () => createLambdaContext({ functionName: 'test', timeoutMs: 60_000 });
const campaign = campaignBody({ startsOn: '2018-01-01', endsOn: '2018-12-31' });
const orgs = {
  slow: organizationBody({ name: 'Hội Cựu chiến binh quận', kind: 'veterans-association' }),
  done: organizationBody({ name: 'Quận đoàn', kind: 'youth-union' }),
  idle: organizationBody({ name: 'Liên đoàn Lao động quận', kind: 'labor-federation' }),
  late: organizationBody({ name: 'Hội Liên hiệp Phụ nữ quận', kind: 'womens-union' }),
  gone: organizationBody({ name: 'Doanh nghiệp X', kind: 'business' }),
};
const pledgeIds: Record<keyof typeof orgs, string> = { slow: '', done: '', idle: '', late: '', gone: '' };
const reminderRuns: Sent[] = [];
const digestRuns: Sent[] = [];

async function handOver(organizationId: string, category: string, handedOverOn: string) {
  const answer = await api('RecordHandover', {
    pathParameters: { campaignId: campaign.id },
    headers: { 'idempotency-key': randomUUID() },
    body: handoverBody(organizationId, { category, handedOverOn }),
    as: frontCommittee,
  });
  expect(answer.status).toBe(201);
}

async function pledge(key: keyof typeof orgs, category: string, target: number) {
  const answer = await api('RegisterPledge', {
    pathParameters: { campaignId: campaign.id },
    body: { organizationId: orgs[key].id, category, target },
    as: frontCommittee,
  });
  expect(answer.status).toBe(201);
  pledgeIds[key] = answer.body.id;
}

beforeAll(async () => {
  const tables = await freshTables();
  deps = { ...tables.deps(clock), organizationChannel, channel };
  api = handlerApi(deps);
  // Prepare, on 20/11/2018 (Vietnam), 41 days before the end: five pledges of five organizations.
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  for (const org of Object.values(orgs)) await api('CreateOrganization', { body: org, as: frontCommittee });
  // 9 of 10 by the 325th day: on track until the pace so far no longer reaches 10 by 31/12 (day 329, 25/11).
  await pledge('slow', 'comradeship-house', 10);
  for (let i = 1; i <= 9; i++) await handOver(orgs.slow.id, 'comradeship-house', `2018-0${i}-15`);
  await pledge('done', 'house-support', 2);
  await handOver(orgs.done.id, 'house-support', '2018-03-01');
  await handOver(orgs.done.id, 'house-support', '2018-04-01');
  await pledge('idle', 'cultural-center', 5);
  await pledge('late', 'love-shelter', 1);
  await pledge('gone', 'great-unity-house', 3);
  const withdrawn = await api('RevisePledge', {
    pathParameters: { campaignId: campaign.id, pledgeId: pledgeIds.gone },
    body: { status: 'withdrawn', reason: 'Không đủ kinh phí' },
    as: frontCommittee,
  });
  expect(withdrawn.status).toBe(200);

  // Act: the stand-in on the fake clock, moved 12 hours at a time through 02/01/2019.
  const handlers = { 'run-daily-check': dailyCheck(deps), 'send-weekly-digest': weeklyDigest(deps) };
  const scheduler = startSchedulerStandIn({
    schedules,
    clock,
    invoke: (schedule, input) => handlers[schedule.handler as keyof typeof handlers](input, context()),
  });
  while (current < new Date('2019-01-02T12:00:00.000Z')) {
    current = new Date(current.getTime() + 12 * 3_600_000);
    // The love shelter is handed over on 05/12 (Vietnam), so it has none left a week before the end.
    if (current.toISOString() === '2018-12-05T00:00:00.000Z')
      await handOver(orgs.late.id, 'love-shelter', '2018-12-05');
    const before = { organizations: toOrganizations.length, leadership: toLeadership.length };
    const runs = await scheduler.catchUp();
    expect(runs.filter((run) => run.failed)).toEqual([]);
    const runOf = (name: string) => runs.find((run) => run.schedule === name)?.scheduledTime ?? 'none';
    reminderRuns.push(
      ...toOrganizations.slice(before.organizations).map((m) => ({ ...m, run: runOf('DailyCheck') })),
    );
    digestRuns.push(
      ...toLeadership.slice(before.leadership).map((m) => ({ ...m, run: runOf('WeeklyDigest') })),
    );
  }
  await scheduler.stop();
}, 240_000);

const sixAmInVietnam = (day: string) => new Date(Date.parse(`${day}T06:00:00+07:00`)).toISOString();

describe('reminders to organizations', () => {
  it('sends each milestone once per pledge, in the 06:00 Vietnam run of its day, to that organization only', () => {
    const seen = reminderRuns.map((m) => ({
      run: m.run,
      organizationId: m.attributes.organizationId,
      milestone: m.attributes.milestone,
    }));

    expect([...seen].sort(byRunOrganizationMilestone)).toEqual(
      [
        { run: sixAmInVietnam('2018-11-21'), organizationId: orgs.idle.id, milestone: 'at-risk' },
        { run: sixAmInVietnam('2018-11-21'), organizationId: orgs.late.id, milestone: 'at-risk' },
        { run: sixAmInVietnam('2018-11-25'), organizationId: orgs.slow.id, milestone: 'at-risk' },
        { run: sixAmInVietnam('2018-12-01'), organizationId: orgs.slow.id, milestone: 'ends-in-30-days' },
        { run: sixAmInVietnam('2018-12-01'), organizationId: orgs.idle.id, milestone: 'ends-in-30-days' },
        { run: sixAmInVietnam('2018-12-01'), organizationId: orgs.late.id, milestone: 'ends-in-30-days' },
        { run: sixAmInVietnam('2018-12-24'), organizationId: orgs.slow.id, milestone: 'ends-in-7-days' },
        { run: sixAmInVietnam('2018-12-24'), organizationId: orgs.idle.id, milestone: 'ends-in-7-days' },
      ].sort(byRunOrganizationMilestone),
    );
  });

  it('writes the reminder in Vietnamese, then English, with the counts as the report writes them', () => {
    const slow = reminderRuns.find(
      (m) => m.attributes.organizationId === orgs.slow.id && m.attributes.milestone === 'ends-in-7-days',
    );

    expect(slow?.subject).toBe(
      'Con 7 ngay den het dot thi dua / 7 days left in the campaign: Hoi Cuu chien binh quan',
    );
    expect(slow?.body).toBe(
      `Còn 7 ngày đến hết đợt thi đua “${campaign.name}”: Hội Cựu chiến binh quận đã bàn giao 09/10 nhà ` +
        '(nhà nghĩa tình đồng đội), còn 01 nhà; đợt thi đua kết thúc ngày 31/12/2018, cần 0,13 nhà/ngày trong 08 ngày còn lại, kể cả hôm nay.' +
        `\n\n7 days left in the campaign (“${campaign.name}”): Hội Cựu chiến binh quận has handed over 09 of 10 houses ` +
        '(comradeship houses), 01 to go; the campaign ends on 31/12/2018, needing 0.13 a day over the 08 days left, today included.',
    );
  });

  it('sends nothing when the daily check is replayed for any day', async () => {
    const before = toOrganizations.length;
    const check = dailyCheck(deps);

    for (
      let day = Date.parse('2018-11-20T23:00:00.000Z');
      day <= Date.parse('2018-12-31T23:00:00.000Z');
      day += 86_400_000
    ) {
      await check({ scheduledTime: new Date(day).toISOString() }, context());
      await check({ scheduledTime: new Date(day).toISOString() }, context());
    }

    expect(toOrganizations.length).toBe(before);
  });

  it('never reminds about a withdrawn pledge, nor one already met', () => {
    const about = new Set(reminderRuns.map((m) => m.attributes.organizationId));

    expect(about.has(orgs.gone.id)).toBe(false);
    expect(about.has(orgs.done.id)).toBe(false);
  });

  it('lists an organization its own reminders, and refuses another organization', async () => {
    const own = await api('ListReminders', {
      pathParameters: { organizationId: orgs.slow.id },
      as: organizationUser(orgs.slow.id),
    });
    const other = await api('ListReminders', {
      pathParameters: { organizationId: orgs.slow.id },
      as: organizationUser(orgs.idle.id),
    });

    expect(own.status).toBe(200);
    expect(
      own.body.items.map((r: { milestone: string; dueOn: string; sent: boolean }) => [
        r.milestone,
        r.dueOn,
        r.sent,
      ]),
    ).toEqual([
      ['at-risk', '2018-11-25', true],
      ['ends-in-30-days', '2018-12-01', true],
      ['ends-in-7-days', '2018-12-24', true],
    ]);
    expect(other.status).toBe(403);
  });
});

describe('the weekly digest', () => {
  it('goes to leadership every Monday at 07:00 Vietnam time, once per run', () => {
    expect(digestRuns.map((m) => m.run)).toEqual(
      ['2018-11-26', '2018-12-03', '2018-12-10', '2018-12-17', '2018-12-24', '2018-12-31'].map((day) =>
        new Date(Date.parse(`${day}T07:00:00+07:00`)).toISOString(),
      ),
    );
    expect(digestRuns.every((m) => m.attributes.campaignId === campaign.id)).toBe(true);
  });

  it("reports the week's handovers, the totals to date, at-risk pledges, Vietnamese then English", () => {
    const digest = digestRuns.find(
      (m) => m.run === new Date(Date.parse('2018-12-10T07:00:00+07:00')).toISOString(),
    );

    expect(digest?.body).toBe(
      [
        `Tổng hợp tuần 03/12/2018 – 09/12/2018: “${campaign.name}”`,
        '',
        'Bàn giao trong tuần và lũy kế:',
        '- Mái ấm tình thương: 01 trong tuần, lũy kế 01/01 mái ấm đăng ký',
        '- Nhà nghĩa tình đồng đội: 00 trong tuần, lũy kế 09/10 nhà đăng ký',
        '- Điểm sinh hoạt văn hóa công nhân: 00 trong tuần, lũy kế 00/05 điểm đăng ký',
        '- Nhà ở hộ nghèo được hỗ trợ, cải tạo: 00 trong tuần, lũy kế 02/02 nhà đăng ký',
        '',
        'Đăng ký có nguy cơ không hoàn thành: 02',
        '- Hội Cựu chiến binh quận, nhà nghĩa tình đồng đội: 09/10; cần 0,045/ngày, nhịp độ đến nay 0,026/ngày',
        '- Liên đoàn Lao động quận, điểm sinh hoạt văn hóa công nhân: 00/05; cần 0,23/ngày, nhịp độ đến nay 0/ngày',
        '',
        'Đăng ký quá hạn: 00',
        '',
        // 01 + 09 + 00 + 02 recorded, none verified yet.
        'Bàn giao chờ xác minh: 12',
        '',
        `Week of 03/12/2018 – 09/12/2018: “${campaign.name}”`,
        '',
        'Handed over this week and to date:',
        '- Love shelters: 01 this week, 01 to date of 01 pledged',
        '- Comradeship houses: 00 this week, 09 to date of 10 pledged',
        "- Workers' cultural centers: 00 this week, 00 to date of 05 pledged",
        '- Supported or renovated houses: 00 this week, 02 to date of 02 pledged',
        '',
        'Pledges at risk: 02',
        '- Hội Cựu chiến binh quận, comradeship houses: 09 of 10; needs 0.045 a day, pace so far 0.026 a day',
        "- Liên đoàn Lao động quận, workers' cultural centers: 00 of 05; needs 0.23 a day, pace so far 0 a day",
        '',
        'Overdue pledges: 00',
        '',
        'Handovers awaiting verification: 12',
      ].join('\n'),
    );
  });

  it('refuses a digest for an unknown campaign with a clear not-found error', async () => {
    const run = weeklyDigest(deps)(
      { scheduledTime: current.toISOString(), campaignId: 'khong-co-dot-nay' },
      context(),
    );

    await expect(run).rejects.toMatchObject({
      code: 'not_found',
      message: 'Campaign khong-co-dot-nay was not found',
    });
  });

  it('uses the same expressions as the stack: Monday 07:00 and daily 06:00, Vietnam time', () => {
    expect(
      [scheduleNamed('WeeklyDigest'), scheduleNamed('DailyCheck')].map((s) => [s.expression, s.timeZone]),
    ).toEqual([
      ['cron(0 7 ? * MON *)', 'Asia/Ho_Chi_Minh'],
      ['cron(0 6 * * ? *)', 'Asia/Ho_Chi_Minh'],
    ]);
  });
});

type Seen = { run: string; organizationId?: string; milestone?: string };
/** Within one run, reminders follow the campaign's pledges as stored: compare in a fixed order. */
function byRunOrganizationMilestone(a: Seen, b: Seen): number {
  const key = (s: Seen) => `${s.run}|${s.organizationId}|${s.milestone}`;
  return key(a).localeCompare(key(b));
}

// The response contract: every route's real answers, over real HTTP, against its declared view schema, which
// is strict (a field the OpenAPI document does not name fails). A route added without a case here fails too.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import type { Role } from '../../shared/domain/roles';
import { type RouteName, routes } from '../../shared/routes';
import { scheduleNamed } from '../../shared/schedules';
import { type RouteSchemas, routeSchemas } from '../../shared/schemas/route-schemas';

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-contract-'));
let runtime: LocalRuntime;
const tokens = {} as Record<Role | 'second-front-committee', string>;
const suffix = randomUUID().slice(0, 8);
const campaignId = `contract-${suffix}`;
const organizationId = `contract-org-${suffix}`;
const isoDate = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Answer {
  status: number;
  contentType: string;
  body: unknown;
}

async function send(
  as: keyof typeof tokens | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    contentType,
    body: contentType.startsWith('application/json') && text ? JSON.parse(text) : text,
  };
}

/** Each route's real answers, gathered by one scenario in which every route is called as someone it serves. */
const answers = new Map<RouteName, Answer[]>();
const record = async (name: RouteName, answer: Promise<Answer>) => {
  const got = await answer;
  answers.set(name, [...(answers.get(name) ?? []), got]);
  return got.body as Record<string, unknown>;
};

beforeAll(async () => {
  runtime = await startLocalRuntime({ port: 0, dataDir, inMemory: true, demo: false });
  const key = await loadSigningKey(dataDir);
  for (const role of ['admin', 'front-committee', 'leadership'] as const) {
    tokens[role] = await issueToken(key, { role });
  }
  tokens.organization = await issueToken(key, { role: 'organization', organizationId });
  // Four eyes: a handover is verified by a front-committee member other than the one who recorded it.
  tokens['second-front-committee'] = await issueToken(key, { role: 'front-committee', person: 'second' });

  await record('Health', send(undefined, 'GET', '/health'));
  await record('GetOpenApi', send(undefined, 'GET', '/v1/openapi.json'));
  await record(
    'CreateOrganization',
    send('front-committee', 'POST', '/v1/organizations', {
      id: organizationId,
      name: 'Hội Phụ nữ',
      kind: 'womens-union',
    }),
  );
  await record('ListOrganizations', send('organization', 'GET', '/v1/organizations'));
  await record(
    'RenameOrganization',
    send('admin', 'PATCH', `/v1/organizations/${organizationId}`, { name: 'Hội Liên hiệp Phụ nữ' }),
  );
  await record(
    'CreateCampaign',
    send('front-committee', 'POST', '/v1/campaigns', {
      id: campaignId,
      name: 'Đợt kiểm tra hợp đồng',
      startsOn: isoDate(-30),
      endsOn: isoDate(30),
      wards: ['Bồ Đề', 'Gia Thụy'],
    }),
  );
  await record('ListCampaigns', send(undefined, 'GET', '/v1/campaigns'));
  await record('GetCampaign', send(undefined, 'GET', `/v1/campaigns/${campaignId}`));
  await record(
    'UpdateCampaign',
    send('front-committee', 'PATCH', `/v1/campaigns/${campaignId}`, {
      name: 'Đợt kiểm tra hợp đồng (sửa)',
      wards: ['Bồ Đề', 'Gia Thụy', 'Long Biên'],
      reason: 'Thêm phường',
    }),
  );
  const pledge = await record(
    'RegisterPledge',
    send('organization', 'POST', `/v1/campaigns/${campaignId}/pledges`, {
      organizationId,
      category: 'love-shelter',
      target: 1,
      note: 'Ghi chú',
    }),
  );
  await record(
    'RevisePledge',
    send('organization', 'PATCH', `/v1/campaigns/${campaignId}/pledges/${pledge.id}`, {
      target: 2,
      reason: 'Thêm',
    }),
  );
  await record('ListPledges', send('leadership', 'GET', `/v1/campaigns/${campaignId}/pledges`));
  const handoverBody = {
    organizationId,
    category: 'love-shelter',
    ward: 'Bồ Đề',
    handedOverOn: isoDate(-1),
    beneficiary: { name: 'Nguyễn Thị A', address: 'Tổ 1' },
    valueVnd: 80_000_000,
    funding: {
      cashVnd: [{ source: 'Ngân sách phường', amount: 50_000_000 }],
      materialsVnd: 30_000_000,
      laborDays: 12.5,
    },
    note: 'Bàn giao',
  };
  const handovers = [];
  for (const n of [1, 2, 3]) {
    handovers.push(
      await record(
        'RecordHandover',
        send(
          'front-committee',
          'POST',
          `/v1/campaigns/${campaignId}/handovers`,
          // Three households: the same one twice would be a likely duplicate (409).
          { ...handoverBody, beneficiary: { name: `Nguyễn Thị ${n}`, address: 'Tổ 1' } },
          { 'idempotency-key': `contract-${suffix}-${n}` },
        ),
      ),
    );
  }
  await record(
    'VoidHandover',
    send('front-committee', 'POST', `/v1/campaigns/${campaignId}/handovers/${handovers[2]?.id}/void`, {
      reason: 'Ghi nhầm',
    }),
  );
  await record(
    'EraseBeneficiary',
    send('admin', 'DELETE', `/v1/campaigns/${campaignId}/handovers/${handovers[1]?.id}/beneficiary`),
  );
  for (const handover of handovers.slice(0, 2)) {
    await record(
      'VerifyHandover',
      send('second-front-committee', 'POST', `/v1/campaigns/${campaignId}/handovers/${handover?.id}/verify`),
    );
  }
  await record(
    'UnverifyHandover',
    send('front-committee', 'POST', `/v1/campaigns/${campaignId}/handovers/${handovers[1]?.id}/unverify`, {
      reason: 'Biên bản thiếu chữ ký',
    }),
  );
  await runtime.settled();
  // A pledge with nothing handed over is at risk: the daily check reminds its organization, and the digest
  // goes to the feed, so both new views are answered for real (#15).
  await record(
    'RegisterPledge',
    send('organization', 'POST', `/v1/campaigns/${campaignId}/pledges`, {
      organizationId,
      category: 'cultural-center',
      target: 5,
    }),
  );
  await runtime.runSchedule(scheduleNamed('DailyCheck'));
  await runtime.runSchedule(scheduleNamed('WeeklyDigest'), { campaignId });
  await record('ListReminders', send('organization', 'GET', `/v1/organizations/${organizationId}/reminders`));
  for (const as of ['front-committee', 'leadership', 'organization'] as const) {
    await record('ListHandovers', send(as, 'GET', `/v1/campaigns/${campaignId}/handovers`));
  }
  await record('ExportHandovers', send('leadership', 'GET', `/v1/campaigns/${campaignId}/handovers/export`));
  await record(
    'ImportTemplate',
    send('front-committee', 'GET', `/v1/campaigns/${campaignId}/handover-import-template`),
  );
  const csv = `Họ tên chủ hộ,Phường/Xã,Hạng mục,Đơn vị thực hiện,Ngày bàn giao\nTrần Văn B,Bồ Đề,love-shelter,${organizationId},${isoDate(-1)}\nLê C,Không có,x,y,32/13/2018\n`;
  const preview = await record(
    'PreviewHandoverImport',
    fetch(`${runtime.url}/v1/campaigns/${campaignId}/handover-imports/preview`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['front-committee']}`, 'content-type': 'text/csv' },
      body: csv,
    }).then(async (response) => ({
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.json(),
    })),
  );
  const rows = preview.rows as { idempotencyKey: string; handover: unknown }[];
  await record(
    'RecordHandoverBatch',
    send('front-committee', 'POST', `/v1/campaigns/${campaignId}/handovers/batch`, {
      items: rows.map((row) => ({ idempotencyKey: row.idempotencyKey, handover: row.handover })),
    }),
  );
  // Closed last among the writes: a closed campaign takes no pledge, no handover and gets no digest.
  await record('CloseCampaign', send('admin', 'POST', `/v1/campaigns/${campaignId}/close`));
  await record('GetCampaign', send(undefined, 'GET', `/v1/campaigns/${campaignId}`));
  await record('GetAudit', send('front-committee', 'GET', `/v1/campaigns/${campaignId}/audit`));
  await record('GetProgress', send(undefined, 'GET', `/v1/campaigns/${campaignId}/progress`));
  for (const format of ['text', 'csv', 'html', 'xlsx', 'docx']) {
    await record('GetReport', send(undefined, 'GET', `/v1/campaigns/${campaignId}/report?format=${format}`));
  }
  await record('ListNotifications', send('leadership', 'GET', `/v1/notifications?campaignId=${campaignId}`));
  await record('GetDashboard', send(undefined, 'GET', '/'));
  await record('GetConsole', send(undefined, 'GET', '/console'));
  const invited = await record(
    'InviteStaff',
    send('admin', 'POST', '/v1/users', {
      email: `clerk-${suffix}@example.invalid`,
      role: 'front-committee',
      name: 'Cán bộ',
    }),
  );
  await record('ListStaff', send('admin', 'GET', '/v1/users'));
  await record('DisableStaff', send('admin', 'POST', `/v1/users/${invited.id}/disable`));
  await record('GetStaffAudit', send('admin', 'GET', '/v1/users/audit'));
  await record('GetOrganizationAudit', send('front-committee', 'GET', '/v1/organizations/audit'));
  const page = String(answers.get('GetDashboard')?.[0]?.body ?? '');
  await record('GetDashboardAsset', send(undefined, 'GET', String(page.match(/\/assets\/[\w.-]+\.js/)?.[0])));
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the response contract', () => {
  it('has real answers for every declared route', () => {
    expect([...answers.keys()].sort()).toEqual(routes.map((route) => route.name).sort());
  });

  it('checks a real reminder and a real digest, not empty lists (#15)', () => {
    const items = (name: RouteName) =>
      (answers.get(name) ?? []).flatMap(
        (a) => (a.body as { items: { type?: string; milestone?: string }[] }).items,
      );

    expect(
      items('ListReminders')
        .map((r) => r.milestone)
        .sort(),
    ).toEqual(['at-risk', 'ends-in-30-days']);
    expect(
      items('ListNotifications')
        .map((n) => n.type)
        .sort(),
    ).toEqual(['Pledge Exceeded', 'Weekly Digest']);
  });

  it.each(routes.map((route) => [route.name] as const))('%s answers what its schema declares', (name) => {
    const declared: RouteSchemas['response'] = routeSchemas[name].response;
    for (const answer of answers.get(name) ?? []) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(declared.status);
      if (!declared.schema || 'mediaTypes' in declared) continue;
      expect(answer.contentType).toMatch(/^application\/json/);
      const parsed = declared.schema.safeParse(answer.body);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    }
  });
});

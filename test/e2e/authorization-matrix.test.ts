// Authorization matrix over real HTTP: every declared route × every principal, the expected answer derived from route.access.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import { dashboardFiles } from '../../shared/dashboard/generated/assets';
import { type Role, roles } from '../../shared/domain/roles';
import { type RouteDeclaration, routes } from '../../shared/routes';

const declaredRoutes: readonly RouteDeclaration[] = routes;

/**
 * Callers without a valid token. Their tokens carry `front-committee`, which every protected route
 * admits, so a 401 is the token's fault alone.
 */
const unauthenticated = {
  'no-token': 'without a token',
  expired: 'with an expired token',
  'other-key': 'with a token signed by another key',
  'other-audience': 'with a token for another audience',
  'other-issuer': 'with a token from another issuer',
  'not-a-jwt': 'with a token that is not a JWT',
} as const;
type Unauthenticated = keyof typeof unauthenticated;

type Principal = { name: Role; role: Role; phrase: string } | { name: Unauthenticated; phrase: string };

const principals: Principal[] = [
  ...roles.map((role) => ({ name: role, role, phrase: `as ${role}` })),
  ...(Object.keys(unauthenticated) as Unauthenticated[]).map((name) => ({
    name,
    phrase: unauthenticated[name],
  })),
];

type Outcome = 'success' | 401 | 403;

/** What API Gateway and the handler's authorize step together answer, read from the declaration alone. */
function expectedOutcome(route: RouteDeclaration, principal: Principal): Outcome {
  // A route without an authorizer never looks at the Authorization header, whatever it holds.
  if (route.access === 'public') return 'success';
  if (!('role' in principal)) return 401;
  if (route.access === 'signed-in' || route.access.includes(principal.role)) return 'success';
  return 403;
}

const suffix = randomUUID().slice(0, 8);
const ownOrganizationId = `authz-own-${suffix}`;
const otherOrganizationId = `authz-other-${suffix}`;
const campaignId = `authz-main-${suffix}`;
const wards = ['Bồ Đề', 'Gia Thụy'];
const beneficiary = { name: 'Nguyễn Thị Hoa', address: 'Tổ 5, phường Gia Thụy' };
/** A household of its own: the same one recorded twice would be a likely duplicate (409, #15). */
const anotherBeneficiary = () => ({ ...beneficiary, name: `Nguyễn Thị Hoa ${randomUUID().slice(0, 8)}` });

let dataDir: string;
let runtime: LocalRuntime;
const authorizationOf = new Map<Principal['name'], string | undefined>();
/** The shared campaign's pledges: own organization's (exceeded, so the feed has an item) and another's. */
const mainPledges = { own: '', other: '' };

function freshId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** UTC date `days` from today; the API refuses handovers dated in the future. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function send(
  method: string,
  path: string,
  options: {
    authorization?: string | undefined;
    body?: unknown;
    /** A file's text, sent as is with the content-type given in `headers`. */
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      ...(options.authorization ? { authorization: options.authorization } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.rawBody !== undefined
      ? { body: options.rawBody }
      : options.body === undefined
        ? {}
        : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    contentType,
    text,
    body: contentType.includes('json') && text ? JSON.parse(text) : undefined,
  };
}
type Answer = Awaited<ReturnType<typeof send>>;

const staff = () => authorizationOf.get('front-committee');
/** A second front-committee member (a `sub` of their own): four eyes needs one to record and another to verify. */
let secondMember: string;

/** Set-up and read-back calls, made as the front committee; anything but a 2xx stops the test at once. */
async function asStaff(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const answer = await send(method, path, { authorization: staff(), body, headers });
  if (answer.status >= 300)
    throw new Error(`Set-up call ${method} ${path} → ${answer.status} ${answer.text}`);
  return answer.body;
}

/** User administration's set-up and read-back calls, made as an admin. */
async function asAdmin(method: string, path: string, body?: unknown) {
  const answer = await send(method, path, { authorization: authorizationOf.get('admin'), body });
  if (answer.status >= 300)
    throw new Error(`Set-up call ${method} ${path} → ${answer.status} ${answer.text}`);
  return answer.body;
}

const staffList = async (): Promise<Record<string, unknown>[]> => (await asAdmin('GET', '/v1/users')).items;
const staffMember = async (id: string) => (await staffList()).find((member) => member.id === id);

/** Every item of a list, following nextCursor. */
async function listAll(path: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await asStaff(
      'GET',
      cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const organizationIds = async () => (await listAll('/v1/organizations')).map((o) => o.id);
const pledgesOf = (campaign: string) => listAll(`/v1/campaigns/${campaign}/pledges`);
const handoversOf = (campaign: string) => listAll(`/v1/campaigns/${campaign}/handovers`);

async function createCampaign(id = freshId('authz-campaign')): Promise<string> {
  await asStaff('POST', '/v1/campaigns', {
    id,
    name: 'Đợt thi đua kiểm tra phân quyền',
    startsOn: isoDate(-60),
    endsOn: isoDate(60),
    wards,
  });
  return id;
}

async function registerPledge(campaign: string, organizationId: string, category: string, target: number) {
  const pledge = await asStaff('POST', `/v1/campaigns/${campaign}/pledges`, {
    organizationId,
    category,
    target,
  });
  return pledge.id as string;
}

async function recordHandover(campaign: string, organizationId: string, category: string) {
  const handover = await asStaff(
    'POST',
    `/v1/campaigns/${campaign}/handovers`,
    {
      organizationId,
      category,
      ward: 'Gia Thụy',
      handedOverOn: isoDate(-1),
      beneficiary: anotherBeneficiary(),
    },
    { 'idempotency-key': `authz-${randomUUID()}` },
  );
  return handover.id as string;
}

/** A campaign of its own with one handover that names a beneficiary, for a cell that changes it. */
async function scratchHandover() {
  const campaign = await createCampaign();
  return { campaign, handoverId: await recordHandover(campaign, ownOrganizationId, 'great-unity-house') };
}

/** As scratchHandover, recorded by the second member: the front committee's own token may then verify it. */
async function scratchHandoverOfSecondMember() {
  const campaign = await createCampaign();
  const answer = await send('POST', `/v1/campaigns/${campaign}/handovers`, {
    authorization: secondMember,
    body: {
      organizationId: ownOrganizationId,
      category: 'great-unity-house',
      ward: 'Gia Thụy',
      handedOverOn: isoDate(-1),
    },
    headers: { 'idempotency-key': `authz-${randomUUID()}` },
  });
  if (answer.status !== 201) throw new Error(`Set-up record → ${answer.status} ${answer.text}`);
  return { campaign, handoverId: answer.body.id as string };
}

/** A campaign of its own with one pledge of `organizationId` (target 3), for a cell that changes it. */
async function scratchPledge(organizationId: string) {
  const campaign = await createCampaign();
  return { campaign, pledgeId: await registerPledge(campaign, organizationId, 'love-shelter', 3) };
}

async function handoverIn(campaign: string, handoverId: string) {
  const handover = (await handoversOf(campaign)).find((h) => h.id === handoverId);
  if (!handover) throw new Error(`Handover ${handoverId} is not listed in ${campaign}`);
  return handover;
}

async function pledgeIn(campaign: string, pledgeId: string) {
  const pledge = (await pledgesOf(campaign)).find((p) => p.id === pledgeId);
  if (!pledge) throw new Error(`Pledge ${pledgeId} is not listed in ${campaign}`);
  return pledge;
}

const seesPersonalData = (principal: Principal) =>
  'role' in principal && (principal.role === 'admin' || principal.role === 'front-committee');

interface PreparedRequest {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** After a success: the body is the real result, and a read-back shows it took effect. */
  assertDone(answer: Answer, principal: Principal): void | Promise<void>;
  /** After a refusal of a change: a read-back showing nothing changed. */
  assertUnchanged?(): Promise<void>;
}

interface RequestBuilder {
  successStatus: 200 | 201 | 204;
  /** Called once per cell: a change gets a target of its own, set up as the front committee. */
  prepare(principal: Principal): Promise<PreparedRequest>;
}

const builders: Record<string, RequestBuilder> = {
  CreateOrganization: {
    successStatus: 201,
    async prepare() {
      const body = { id: freshId('authz-org'), name: 'Hội Chữ thập đỏ phường Gia Thụy', kind: 'other' };
      return {
        body,
        async assertDone(answer) {
          expect(answer.body).toEqual({ ...body, createdAt: expect.any(String) });
          expect(await organizationIds()).toContain(body.id);
        },
        async assertUnchanged() {
          expect(await organizationIds()).not.toContain(body.id);
        },
      };
    },
  },
  RenameOrganization: {
    successStatus: 200,
    async prepare() {
      const id = freshId('authz-rename');
      await asStaff('POST', '/v1/organizations', { id, name: 'Hội Chữ thập đỏ phường', kind: 'other' });
      const nameOf = async () => (await listAll('/v1/organizations')).find((o) => o.id === id)?.name;
      return {
        params: { organizationId: id },
        body: { name: 'Hội Chữ thập đỏ phường Gia Thụy' },
        async assertDone(answer) {
          expect(answer.body).toEqual({
            id,
            name: 'Hội Chữ thập đỏ phường Gia Thụy',
            kind: 'other',
            createdAt: expect.any(String),
          });
        },
        async assertUnchanged() {
          expect(await nameOf()).not.toBe('Hội Chữ thập đỏ phường Gia Thụy');
        },
      };
    },
  },
  ListOrganizations: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.body.items.map((o: { id: string }) => o.id)).toEqual(
            expect.arrayContaining([ownOrganizationId, otherOrganizationId]),
          );
        },
      };
    },
  },
  CreateCampaign: {
    successStatus: 201,
    async prepare() {
      const body = {
        id: freshId('authz-campaign'),
        name: 'Chào mừng 15 năm thành lập quận',
        startsOn: isoDate(-30),
        endsOn: isoDate(30),
        wards,
      };
      return {
        body,
        async assertDone(answer) {
          expect(answer.body).toEqual({ ...body, createdAt: expect.any(String) });
          expect(await asStaff('GET', `/v1/campaigns/${body.id}`)).toEqual(answer.body);
        },
        async assertUnchanged() {
          expect((await send('GET', `/v1/campaigns/${body.id}`)).status).toBe(404);
        },
      };
    },
  },
  ListCampaigns: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.body.items).toContainEqual({
            id: campaignId,
            name: 'Đợt thi đua kiểm tra phân quyền',
            startsOn: isoDate(-60),
            endsOn: isoDate(60),
          });
        },
      };
    },
  },
  UpdateCampaign: {
    successStatus: 200,
    async prepare() {
      const campaign = await createCampaign();
      return {
        params: { campaignId: campaign },
        body: { name: 'Đợt thi đua đã đổi tên', reason: 'Theo quyết định mới' },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({ id: campaign, name: 'Đợt thi đua đã đổi tên' });
          expect((await send('GET', `/v1/campaigns/${campaign}`)).body).toMatchObject({
            name: 'Đợt thi đua đã đổi tên',
          });
        },
        async assertUnchanged() {
          expect((await send('GET', `/v1/campaigns/${campaign}`)).body).toMatchObject({
            name: 'Đợt thi đua kiểm tra phân quyền',
          });
        },
      };
    },
  },
  GetCampaign: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          expect(answer.body).toEqual({
            id: campaignId,
            name: 'Đợt thi đua kiểm tra phân quyền',
            startsOn: isoDate(-60),
            endsOn: isoDate(60),
            wards,
            createdAt: expect.any(String),
          });
        },
      };
    },
  },
  RegisterPledge: {
    successStatus: 201,
    async prepare() {
      // The organization principal may pledge for its own organization; staff may for any, so the same body fits both.
      const campaign = await createCampaign();
      const body = { organizationId: ownOrganizationId, category: 'great-unity-house', target: 3 };
      return {
        params: { campaignId: campaign },
        body,
        async assertDone(answer) {
          expect(answer.body).toMatchObject({
            ...body,
            id: expect.stringMatching(/^[a-z0-9]{8,64}$/),
            campaignId: campaign,
            delivered: 0,
            status: 'in-progress',
          });
          expect((await pledgesOf(campaign)).map((p) => p.id)).toEqual([answer.body.id]);
        },
        async assertUnchanged() {
          expect(await pledgesOf(campaign)).toEqual([]);
        },
      };
    },
  },
  RevisePledge: {
    successStatus: 200,
    async prepare() {
      const { campaign, pledgeId } = await scratchPledge(ownOrganizationId);
      return {
        params: { campaignId: campaign, pledgeId },
        body: { target: 5, reason: 'Nâng chỉ tiêu sau hội nghị' },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({ id: pledgeId, organizationId: ownOrganizationId, target: 5 });
          expect(await pledgeIn(campaign, pledgeId)).toMatchObject({ target: 5, status: 'in-progress' });
        },
        async assertUnchanged() {
          expect(await pledgeIn(campaign, pledgeId)).toMatchObject({ target: 3, status: 'in-progress' });
        },
      };
    },
  },
  ListPledges: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          expect(answer.body.items.map((p: { id: string }) => p.id).sort()).toEqual(
            [mainPledges.own, mainPledges.other].sort(),
          );
        },
      };
    },
  },
  RecordHandover: {
    successStatus: 201,
    async prepare() {
      const campaign = await createCampaign();
      const body = {
        organizationId: ownOrganizationId,
        category: 'comradeship-house',
        ward: 'Bồ Đề',
        handedOverOn: isoDate(-2),
        beneficiary: anotherBeneficiary(),
      };
      return {
        params: { campaignId: campaign },
        body,
        headers: { 'idempotency-key': `authz-${randomUUID()}` },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({
            ...body,
            id: expect.stringMatching(/^[a-z0-9]{8,64}$/),
            campaignId: campaign,
            status: 'recorded',
          });
          expect((await handoversOf(campaign)).map((h) => h.id)).toEqual([answer.body.id]);
        },
        async assertUnchanged() {
          expect(await handoversOf(campaign)).toEqual([]);
        },
      };
    },
  },
  VoidHandover: {
    successStatus: 200,
    async prepare() {
      const { campaign, handoverId } = await scratchHandover();
      return {
        params: { campaignId: campaign, handoverId },
        body: { reason: 'Ghi nhầm phường' },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({
            id: handoverId,
            status: 'voided',
            voidReason: 'Ghi nhầm phường',
          });
          expect(await handoverIn(campaign, handoverId)).toMatchObject({ status: 'voided' });
        },
        async assertUnchanged() {
          const handover = await handoverIn(campaign, handoverId);
          expect(handover.status).toBe('recorded');
          expect(handover.voidedAt).toBeUndefined();
        },
      };
    },
  },
  VerifyHandover: {
    successStatus: 200,
    async prepare() {
      const { campaign, handoverId } = await scratchHandoverOfSecondMember();
      return {
        params: { campaignId: campaign, handoverId },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({ id: handoverId, verification: 'verified' });
          expect(await handoverIn(campaign, handoverId)).toMatchObject({ verification: 'verified' });
        },
        async assertUnchanged() {
          expect(await handoverIn(campaign, handoverId)).toMatchObject({ verification: 'unverified' });
        },
      };
    },
  },
  UnverifyHandover: {
    successStatus: 200,
    async prepare() {
      const { campaign, handoverId } = await scratchHandover();
      const verified = await send('POST', `/v1/campaigns/${campaign}/handovers/${handoverId}/verify`, {
        authorization: secondMember,
      });
      if (verified.status !== 200) throw new Error(`Set-up verify → ${verified.status} ${verified.text}`);
      return {
        params: { campaignId: campaign, handoverId },
        body: { reason: 'Biên bản thiếu chữ ký' },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({ id: handoverId, verification: 'unverified' });
          expect(await handoverIn(campaign, handoverId)).toMatchObject({ verification: 'unverified' });
        },
        async assertUnchanged() {
          expect(await handoverIn(campaign, handoverId)).toMatchObject({ verification: 'verified' });
        },
      };
    },
  },
  CloseCampaign: {
    successStatus: 200,
    async prepare() {
      const campaign = await createCampaign();
      const read = async () => (await send('GET', `/v1/campaigns/${campaign}`)).body;
      return {
        params: { campaignId: campaign },
        async assertDone(answer) {
          expect(answer.body).toMatchObject({ id: campaign, closedAt: expect.any(String) });
          expect(await read()).toMatchObject({ closedAt: answer.body.closedAt });
        },
        async assertUnchanged() {
          expect((await read()).closedAt).toBeUndefined();
        },
      };
    },
  },
  RecordHandoverBatch: {
    successStatus: 200,
    async prepare() {
      const campaign = await createCampaign();
      const handover = {
        organizationId: ownOrganizationId,
        category: 'comradeship-house',
        ward: 'Bồ Đề',
        handedOverOn: isoDate(-2),
        beneficiary: anotherBeneficiary(),
      };
      return {
        params: { campaignId: campaign },
        body: { items: [{ idempotencyKey: `authz-${randomUUID()}`, handover }] },
        async assertDone(answer) {
          expect(answer.body.results).toEqual([
            expect.objectContaining({
              status: 'recorded',
              handoverId: expect.stringMatching(/^[a-z0-9]{32}$/),
            }),
          ]);
          expect((await handoversOf(campaign)).map((h) => h.id)).toEqual([answer.body.results[0].handoverId]);
        },
        async assertUnchanged() {
          expect(await handoversOf(campaign)).toEqual([]);
        },
      };
    },
  },
  ImportTemplate: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          expect(answer.contentType).toBe(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          );
        },
      };
    },
  },
  PreviewHandoverImport: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        headers: { 'content-type': 'text/csv; charset=utf-8' },
        rawBody: `Họ tên chủ hộ,Phường/Xã,Hạng mục,Đơn vị thực hiện,Ngày bàn giao\nLê Văn Tám,Bồ Đề,love-shelter,${ownOrganizationId},${isoDate(-1).split('-').reverse().join('/')}\n`,
        assertDone(answer) {
          expect(answer.body.summary).toEqual({ rows: 1, ready: 1, withProblems: 0 });
        },
      };
    },
  },
  ExportHandovers: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          expect(answer.contentType).toBe(
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          );
        },
      };
    },
  },
  ListHandovers: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer, principal) {
          const items: { organizationId: string; beneficiary?: unknown }[] = answer.body.items;
          // An organization sees its own organization's handovers only; everyone else sees all of them.
          const expectedOrganizations =
            principal.name === 'organization'
              ? [ownOrganizationId]
              : [ownOrganizationId, otherOrganizationId].sort();
          expect([...new Set(items.map((h) => h.organizationId))].sort()).toEqual(expectedOrganizations);
          expect(items.every((h) => (h.beneficiary !== undefined) === seesPersonalData(principal))).toBe(
            true,
          );
        },
      };
    },
  },
  GetProgress: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          expect(answer.body.campaignId).toBe(campaignId);
          expect(answer.body.pledges).toContainEqual(
            expect.objectContaining({ id: mainPledges.own, target: 1, delivered: 2, status: 'exceeded' }),
          );
          expect(answer.body.totals).toContainEqual(
            expect.objectContaining({ category: 'love-shelter', pledged: 1, delivered: 2, surplus: 1 }),
          );
        },
      };
    },
  },
  GetReport: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        query: { lang: 'vi', format: 'text' },
        assertDone(answer) {
          expect(answer.contentType).toMatch(/^text\/plain/);
          expect(answer.text).toContain('bàn giao 02 “mái ấm tình thương” (vượt 01 mái ấm so với đăng ký)');
        },
      };
    },
  },
  ListNotifications: {
    successStatus: 200,
    async prepare() {
      return {
        query: { campaignId },
        assertDone(answer) {
          expect(answer.body.items).toEqual([
            expect.objectContaining({
              campaignId,
              type: 'Pledge Exceeded',
              pledgeId: mainPledges.own,
              organizationId: ownOrganizationId,
              surplus: 1,
            }),
          ]);
        },
      };
    },
  },
  ListReminders: {
    successStatus: 200,
    async prepare() {
      return {
        params: { organizationId: ownOrganizationId },
        assertDone(answer) {
          // The organization's reminders, whatever the daily check has sent so far; never another's.
          expect(answer.body).toEqual({ items: expect.any(Array) });
          for (const item of answer.body.items) expect(item.organizationId).toBe(ownOrganizationId);
        },
      };
    },
  },
  GetOpenApi: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.body.openapi).toMatch(/^3\.1\./);
          expect(Object.keys(answer.body.paths)).toContain('/v1/campaigns/{campaignId}/pledges');
        },
      };
    },
  },
  Health: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.body).toEqual({ status: 'ok' });
        },
      };
    },
  },
  GetDashboard: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.contentType).toMatch(/^text\/html/);
          expect(answer.text).toMatch(/^<!doctype html>/i);
        },
      };
    },
  },
  GetConsole: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          expect(answer.contentType).toMatch(/^text\/html/);
          expect(answer.text).toContain('data-i18n="handoverHeading"');
        },
      };
    },
  },
  GetDashboardAsset: {
    successStatus: 200,
    async prepare() {
      const [file, asset] = Object.entries(dashboardFiles)[0] ?? [];
      if (!file || !asset) throw new Error('The dashboard has no generated assets');
      return {
        params: { file },
        assertDone(answer) {
          expect(answer.contentType).toContain(asset.contentType);
          expect(answer.text).toBe(asset.body);
        },
      };
    },
  },
  InviteStaff: {
    successStatus: 201,
    async prepare() {
      const email = `${freshId('authz-clerk')}@example.vn`;
      return {
        body: { email, role: 'front-committee' },
        async assertDone(answer) {
          expect(answer.body).toEqual({
            id: expect.stringMatching(/^[0-9a-f-]{36}$/),
            username: email,
            role: 'front-committee',
            temporaryPassword: expect.any(String),
          });
          expect(await staffMember(answer.body.id)).toEqual(
            expect.objectContaining({ username: email, roles: ['front-committee'], enabled: true }),
          );
        },
        async assertUnchanged() {
          expect((await staffList()).map((member) => member.username)).not.toContain(email);
        },
      };
    },
  },
  ListStaff: {
    successStatus: 200,
    async prepare() {
      return {
        assertDone(answer) {
          // The identity provider's demo users exist even without the demo campaign.
          expect(answer.body.items).toEqual(
            expect.arrayContaining([
              expect.objectContaining({ username: 'admin', roles: ['admin'], enabled: true }),
              expect.objectContaining({
                username: 'phunu',
                roles: ['organization'],
                organizationId: 'hoi-phu-nu-long-bien',
              }),
            ]),
          );
        },
      };
    },
  },
  DisableStaff: {
    successStatus: 204,
    async prepare() {
      const invited = await asAdmin('POST', '/v1/users', {
        email: `${freshId('authz-leaving')}@example.vn`,
        role: 'leadership',
      });
      return {
        params: { userId: invited.id },
        async assertDone(answer) {
          expect(answer.text).toBe('');
          expect((await staffMember(invited.id))?.enabled).toBe(false);
        },
        async assertUnchanged() {
          expect((await staffMember(invited.id))?.enabled).toBe(true);
        },
      };
    },
  },
  GetStaffAudit: {
    successStatus: 200,
    async prepare() {
      const invited = await asAdmin('POST', '/v1/users', {
        email: `${freshId('authz-audited')}@example.vn`,
        role: 'organization',
        organizationId: ownOrganizationId,
      });
      return {
        assertDone(answer) {
          // Cells run side by side, so other invitations may come between: the entry is in the page, newest first.
          const times = answer.body.items.map((entry: { at: string }) => entry.at);
          expect(times).toEqual([...times].sort().reverse());
          expect(answer.body.items).toContainEqual({
            id: expect.any(String),
            at: expect.any(String),
            actor: { sub: expect.any(String), roles: ['admin'] },
            action: 'user.invited',
            subject: { type: 'user', id: invited.id },
            changes: [
              { field: 'role', to: 'organization' },
              { field: 'organizationId', to: ownOrganizationId },
            ],
          });
        },
      };
    },
  },
  GetOrganizationAudit: {
    successStatus: 200,
    async prepare() {
      const id = freshId('authz-renamed');
      await asStaff('POST', '/v1/organizations', { id, name: 'Chi hội Cựu chiến binh', kind: 'other' });
      await asStaff('PATCH', `/v1/organizations/${id}`, { name: 'Chi hội Cựu chiến binh phường Bồ Đề' });
      return {
        assertDone(answer) {
          expect(answer.body.items).toContainEqual({
            id: expect.any(String),
            at: expect.any(String),
            actor: { sub: expect.any(String), roles: ['front-committee'] },
            action: 'organization.renamed',
            subject: { type: 'organization', id },
            changes: [
              { field: 'name', from: 'Chi hội Cựu chiến binh', to: 'Chi hội Cựu chiến binh phường Bồ Đề' },
            ],
          });
        },
      };
    },
  },
  // Being added: GET /v1/campaigns/{campaignId}/audit, for admin and front-committee.
  GetAudit: {
    successStatus: 200,
    async prepare() {
      return {
        params: { campaignId },
        assertDone(answer) {
          // The shared campaign's pledges and handovers were registered and recorded in set-up, each leaving an entry.
          expect(answer.body).toEqual({
            items: expect.any(Array),
            ...(answer.body.nextCursor === undefined ? {} : { nextCursor: expect.any(String) }),
          });
          expect(answer.body.items).toEqual(
            expect.arrayContaining(
              [mainPledges.own, mainPledges.other].map((id) =>
                expect.objectContaining({
                  campaignId,
                  action: 'pledge.registered',
                  subject: { type: 'pledge', id },
                }),
              ),
            ),
          );
        },
      };
    },
  },
  // Being added: DELETE /v1/campaigns/{campaignId}/handovers/{handoverId}/beneficiary, for admin and front-committee.
  EraseBeneficiary: {
    successStatus: 204,
    async prepare() {
      const { campaign, handoverId } = await scratchHandover();
      const path = `/v1/campaigns/${campaign}/handovers/${handoverId}/beneficiary`;
      return {
        params: { campaignId: campaign, handoverId },
        async assertDone(answer) {
          expect(answer.text).toBe('');
          const handover = await handoverIn(campaign, handoverId);
          expect(handover.beneficiary).toBeUndefined();
          expect(handover.status).toBe('recorded');
          // Erasing twice is no error: the second call finds nothing left to erase.
          const again = await send('DELETE', path, { authorization: staff() });
          expect({ status: again.status, text: again.text }).toEqual({ status: 204, text: '' });
        },
        async assertUnchanged() {
          expect((await handoverIn(campaign, handoverId)).beneficiary).toEqual({
            ...beneficiary,
            name: expect.stringMatching(/^Nguyễn Thị Hoa [0-9a-f]{8}$/),
          });
        },
      };
    },
  },
};

function urlFor(route: RouteDeclaration, request: PreparedRequest): string {
  const path = route.path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => {
    const value = request.params?.[name];
    if (value === undefined) throw new Error(`The builder for ${route.name} gives no {${name}}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(request.query ?? {}).toString();
  return query ? `${path}?${query}` : path;
}

const matrix = declaredRoutes.flatMap((route) =>
  principals.map((principal) => {
    const outcome = expectedOutcome(route, principal);
    const status = outcome === 'success' ? (builders[route.name]?.successStatus ?? '2xx') : outcome;
    return {
      name: `${route.method} ${route.path} ${principal.phrase} → ${status}`,
      route,
      principal,
      outcome,
    };
  }),
);

/** An organization user reaching for another organization's data is refused, and nothing changes. */
const crossOrganization: { name: string; run: () => Promise<void> }[] = [
  {
    name: 'POST /v1/campaigns/{campaignId}/pledges as organization for another organization → 403',
    async run() {
      const campaign = await createCampaign();
      const answer = await send('POST', `/v1/campaigns/${campaign}/pledges`, {
        authorization: authorizationOf.get('organization'),
        body: { organizationId: otherOrganizationId, category: 'great-unity-house', target: 3 },
      });
      expectRefusal(answer, 403);
      expect(await pledgesOf(campaign)).toEqual([]);
    },
  },
  {
    name: "PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} as organization revising another organization's pledge → 403",
    async run() {
      const { campaign, pledgeId } = await scratchPledge(otherOrganizationId);
      const before = await pledgeIn(campaign, pledgeId);
      const answer = await send('PATCH', `/v1/campaigns/${campaign}/pledges/${pledgeId}`, {
        authorization: authorizationOf.get('organization'),
        body: { target: 1, reason: 'Hạ chỉ tiêu' },
      });
      expectRefusal(answer, 403);
      expect(await pledgeIn(campaign, pledgeId)).toEqual(before);
    },
  },
  {
    name: "PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} as organization withdrawing another organization's pledge → 403",
    async run() {
      const { campaign, pledgeId } = await scratchPledge(otherOrganizationId);
      const before = await pledgeIn(campaign, pledgeId);
      const answer = await send('PATCH', `/v1/campaigns/${campaign}/pledges/${pledgeId}`, {
        authorization: authorizationOf.get('organization'),
        body: { status: 'withdrawn', reason: 'Rút đăng ký' },
      });
      expectRefusal(answer, 403);
      expect(await pledgeIn(campaign, pledgeId)).toEqual(before);
    },
  },
  {
    name: 'GET /v1/campaigns/{campaignId}/handovers?organizationId=<another organization> as organization → 403',
    async run() {
      const answer = await send(
        'GET',
        `/v1/campaigns/${campaignId}/handovers?organizationId=${otherOrganizationId}`,
        { authorization: authorizationOf.get('organization') },
      );
      expectRefusal(answer, 403);
      // The other organization's handover is still there, for those who may see it.
      expect((await handoversOf(campaignId)).map((h) => h.organizationId)).toContain(otherOrganizationId);
    },
  },
  {
    name: 'GET /v1/campaigns/{campaignId}/handovers?organizationId=<its own organization> as organization → 200, its own handovers only',
    async run() {
      const answer = await send(
        'GET',
        `/v1/campaigns/${campaignId}/handovers?organizationId=${ownOrganizationId}`,
        { authorization: authorizationOf.get('organization') },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.items).toHaveLength(2);
      expect(
        answer.body.items.every(
          (h: { organizationId: string; beneficiary?: unknown }) =>
            h.organizationId === ownOrganizationId && h.beneficiary === undefined,
        ),
      ).toBe(true);
    },
  },
];

function expectRefusal(answer: Answer, status: 401 | 403) {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status,
    body: { error: { code: status === 401 ? 'unauthorized' : 'forbidden', message: expect.any(String) } },
  });
}

describe('the request builders', () => {
  it('cover every declared route', () => {
    const missing = declaredRoutes.map((r) => r.name).filter((name) => !Object.hasOwn(builders, name));
    expect(missing, 'routes without a request builder in authorization-matrix.test.ts').toEqual([]);
  });

  it('are only for declared routes', () => {
    const declared = new Set(declaredRoutes.map((r) => r.name));
    const undeclared = Object.keys(builders).filter((name) => !declared.has(name));
    expect(undeclared, 'request builders for routes not in shared/routes.ts').toEqual([]);
  });
});

// Cells run concurrently: each change has a target of its own, and the shared campaign is only read after set-up.
describe.concurrent(`the authorization matrix (${matrix.length + crossOrganization.length} cells)`, () => {
  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
    dataDir = mkdtempSync(join(tmpdir(), 'pledge-authz-'));
    runtime = await startLocalRuntime({ port: 0, dataDir, inMemory: true, demo: false });
    const key = await loadSigningKey(dataDir);
    const bearer = async (request: Parameters<typeof issueToken>[1], signingKey = key) =>
      `Bearer ${await issueToken(signingKey, request)}`;
    for (const role of roles) {
      authorizationOf.set(
        role,
        await bearer({ role, ...(role === 'organization' ? { organizationId: ownOrganizationId } : {}) }),
      );
    }
    const { privateKey: otherPrivateKey } = await generateKeyPair('RS256');
    const staffRole = { role: 'front-committee' } as const;
    authorizationOf.set('no-token', undefined);
    authorizationOf.set('expired', await bearer({ ...staffRole, expiresIn: -3600 }));
    // Same kid as the real key, so only the signature gives it away.
    authorizationOf.set('other-key', await bearer(staffRole, { ...key, privateKey: otherPrivateKey }));
    authorizationOf.set('other-audience', await bearer({ ...staffRole, audience: 'another-app-client' }));
    authorizationOf.set(
      'other-issuer',
      await bearer({
        ...staffRole,
        issuer: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_x',
      }),
    );
    authorizationOf.set('not-a-jwt', 'Bearer not-a-jwt');
    secondMember = await bearer({ role: 'front-committee', person: 'second' });

    await Promise.all(
      [ownOrganizationId, otherOrganizationId].map((id) =>
        asStaff('POST', '/v1/organizations', { id, name: `Tổ chức ${id}`, kind: 'womens-union' }),
      ),
    );
    await createCampaign(campaignId);
    mainPledges.own = await registerPledge(campaignId, ownOrganizationId, 'love-shelter', 1);
    mainPledges.other = await registerPledge(campaignId, otherOrganizationId, 'great-unity-house', 2);
    // Two handovers against a target of 1: the pledge is exceeded, and leadership's feed gets an item.
    await recordHandover(campaignId, ownOrganizationId, 'love-shelter');
    await recordHandover(campaignId, ownOrganizationId, 'love-shelter');
    await recordHandover(campaignId, otherOrganizationId, 'great-unity-house');
    await runtime.settled(20_000);
  });
  afterAll(async () => {
    await runtime?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  // '%s' of a [name, cell] row prints the name whole; '$name' would quote it and cut it at 40 characters.
  it.each(matrix.map((cell) => [cell.name, cell] as const))(
    '%s',
    async (_name, { route, principal, outcome }) => {
      const builder = builders[route.name];
      if (!builder) throw new Error(`No request builder for ${route.name}: add one to builders`);
      const request = await builder.prepare(principal);

      const answer = await send(route.method, urlFor(route, request), {
        authorization: authorizationOf.get(principal.name),
        body: request.body,
        ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : {}),
        ...(request.headers ? { headers: request.headers } : {}),
      });

      if (outcome === 'success') {
        expect(answer.status, answer.text.slice(0, 500)).toBe(builder.successStatus);
        await request.assertDone(answer, principal);
      } else {
        expectRefusal(answer, outcome);
        await request.assertUnchanged?.();
      }
    },
  );

  it.each(crossOrganization.map((cell) => [cell.name, cell] as const))('%s', (_name, { run }) => run());
});

// Hostile input over real HTTP against the in-process local runtime: each bad request is refused in the API's error shape and changes nothing.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import type { ErrorCode } from '../../shared/domain/errors';

type Who = 'front-committee' | 'admin' | 'leadership' | 'organization' | 'nobody' | 'garbage';

interface WireRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent exactly as written: no URL normalization, so `..` and percent-escapes reach the gateway. */
  path: string;
  /** Defaults to front-committee; `organization` acts for the fixture's organization without a pledge. */
  as?: Who;
  /** An `undefined` value leaves a default header out. */
  headers?: Record<string, string | undefined>;
  /** Sent as JSON.stringify(json), application/json. */
  json?: unknown;
  /** Sent byte for byte, as application/json unless `headers` says otherwise. */
  raw?: string | Buffer;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions.
  body: any;
}

interface Fixture {
  campaignId: string;
  /** Has the pledge (great-unity-house) and the handover. */
  organizationId: string;
  /** Has no pledge; the `organization` token acts for it. */
  freeOrganizationId: string;
  pledgeId: string;
  handoverId: string;
  handoverKey: string;
  handoverBody: Record<string, unknown>;
}

interface HostileCase {
  name: string;
  request: (f: Fixture) => WireRequest;
  status: number;
  /** The error code; absent for answers that are not errors, or not the API's own (Node's 431). */
  code?: ErrorCode;
  /** For validation_failed: the one detail's path. */
  path?: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-hostile-'));
let runtime: LocalRuntime;
const tokens = {} as Record<Who, string | undefined>;
let fixture: Fixture;
const runtimeErrors: string[] = [];

/** UTC date `days` from today; Vietnam is ahead of UTC, so -1 is always past and +2 always future there. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

function send(request: WireRequest): Promise<Answer> {
  const body = request.raw ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
  const token = tokens[request.as ?? 'front-committee'];
  const headers = Object.fromEntries(
    Object.entries({
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...request.headers,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    let answered = false;
    const outgoing = httpRequest(
      {
        host: '127.0.0.1',
        port: runtime.port,
        method: request.method,
        path: request.path,
        headers,
        agent: false,
      },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text, body: parsed });
        });
      },
    );
    // A server that answers 413 early may close the socket while the body is still being written.
    outgoing.on('error', (error) => {
      if (!answered) reject(error);
    });
    outgoing.end(body);
  });
}

async function call(request: WireRequest): Promise<Answer> {
  const answer = await send(request);
  if (answer.status >= 300)
    throw new Error(`${request.method} ${request.path}: ${answer.status} ${answer.text}`);
  return answer;
}

async function allItems(path: string, as: Who = 'front-committee'): Promise<unknown[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page = await call({
      method: 'GET',
      path: cursor ? `${path}${separator}cursor=${encodeURIComponent(cursor)}` : path,
      as,
    });
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

/** Everything a hostile request could have changed, as the API shows it. */
async function readBack() {
  const campaign = `/v1/campaigns/${fixture.campaignId}`;
  const [progress, pledges, handovers, organizations, campaigns, audit] = await Promise.all([
    call({ method: 'GET', path: `${campaign}/progress`, as: 'nobody' }),
    allItems(`${campaign}/pledges`),
    allItems(`${campaign}/handovers`),
    allItems('/v1/organizations'),
    allItems('/v1/campaigns', 'nobody'),
    allItems(`${campaign}/audit`),
  ]);
  const { asOf: _asOf, ...progressBody } = progress.body;
  return { progress: progressBody, pledges, handovers, organizations, campaigns, audit };
}

beforeAll(async () => {
  runtime = await startLocalRuntime({
    port: 0,
    dataDir,
    inMemory: true,
    demo: false,
    logError: (message, error) =>
      runtimeErrors.push(`${message} ${error instanceof Error ? error.message : String(error ?? '')}`),
  });
  const suffix = randomUUID().slice(0, 8);
  const organizationId = `hostile-org-${suffix}`;
  const freeOrganizationId = `hostile-free-${suffix}`;
  const campaignId = `hostile-${suffix}`;
  const key = await loadSigningKey(dataDir);
  tokens['front-committee'] = await issueToken(key, { role: 'front-committee' });
  tokens.admin = await issueToken(key, { role: 'admin' });
  tokens.leadership = await issueToken(key, { role: 'leadership' });
  tokens.organization = await issueToken(key, { role: 'organization', organizationId: freeOrganizationId });
  tokens.garbage = 'not.a.token';

  for (const [id, name] of [
    [organizationId, 'Hội Liên hiệp Phụ nữ phường'],
    [freeOrganizationId, 'Đoàn Thanh niên phường'],
  ]) {
    await call({ method: 'POST', path: '/v1/organizations', json: { id, name, kind: 'other' } });
  }
  await call({
    method: 'POST',
    path: '/v1/campaigns',
    json: {
      id: campaignId,
      name: 'Đợt thi đua thử sức chịu đựng',
      startsOn: isoDate(-60),
      endsOn: isoDate(60),
      wards: ['Bồ Đề', 'Gia Thụy', 'Đức Giang'],
    },
  });
  const pledge = await call({
    method: 'POST',
    path: `/v1/campaigns/${campaignId}/pledges`,
    json: { organizationId, category: 'great-unity-house', target: 3 },
  });
  const handoverKey = `hostile-setup-${suffix}`;
  const handoverBody = {
    organizationId,
    category: 'great-unity-house',
    ward: 'Bồ Đề',
    handedOverOn: isoDate(-2),
    beneficiary: { name: 'Phạm Văn Bình', address: 'Tổ 5, phường Bồ Đề' },
  };
  const handover = await call({
    method: 'POST',
    path: `/v1/campaigns/${campaignId}/handovers`,
    headers: { 'idempotency-key': handoverKey },
    json: handoverBody,
  });
  fixture = {
    campaignId,
    organizationId,
    freeOrganizationId,
    pledgeId: pledge.body.id,
    handoverId: handover.body.id,
    handoverKey,
    handoverBody,
  };
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const campaignPath = (f: Fixture, rest = '') => `/v1/campaigns/${f.campaignId}${rest}`;

/** A valid pledge for the organization without one, changed by `overrides`. */
const pledge =
  (overrides: Record<string, unknown>, extra: Partial<WireRequest> = {}) =>
  (f: Fixture): WireRequest => ({
    method: 'POST',
    path: campaignPath(f, '/pledges'),
    json: { organizationId: f.freeOrganizationId, category: 'love-shelter', target: 2, ...overrides },
    ...extra,
  });

/** The same valid pledge written by hand, with `fields` (raw JSON) appended. */
const rawPledge =
  (fields: string) =>
  (f: Fixture): WireRequest => ({
    method: 'POST',
    path: campaignPath(f, '/pledges'),
    raw: `{"organizationId":"${f.freeOrganizationId}","category":"love-shelter",${fields}}`,
  });

const validHandover = (f: Fixture) => ({
  organizationId: f.organizationId,
  category: 'great-unity-house',
  ward: 'Gia Thụy',
  handedOverOn: isoDate(-1),
  // A household of its own each time: the same one twice is a likely duplicate (409, #15).
  beneficiary: { name: `Nguyễn Thị Hoa ${randomUUID().slice(0, 8)}`, address: 'Tổ 3, phường Gia Thụy' },
});

/** A valid handover under a fresh Idempotency-Key, changed by `overrides`. */
const handover =
  (overrides: Record<string, unknown>, headers: Record<string, string | undefined> = {}) =>
  (f: Fixture): WireRequest => ({
    method: 'POST',
    path: campaignPath(f, '/handovers'),
    headers: { 'idempotency-key': `hostile-${randomUUID()}`, ...headers },
    json: { ...validHandover(f), ...overrides },
  });

const rawHandover =
  (raw: (f: Fixture) => string) =>
  (f: Fixture): WireRequest => ({
    method: 'POST',
    path: campaignPath(f, '/handovers'),
    headers: { 'idempotency-key': `hostile-${randomUUID()}` },
    raw: raw(f),
  });

/** `{...valid handover` without its closing brace, to append raw fields to. */
const openHandover = (f: Fixture) => JSON.stringify(validHandover(f)).slice(0, -1);

const revise =
  (body: unknown, pledgeId?: string) =>
  (f: Fixture): WireRequest => ({
    method: 'PATCH',
    path: campaignPath(f, `/pledges/${pledgeId ?? f.pledgeId}`),
    json: body,
  });

const voidHandover =
  (body: unknown, handoverId?: string) =>
  (f: Fixture): WireRequest => ({
    method: 'POST',
    path: campaignPath(f, `/handovers/${handoverId ?? f.handoverId}/void`),
    json: body,
  });

const organization = (overrides: Record<string, unknown>) => (): WireRequest => ({
  method: 'POST',
  path: '/v1/organizations',
  json: {
    id: `hostile-new-${randomUUID().slice(0, 8)}`,
    name: 'Hội Nông dân phường',
    kind: 'other',
    ...overrides,
  },
});

const campaign = (overrides: Record<string, unknown>) => (): WireRequest => ({
  method: 'POST',
  path: '/v1/campaigns',
  json: {
    id: `hostile-new-${randomUUID().slice(0, 8)}`,
    name: 'Đợt thi đua khác',
    startsOn: isoDate(-10),
    endsOn: isoDate(10),
    wards: ['Long Biên'],
    ...overrides,
  },
});

const get =
  (path: (f: Fixture) => string, as: Who = 'front-committee') =>
  (f: Fixture): WireRequest => ({ method: 'GET', path: path(f), as });

const cursorOf = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const validRevision = { target: 4, reason: 'Điều chỉnh theo thực tế' };
const validVoid = { reason: 'Ghi nhầm' };
const unknownServerId = 'f'.repeat(32);

const hostileCases: HostileCase[] = [
  // The body as bytes: JSON, media type, size
  { name: 'malformed JSON', request: rawPledge('"target":'), status: 400, code: 'malformed_json' },
  {
    name: 'JSON with a trailing comma',
    request: rawPledge('"target":2,'),
    status: 400,
    code: 'malformed_json',
  },
  { name: 'NaN as a target', request: rawPledge('"target":NaN'), status: 400, code: 'malformed_json' },
  {
    name: 'an empty body',
    request: (f) => ({ method: 'POST', path: campaignPath(f, '/pledges'), raw: '' }),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a byte order mark before the JSON',
    request: (f) => ({ ...pledge({})(f), raw: `\uFEFF${JSON.stringify(pledge({})(f).json)}` }),
    status: 400,
    code: 'malformed_json',
  },
  {
    name: 'a JSON null body',
    request: (f) => ({ ...pledge({})(f), raw: 'null' }),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'a JSON array body',
    request: (f) => ({ ...pledge({})(f), json: [pledge({})(f).json] }),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'a text/plain body',
    request: pledge({}, { headers: { 'content-type': 'text/plain' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a form-encoded body',
    request: (f) => ({
      ...pledge({})(f),
      raw: `organizationId=${f.freeOrganizationId}&category=love-shelter&target=2`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a JSON body without a content-type',
    request: pledge({}, { headers: { 'content-type': undefined } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a JSON body sent as application/jsonp',
    request: pledge({}, { headers: { 'content-type': 'application/jsonp' } }),
    status: 415,
    code: 'unsupported_media_type',
  },
  {
    name: 'a body over 64 KB',
    request: pledge({ note: 'x'.repeat(70_000) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'a body over 64 KB in bytes but not in characters',
    request: pledge({ note: 'ệ'.repeat(22_000) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: "a body over API Gateway's 10 MB",
    request: pledge({ note: 'x'.repeat(11 * 1024 * 1024) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'arrays nested 25,000 deep',
    request: rawPledge(`"target":2,"note":${'['.repeat(25_000)}${']'.repeat(25_000)}`),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'objects nested 10,000 deep',
    request: rawPledge(`"target":2,"note":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },

  // Fields: unknown, wrong types, out of range
  {
    name: 'an unknown field',
    request: pledge({ colour: 'red' }),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'an unknown field inside beneficiary',
    request: handover({ beneficiary: { name: 'Nguyễn Thị Hoa', phone: '0912345678' } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary',
  },
  {
    name: 'an organizationId that is a number',
    request: pledge({ organizationId: 42 }),
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'a category given as an array',
    request: pledge({ category: ['love-shelter'] }),
    status: 400,
    code: 'validation_failed',
    path: 'category',
  },
  {
    name: 'a beneficiary given as a string',
    request: handover({ beneficiary: 'Nguyễn Thị Hoa' }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary',
  },
  ...[0, -1, 1.5, 1e9, '15', null, true, 1_000_001].map(
    (target): HostileCase => ({
      name: `a target of ${JSON.stringify(target)}`,
      request: pledge({ target }),
      status: 400,
      code: 'validation_failed',
      path: 'target',
    }),
  ),
  {
    name: 'a target of 1e400 (Infinity once parsed)',
    request: rawPledge('"target":1e400'),
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  {
    name: 'a duplicate target key whose last value is 0',
    request: rawPledge('"target":2,"target":0'),
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  {
    name: 'a negative valueVnd',
    request: handover({ valueVnd: -1 }),
    status: 400,
    code: 'validation_failed',
    path: 'valueVnd',
  },
  {
    name: 'a fractional valueVnd',
    request: handover({ valueVnd: 1.5 }),
    status: 400,
    code: 'validation_failed',
    path: 'valueVnd',
  },
  {
    name: 'negative labor days',
    request: handover({ funding: { laborDays: -1 } }),
    status: 400,
    code: 'validation_failed',
    path: 'funding.laborDays',
  },
  {
    // DynamoDB cannot store a number this small: it once answered 500.
    name: 'labor days of 1e-300',
    request: handover({ funding: { laborDays: 1e-300 } }),
    status: 400,
    code: 'validation_failed',
    path: 'funding.laborDays',
  },
  {
    name: 'labor days with two decimals',
    request: handover({ funding: { laborDays: 1.25 } }),
    status: 400,
    code: 'validation_failed',
    path: 'funding.laborDays',
  },
  {
    name: 'a cash amount in fractions of a đồng',
    request: handover({ funding: { cashVnd: [{ source: 'Ngân sách phường', amount: 1000.5 }] } }),
    status: 400,
    code: 'validation_failed',
    path: 'funding.cashVnd.0.amount',
  },

  // Things that must exist: category, ward, organization, campaign, pledge, handover
  {
    name: 'an unknown category',
    request: pledge({ category: 'castle' }),
    status: 400,
    code: 'validation_failed',
    path: 'category',
  },
  {
    name: 'an unknown category on a handover',
    request: handover({ category: 'castle' }),
    status: 400,
    code: 'validation_failed',
    path: 'category',
  },
  {
    name: 'an unknown organization',
    request: pledge({ organizationId: 'no-such-organization' }),
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'an unknown organization on a handover',
    request: handover({ organizationId: 'no-such-organization' }),
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'an unknown co-funder',
    request: handover({ coFunders: ['no-such-organization'] }),
    status: 400,
    code: 'validation_failed',
    path: 'coFunders.0',
  },
  {
    name: 'the recording organization as its own co-funder',
    request: (f) => handover({ coFunders: [f.organizationId] })(f),
    status: 400,
    code: 'validation_failed',
    path: 'coFunders.0',
  },
  {
    name: 'an unknown ward',
    request: handover({ ward: 'Hoàn Kiếm' }),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a ward in another case',
    request: handover({ ward: 'gia thụy' }),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'an unknown campaign',
    request: (f) => ({ ...pledge({})(f), path: '/v1/campaigns/no-such-campaign/pledges' }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a handover for an unknown campaign',
    request: (f) => ({ ...handover({})(f), path: '/v1/campaigns/no-such-campaign/handovers' }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'revising an unknown pledge',
    request: revise(validRevision, unknownServerId),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'revising a real pledge under an unknown campaign',
    request: (f) => ({
      ...revise(validRevision)(f),
      path: `/v1/campaigns/no-such-campaign/pledges/${f.pledgeId}`,
    }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'voiding an unknown handover',
    request: voidHandover(validVoid, unknownServerId),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'voiding a real handover under an unknown campaign',
    request: (f) => ({
      ...voidHandover(validVoid)(f),
      path: `/v1/campaigns/no-such-campaign/handovers/${f.handoverId}/void`,
    }),
    status: 404,
    code: 'not_found',
  },

  // Dates
  {
    name: 'a date that does not exist',
    request: handover({ handedOverOn: '2025-02-30' }),
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date written DD/MM/YYYY',
    request: handover({ handedOverOn: '19/05/2025' }),
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date-time instead of a date',
    request: handover({ handedOverOn: `${isoDate(-1)}T10:00:00Z` }),
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date in the future',
    request: handover({ handedOverOn: isoDate(2) }),
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a date before the campaign',
    request: handover({ handedOverOn: isoDate(-90) }),
    status: 400,
    code: 'validation_failed',
    path: 'handedOverOn',
  },
  {
    name: 'a campaign that ends before it starts',
    request: campaign({ startsOn: isoDate(0), endsOn: isoDate(-1) }),
    status: 400,
    code: 'validation_failed',
    path: 'endsOn',
  },
  {
    name: 'a campaign starting in month 13',
    request: campaign({ startsOn: '2025-13-01' }),
    status: 400,
    code: 'validation_failed',
    path: 'startsOn',
  },
  {
    name: 'a campaign starting in year 0000',
    request: campaign({ startsOn: '0000-01-01' }),
    status: 400,
    code: 'validation_failed',
    path: 'startsOn',
  },
  {
    name: 'a campaign starting on 1999-12-31, before the range',
    request: campaign({ startsOn: '1999-12-31' }),
    status: 400,
    code: 'validation_failed',
    path: 'startsOn',
  },
  {
    name: 'a campaign ending in 9999',
    request: campaign({ endsOn: '9999-12-31' }),
    status: 400,
    code: 'validation_failed',
    path: 'endsOn',
  },

  // Text: length, emptiness, control characters
  {
    name: 'a beneficiary name over 200 characters',
    request: handover({ beneficiary: { name: `${'Nguyễn '.repeat(40)}Hoa` } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a beneficiary address over 500 characters',
    request: handover({ beneficiary: { name: 'Nguyễn Thị Hoa', address: 'Tổ 3, '.repeat(100) } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.address',
  },
  {
    name: 'a beneficiary name of spaces only',
    request: handover({ beneficiary: { name: '   ' } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a handover note over 1000 characters',
    request: handover({ note: 'ghi chú '.repeat(130) }),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },
  {
    name: 'a pledge note over 1000 characters',
    request: pledge({ note: 'n'.repeat(1001) }),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },
  {
    name: 'an organization name over 200 characters',
    request: organization({ name: 'Hội '.repeat(51) }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    name: 'a campaign name over 300 characters',
    request: campaign({ name: 'Đợt '.repeat(80) }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    name: 'a void reason over 500 characters',
    request: voidHandover({ reason: 'r'.repeat(501) }),
    status: 400,
    code: 'validation_failed',
    path: 'reason',
  },
  {
    name: 'an organization name of one zero-width space',
    request: organization({ name: '\u200b' }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    name: 'a beneficiary name of zero-width joiners and a byte order mark',
    request: handover({ beneficiary: { name: '\u200d\u200c\ufeff\u200d' } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a right-to-left override in an organization name',
    request: organization({ name: 'Hội Nông dân \u202ephường' }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    // It would start a new line inside the text report's sentence.
    name: 'a line separator (U+2028) in an organization name',
    request: organization({ name: 'Hội Nông dân\u2028bàn giao 99 nhà' }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    name: 'a paragraph separator in a void reason',
    request: voidHandover({ reason: 'Ghi nhầm\u2029phường' }),
    status: 400,
    code: 'validation_failed',
    path: 'reason',
  },
  {
    name: 'a bidi isolate in a pledge note',
    request: pledge({ note: '\u2066ghi chú\u2069' }),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },
  {
    name: 'a ward of combining marks only',
    request: handover({ ward: '\u0301\u0301' }),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a revision reason of a soft hyphen only',
    request: revise({ target: 4, reason: '\u00ad' }),
    status: 400,
    code: 'validation_failed',
    path: 'reason',
  },
  {
    name: 'a bell character in a beneficiary name',
    request: handover({ beneficiary: { name: 'Nguyễn\u0007Hoa' } }),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a NUL character in a note',
    request: handover({ note: 'ghi chú\u0000' }),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },
  {
    name: 'an ANSI escape sequence in a pledge note',
    request: pledge({ note: '\u001b[31mđỏ\u001b[0m' }),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },
  {
    name: 'a line break in an organization name',
    request: organization({ name: 'Hội Nông dân\nphường' }),
    status: 400,
    code: 'validation_failed',
    path: 'name',
  },
  {
    name: 'a C1 control (NEL) in a ward',
    request: handover({ ward: 'Gia\u0085Thụy' }),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a lone surrogate in a beneficiary name',
    request: rawHandover((f) => `${openHandover(f)},"beneficiary":{"name":"Nguy\\ud800n"}}`),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary.name',
  },
  {
    name: 'a lone surrogate in a pledge note',
    request: rawPledge('"target":2,"note":"\\udfff ghi chú"'),
    status: 400,
    code: 'validation_failed',
    path: 'note',
  },

  // Keys that are special to JavaScript
  {
    name: 'a __proto__ key',
    request: rawHandover((f) => `${openHandover(f)},"__proto__":{"admin":true}}`),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'a constructor key',
    request: rawHandover((f) => `${openHandover(f)},"constructor":{"prototype":{"admin":true}}}`),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'a __proto__ key inside beneficiary',
    request: rawHandover(
      (f) => `${openHandover(f).replace('"address"', '"__proto__":{"name":"X"},"address"')}}`,
    ),
    status: 400,
    code: 'validation_failed',
    path: 'beneficiary',
  },
  {
    name: 'a __proto__ key in a pledge',
    request: rawPledge('"target":2,"__proto__":{"target":0}'),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },

  // Idempotency-Key
  {
    name: 'no Idempotency-Key',
    request: handover({}, { 'idempotency-key': undefined }),
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key of 7 characters',
    request: handover({}, { 'idempotency-key': 'abcdefg' }),
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key of 129 characters',
    request: handover({}, { 'idempotency-key': 'k'.repeat(129) }),
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key with spaces',
    request: handover({}, { 'idempotency-key': 'key with spaces' }),
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'an Idempotency-Key with a Latin-1 letter',
    request: handover({}, { 'idempotency-key': 'cl\u00e9-12345678' }),
    status: 400,
    code: 'validation_failed',
    path: 'Idempotency-Key',
  },
  {
    name: 'a reused Idempotency-Key with a different body',
    request: (f) =>
      handover({ ...f.handoverBody, ward: 'Gia Thụy' }, { 'idempotency-key': f.handoverKey })(f),
    status: 422,
    code: 'idempotency_key_reused',
  },
  {
    name: 'a reused Idempotency-Key with the same body (a replay: the first answer, nothing new)',
    request: (f) => handover(f.handoverBody, { 'idempotency-key': f.handoverKey })(f),
    status: 201,
  },
  {
    name: 'a reused Idempotency-Key with the same body, decomposed (a replay too)',
    request: (f) =>
      handover(JSON.parse(JSON.stringify(f.handoverBody).normalize('NFD')), {
        'idempotency-key': f.handoverKey,
      })(f),
    status: 201,
  },

  // Ids in the path
  {
    name: '../ in the path',
    request: get(() => '/v1/campaigns/../organizations'),
    status: 404,
    code: 'not_found',
  },
  {
    name: '../ between a pledge route and the handovers',
    request: (f) => ({ ...handover({})(f), path: campaignPath(f, '/pledges/../handovers') }),
    status: 404,
    code: 'not_found',
  },
  {
    name: '%2e%2e as a campaign id',
    request: get(() => '/v1/campaigns/%2e%2e/progress', 'nobody'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a double-encoded %252e%252e as a campaign id',
    request: get(() => '/v1/campaigns/%252e%252e/progress', 'nobody'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an encoded slash and .. in a campaign id',
    request: (f) => ({ ...pledge({})(f), path: `/v1/campaigns/..%2F${f.campaignId}/pledges` }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'encoded slashes in a pledge id',
    request: (f) => ({
      ...revise(validRevision)(f),
      path: campaignPath(f, `/pledges/..%2F..%2F${f.pledgeId}`),
    }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'an encoded backslash path in a handover id',
    request: (f) => ({
      ...voidHandover(validVoid)(f),
      path: campaignPath(f, `/handovers/..%5C${f.handoverId}/void`),
    }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a 4000-character campaign id',
    request: get(() => `/v1/campaigns/${'a'.repeat(4000)}`, 'nobody'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a 4000-character pledge id',
    request: revise(validRevision, 'f'.repeat(4000)),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a unicode campaign id',
    request: get(() => `/v1/campaigns/${encodeURIComponent('chiến-dịch-2018')}/progress`, 'nobody'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a campaign id in capitals',
    request: (f) => ({ ...pledge({})(f), path: `/v1/campaigns/${f.campaignId.toUpperCase()}/pledges` }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a pledge id in full-width digits',
    request: revise(validRevision, encodeURIComponent('ｆ'.repeat(32))),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a null byte after a campaign id',
    request: get((f) => `/v1/campaigns/${f.campaignId}%00/progress`, 'nobody'),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a null byte after a pledge id',
    request: (f) => revise(validRevision, `${f.pledgeId}%00`)(f),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a null byte after a handover id',
    request: (f) => voidHandover(validVoid, `${f.handoverId}%00`)(f),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'erasing a beneficiary through encoded slashes in the handover id',
    request: (f) => ({
      method: 'DELETE',
      path: campaignPath(f, `/handovers/..%2F${f.handoverId}/beneficiary`),
    }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'erasing the beneficiary of an unknown handover',
    request: (f) => ({
      method: 'DELETE',
      path: campaignPath(f, `/handovers/${unknownServerId}/beneficiary`),
    }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'erasing a real beneficiary under an unknown campaign',
    request: (f) => ({
      method: 'DELETE',
      path: `/v1/campaigns/no-such-campaign/handovers/${f.handoverId}/beneficiary`,
    }),
    status: 404,
    code: 'not_found',
  },

  // Query strings and cursors
  {
    name: 'a cursor that is not base64 JSON',
    request: get((f) => campaignPath(f, '/handovers?cursor=not-a-cursor')),
    status: 400,
    code: 'validation_failed',
    path: 'cursor',
  },
  {
    name: "a forged cursor for another campaign's partition",
    request: get((f) => campaignPath(f, `/handovers?cursor=${cursorOf({ pk: 'CAMPAIGN#other', sk: 'X' })}`)),
    status: 400,
    code: 'validation_failed',
    path: 'cursor',
  },
  {
    name: 'a cursor whose key is not a string',
    request: get((f) => campaignPath(f, `/pledges?cursor=${cursorOf({ pk: { S: 'x' }, sk: 1 })}`)),
    status: 400,
    code: 'validation_failed',
    path: 'cursor',
  },
  // Well-formed cursors of the right partition but outside the range the list reads: DynamoDB would refuse
  // the query (it answered 500 with a stack trace in the log, on public lists too).
  ...(
    [
      ['public campaign list', () => '/v1/campaigns', { pk: 'CAMPAIGNS', sk: 'ZZZ' }, 'nobody'],
      ['organization list', () => '/v1/organizations', { pk: 'ORGANIZATIONS', sk: 'AAA' }, 'leadership'],
      [
        'pledge list',
        (f: Fixture) => campaignPath(f, '/pledges'),
        (f: Fixture) => ({ pk: `CAMPAIGN#${f.campaignId}`, sk: 'TOTAL#great-unity-house' }),
        'organization',
      ],
      [
        'handover list',
        (f: Fixture) => campaignPath(f, '/handovers'),
        (f: Fixture) => ({ pk: `CAMPAIGN#${f.campaignId}`, sk: 'CAMPAIGN' }),
        'front-committee',
      ],
      [
        "an organization's own handover list",
        (f: Fixture) => campaignPath(f, '/handovers'),
        (f: Fixture) => ({ pk: `CAMPAIGN#${f.campaignId}`, sk: 'ZZZ' }),
        'organization',
      ],
    ] as const
  ).map(
    ([list, path, key, as]): HostileCase => ({
      name: `a cursor outside the ${list}'s key range`,
      request: (f) =>
        get((g) => `${path(g)}?cursor=${cursorOf(typeof key === 'function' ? key(g) : key)}`, as as Who)(f),
      status: 400,
      code: 'validation_failed',
      path: 'cursor',
    }),
  ),
  {
    name: 'a cursor of 3000 characters',
    request: get((f) => campaignPath(f, `/handovers?cursor=${'A'.repeat(3000)}`)),
    status: 400,
    code: 'validation_failed',
    path: 'cursor',
  },
  {
    name: 'two cursors',
    request: get(() => `/v1/organizations?cursor=${cursorOf({ pk: 'a', sk: 'b' })}&cursor=x`),
    status: 400,
    code: 'validation_failed',
    path: 'cursor',
  },
  {
    name: 'a 9 KB ward filter',
    request: get((f) => campaignPath(f, `/handovers?ward=${'x'.repeat(9000)}`)),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a null byte in a ward filter',
    request: get((f) => campaignPath(f, '/handovers?ward=B%E1%BB%93%00')),
    status: 400,
    code: 'validation_failed',
    path: 'ward',
  },
  {
    name: 'a path in an organization filter',
    request: get((f) => campaignPath(f, '/handovers?organizationId=..%2F..%2Fetc')),
    status: 400,
    code: 'validation_failed',
    path: 'organizationId',
  },
  {
    name: 'a __proto__ query parameter (ignored)',
    request: get((f) => campaignPath(f, '/handovers?__proto__=x&constructor=y')),
    status: 200,
  },
  {
    name: 'a report language that does not exist',
    request: get((f) => campaignPath(f, '/report?lang=fr'), 'nobody'),
    status: 400,
    code: 'validation_failed',
    path: 'lang',
  },
  {
    name: 'a path as a report format',
    request: get((f) => campaignPath(f, '/report?format=..%2F..%2Fetc%2Fpasswd'), 'nobody'),
    status: 400,
    code: 'validation_failed',
    path: 'format',
  },
  {
    // Node's HTTP parser refuses a request line and headers over 16 KB before the gateway sees it, without our error body.
    name: 'a 20 KB query string',
    request: get((f) => campaignPath(f, `/handovers?ward=${'x'.repeat(20_000)}`)),
    status: 431,
  },

  // Revisions, voids, organizations and campaigns that break a rule
  {
    name: 'a revision to a target of 0',
    request: revise({ target: 0, reason: 'thử' }),
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  {
    name: 'a revision to a target of "5"',
    request: revise({ target: '5', reason: 'thử' }),
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  {
    name: 'a revision setting status "fulfilled" by hand',
    request: revise({ status: 'fulfilled', reason: 'thử' }),
    status: 400,
    code: 'validation_failed',
    path: 'status',
  },
  {
    name: 'a revision giving both a target and withdrawn',
    request: revise({ target: 5, status: 'withdrawn', reason: 'thử' }),
    status: 400,
    code: 'validation_failed',
    path: 'target',
  },
  {
    name: 'a revision without a reason',
    request: revise({ target: 5 }),
    status: 400,
    code: 'validation_failed',
    path: 'reason',
  },
  {
    name: 'a void without a reason',
    request: voidHandover({}),
    status: 400,
    code: 'validation_failed',
    path: 'reason',
  },
  {
    name: 'a void with an extra field',
    request: voidHandover({ reason: 'Ghi nhầm', state: 'recorded' }),
    status: 400,
    code: 'validation_failed',
    path: '(body)',
  },
  {
    name: 'a second active pledge for the same organization and category',
    request: (f) => pledge({ organizationId: f.organizationId, category: 'great-unity-house' })(f),
    status: 409,
    code: 'conflict',
  },
  {
    name: 'an organization id that already exists',
    request: (f) => organization({ id: f.organizationId, name: 'Kẻ mạo danh' })(),
    status: 409,
    code: 'conflict',
  },
  {
    name: 'an organization id with capitals and an underscore',
    request: organization({ id: '__Proto__' }),
    status: 400,
    code: 'validation_failed',
    path: 'id',
  },
  {
    name: 'an organization of an unknown kind',
    request: organization({ kind: 'mafia' }),
    status: 400,
    code: 'validation_failed',
    path: 'kind',
  },
  {
    name: 'a campaign id that already exists',
    request: (f) => campaign({ id: f.campaignId })(),
    status: 409,
    code: 'conflict',
  },
  {
    name: 'a campaign without wards',
    request: campaign({ wards: [] }),
    status: 400,
    code: 'validation_failed',
    path: 'wards',
  },
  {
    name: 'a campaign listing a ward twice, once decomposed',
    request: campaign({ wards: ['Bồ Đề', 'Bồ Đề'.normalize('NFD')] }),
    status: 400,
    code: 'validation_failed',
    path: 'wards',
  },

  // Who may do what
  {
    name: 'a pledge without a token',
    request: pledge({}, { as: 'nobody' }),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: 'a pledge with a garbage token',
    request: pledge({}, { as: 'garbage' }),
    status: 401,
    code: 'unauthorized',
  },
  {
    name: "an organization registering another organization's pledge",
    request: (f) => ({
      ...pledge({ organizationId: f.organizationId, category: 'love-shelter' })(f),
      as: 'organization',
    }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: "an organization revising another organization's pledge",
    request: (f) => ({ ...revise(validRevision)(f), as: 'organization' }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'leadership recording a handover',
    request: (f) => ({ ...handover({})(f), as: 'leadership' }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'leadership erasing a beneficiary',
    request: (f) => ({
      method: 'DELETE',
      path: campaignPath(f, `/handovers/${f.handoverId}/beneficiary`),
      as: 'leadership',
    }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: "an organization listing another organization's handovers",
    request: (f) =>
      get(() => campaignPath(f, `/handovers?organizationId=${f.organizationId}`), 'organization')(f),
    status: 403,
    code: 'forbidden',
  },
];

describe('hostile input over HTTP', () => {
  it('has a fixture to attack: one pledge, one handover, nothing else in the campaign', async () => {
    const state = await readBack();
    expect(state.pledges).toEqual([
      expect.objectContaining({ id: fixture.pledgeId, target: 3, delivered: 1 }),
    ]);
    expect(state.handovers).toEqual([
      expect.objectContaining({ id: fixture.handoverId, status: 'recorded' }),
    ]);
    // The trail holds the setup's entries, so a refused request that wrote one would show.
    expect((state.audit as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(hostileCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(hostileCases.map((c) => c.name)).size).toBe(hostileCases.length);
  });

  it.each(hostileCases)('$name → $status, and nothing changes', async (c) => {
    const before = await readBack();
    const errorsBefore = runtimeErrors.length;

    const answer = await send(c.request(fixture));

    expect({ status: answer.status, code: answer.body?.error?.code }).toEqual({
      status: c.status,
      code: c.code,
    });
    if (c.code) {
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.body).toEqual({
        error: {
          code: c.code,
          message: expect.any(String),
          ...(answer.body.error.details ? { details: expect.any(Array) } : {}),
        },
      });
      if (c.path) {
        expect(answer.body.error.details).toEqual([{ path: c.path, message: expect.any(String) }]);
      }
    }
    expect(answer.text).not.toMatch(/\.ts:\d+|\bat \S+ \(|node:internal/);
    expect(await readBack()).toEqual(before);
    expect(runtimeErrors.slice(errorsBefore)).toEqual([]);
  });
});

interface NfcCase {
  name: string;
  /** `text` decomposes what it is given: the request carries NFD, the expectations NFC. */
  request: (f: Fixture, text: (nfc: string) => string) => WireRequest;
  /** Reads what was stored back through the API. */
  readStored: (f: Fixture, created: Answer) => Promise<unknown>;
  stored: unknown;
}

const nfd = (nfc: string) => nfc.normalize('NFD');
const find = async (path: string, id: string) =>
  (await allItems(path)).find((item) => (item as { id: string }).id === id) as Record<string, unknown>;

const nfcCases: NfcCase[] = [
  {
    name: 'a handover whose ward, beneficiary and note arrive decomposed',
    request: (f, text) =>
      handover({
        ward: text('Đức Giang'),
        beneficiary: { name: text('Lê Thị Hường'), address: text('Tổ 7, phường Đức Giang') },
        note: text('Nhà được xây mới hoàn toàn'),
      })(f),
    readStored: async (f, created) => {
      const { ward, beneficiary, note } = await find(campaignPath(f, '/handovers'), created.body.id);
      return { ward, beneficiary, note };
    },
    stored: {
      ward: 'Đức Giang',
      beneficiary: { name: 'Lê Thị Hường', address: 'Tổ 7, phường Đức Giang' },
      note: 'Nhà được xây mới hoàn toàn',
    },
  },
  {
    name: 'an organization whose name arrives decomposed',
    request: (_f, text) => organization({ name: text('Hội Nông dân phường Việt Hưng') })(),
    readStored: async (_f, created) => ({ name: (await find('/v1/organizations', created.body.id)).name }),
    stored: { name: 'Hội Nông dân phường Việt Hưng' },
  },
  {
    name: 'a campaign whose name and wards arrive decomposed',
    request: (_f, text) =>
      campaign({ name: text('Đợt thi đua Ngọc Thụy'), wards: [text('Ngọc Thụy'), text('Thượng Thanh')] })(),
    readStored: async (_f, created) => {
      const { name, wards } = (
        await call({ method: 'GET', path: `/v1/campaigns/${created.body.id}`, as: 'nobody' })
      ).body;
      return { name, wards };
    },
    stored: { name: 'Đợt thi đua Ngọc Thụy', wards: ['Ngọc Thụy', 'Thượng Thanh'] },
  },
  {
    name: 'a pledge whose note arrives decomposed',
    request: (f, text) =>
      pledge({ category: 'cultural-center', target: 1, note: text('Điểm sinh hoạt văn hóa Bồ Đề') })(f),
    readStored: async (f, created) => ({
      note: (await find(campaignPath(f, '/pledges'), created.body.id)).note,
    }),
    stored: { note: 'Điểm sinh hoạt văn hóa Bồ Đề' },
  },
];

describe('decomposed Unicode over HTTP', () => {
  it.each(nfcCases)('$name is accepted (201) and stored as NFC', async (c) => {
    const decomposed = c.request(fixture, nfd);
    expect(JSON.stringify(decomposed.json)).not.toBe(JSON.stringify(decomposed.json).normalize('NFC'));

    const created = await send(decomposed);

    expect(created.status).toBe(201);
    expect(created.text).toBe(created.text.normalize('NFC'));
    const stored = await c.readStored(fixture, created);
    expect(stored).toEqual(JSON.parse(JSON.stringify(c.stored).normalize('NFC')));
    expect(JSON.stringify(stored)).toBe(JSON.stringify(stored).normalize('NFC'));
  });
});

describe('an ended campaign over HTTP', () => {
  // Ended years ago, as the Long Biên 2018 campaign has: its published report must not change under it.
  let campaignId: string;
  let pledgeId: string;
  const pledges = async () => (await call(get(() => `/v1/campaigns/${campaignId}/pledges`)(fixture))).body;

  beforeAll(async () => {
    campaignId = `hostile-ended-${randomUUID().slice(0, 8)}`;
    await call({
      method: 'POST',
      path: '/v1/campaigns',
      json: {
        id: campaignId,
        name: 'Đợt thi đua 2018',
        startsOn: '2018-01-01',
        endsOn: '2018-12-31',
        wards: ['Bồ Đề'],
      },
    });
    const pledge = await call({
      method: 'POST',
      path: `/v1/campaigns/${campaignId}/pledges`,
      json: { organizationId: fixture.freeOrganizationId, category: 'love-shelter', target: 1 },
    });
    pledgeId = pledge.body.id;
  });

  it.each([
    [
      'registers a pledge',
      () => ({
        method: 'POST',
        path: `/v1/campaigns/${campaignId}/pledges`,
        json: { organizationId: fixture.freeOrganizationId, category: 'house-support', target: 2 },
      }),
    ],
    [
      'revises its pledge',
      () => ({
        method: 'PATCH',
        path: `/v1/campaigns/${campaignId}/pledges/${pledgeId}`,
        json: { target: 9, reason: 'Sửa số liệu cũ' },
      }),
    ],
    [
      'withdraws its pledge',
      () => ({
        method: 'PATCH',
        path: `/v1/campaigns/${campaignId}/pledges/${pledgeId}`,
        json: { status: 'withdrawn', reason: 'Rút' },
      }),
    ],
  ] as const)('refuses an organization that %s, with 409, and changes nothing', async (_, request) => {
    const before = await pledges();

    const answer = await send({ ...(request() as WireRequest), as: 'organization' });

    expect([answer.status, answer.body.error.code]).toEqual([409, 'conflict']);
    expect(answer.body.error.message).toContain('ended on 2018-12-31');
    expect(await pledges()).toEqual(before);
  });

  it('lets the front committee correct it, with an audit entry naming who and why', async () => {
    const answer = await send({
      method: 'PATCH',
      path: `/v1/campaigns/${campaignId}/pledges/${pledgeId}`,
      json: { target: 2, reason: 'Đính chính theo biên bản' },
    });

    expect([answer.status, answer.body.target]).toEqual([200, 2]);
    const audit = await call(get(() => `/v1/campaigns/${campaignId}/audit`)(fixture));
    expect(audit.body.items[0]).toMatchObject({
      action: 'pledge.revised',
      actor: { roles: ['front-committee'] },
      changes: [{ field: 'target', from: 1, to: 2 }],
      reason: 'Đính chính theo biên bản',
    });
  });
});

describe('register-and-withdraw cycles over HTTP', () => {
  it('lets an organization withdraw three pledges of a category, then refuses a fourth registration with 409', async () => {
    // A campaign of its own: the shared fixture's pledges change under other tests.
    const cycles = { ...fixture, campaignId: `hostile-cycles-${randomUUID().slice(0, 8)}` };
    await call({
      method: 'POST',
      path: '/v1/campaigns',
      json: {
        id: cycles.campaignId,
        name: 'Đợt thử vòng đăng ký',
        startsOn: isoDate(-5),
        endsOn: isoDate(5),
        wards: ['Bồ Đề'],
      },
    });
    const progress = async () =>
      (await call(get((f) => campaignPath(f, '/progress'), 'nobody')(cycles))).body;
    const register = () =>
      send({
        method: 'POST',
        path: campaignPath(cycles, '/pledges'),
        json: { organizationId: fixture.freeOrganizationId, category: 'cultural-center', target: 1 },
        as: 'organization',
      });
    const before = await progress();

    for (let cycle = 0; cycle < 3; cycle++) {
      const pledge = await register();
      expect(pledge.status).toBe(201);
      const withdrawal = await send({
        method: 'PATCH',
        path: campaignPath(cycles, `/pledges/${pledge.body.id}`),
        json: { status: 'withdrawn', reason: 'Thử đăng ký rồi rút' },
        as: 'organization',
      });
      expect(withdrawal.status).toBe(200);
    }
    const fourth = await register();

    expect([fourth.status, fourth.body.error.code]).toEqual([409, 'conflict']);
    expect(fourth.body.error.message).toContain('ask the front committee');
    // The public read lists no withdrawn pledge: its size does not grow with the cycles.
    const after = await progress();
    expect({ ...after, asOf: before.asOf }).toEqual(before);
  });
});

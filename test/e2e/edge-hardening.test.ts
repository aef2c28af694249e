// The HTTP edge as a hostile client meets it, over real HTTP against the in-process local runtime: groups read
// as Cognito sends them, bodies in UTF-8 only, HEAD wherever GET is, and paths matched as API Gateway does.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import {
  issueToken,
  type LocalSigningKey,
  loadSigningKey,
  localAudience,
  localIssuer,
  tokenAlgorithm,
} from '../../infra/local/tokens';

interface WireRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'OPTIONS';
  /** Sent exactly as written: no URL normalization, so `//` and a trailing `/` reach the gateway. */
  path: string;
  /** A bearer token; none for public calls. */
  token?: string;
  headers?: Record<string, string>;
  /** Sent as JSON.stringify(json), application/json unless `headers` says otherwise. */
  json?: unknown;
  /** Sent byte for byte, application/json unless `headers` says otherwise. */
  raw?: Buffer;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions.
  body: any;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-edge-'));
let runtime: LocalRuntime;
let key: LocalSigningKey;
const tokens = {} as Record<'frontCommittee' | 'admin', string>;
let campaignId: string;
const runtimeErrors: string[] = [];

function send(request: WireRequest): Promise<Answer> {
  const body =
    request.raw ?? (request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json)));
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
    ...request.headers,
  };
  if (body !== undefined) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
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
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          let parsed: unknown;
          try {
            parsed = bytes.length > 0 ? JSON.parse(bytes.toString('utf8')) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, bytes, body: parsed });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function call(request: WireRequest): Promise<Answer> {
  const answer = await send(request);
  if (answer.status >= 300) {
    throw new Error(`${request.method} ${request.path}: ${answer.status} ${answer.bytes.toString('utf8')}`);
  }
  return answer;
}

/** An ID token as Cognito would issue it, with exactly these groups (issueToken gives one role). */
function tokenWithGroups(groups: string[]): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ 'cognito:groups': groups, token_use: 'id', auth_time: now })
    .setProtectedHeader({ alg: tokenAlgorithm, kid: key.kid, typ: 'JWT' })
    .setSubject(randomUUID())
    .setIssuer(localIssuer)
    .setAudience(localAudience)
    .setIssuedAt(now)
    .setExpirationTime(now + 600)
    .sign(key.privateKey);
}

async function organizationIds(): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await call({
      method: 'GET',
      path: `/v1/organizations${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`,
      token: tokens.frontCommittee,
    });
    ids.push(...page.body.items.map((item: { id: string }) => item.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
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
  key = await loadSigningKey(dataDir);
  tokens.frontCommittee = await issueToken(key, { role: 'front-committee' });
  tokens.admin = await issueToken(key, { role: 'admin' });
  campaignId = `edge-${randomUUID().slice(0, 8)}`;
  const today = new Date().toISOString().slice(0, 10);
  await call({
    method: 'POST',
    path: '/v1/campaigns',
    token: tokens.frontCommittee,
    json: { id: campaignId, name: 'Đợt thi đua ở rìa', startsOn: today, endsOn: today, wards: ['Bồ Đề'] },
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('groups, read as Cognito sends them', () => {
  it('reads one group named "admin,front-committee" as that one unknown group, not as two roles', async () => {
    // Prepare: Cognito allows commas in a group name; API Gateway hands the claim over as "[admin,front-committee]".
    const token = await tokenWithGroups(['admin,front-committee']);

    // Act
    const answers = await Promise.all([
      send({ method: 'GET', path: `/v1/campaigns/${campaignId}/audit`, token }),
      send({ method: 'GET', path: '/v1/notifications', token }),
    ]);

    // Assess
    expect(answers.map((a) => [a.status, a.body?.error?.code])).toEqual([
      [403, 'forbidden'],
      [403, 'forbidden'],
    ]);
  });

  it('reads two groups, flattened by the gateway to "[admin front-committee]", as both roles', async () => {
    const token = await tokenWithGroups(['admin', 'front-committee']);

    const answer = await send({ method: 'GET', path: `/v1/campaigns/${campaignId}/audit`, token });

    expect(answer.status).toBe(200);
  });
});

describe('request bodies in UTF-8 only', () => {
  const newOrganization = () => ({
    id: `edge-org-${randomUUID().slice(0, 8)}`,
    name: 'Hội Cựu chiến binh',
    kind: 'other',
  });

  it.each([
    'application/json; charset=latin1',
    'application/json; charset=iso-8859-1',
    'application/json; charset=windows-1258',
    'application/json; charset="ISO-8859-1"',
    'application/json; charset=utf-16',
    'application/json; charset=',
  ])('refuses a body declared %s with 415, and stores nothing', async (contentType) => {
    const organization = newOrganization();

    const answer = await send({
      method: 'POST',
      path: '/v1/organizations',
      token: tokens.frontCommittee,
      headers: { 'content-type': contentType },
      json: organization,
    });

    expect([answer.status, answer.body?.error?.code]).toEqual([415, 'unsupported_media_type']);
    expect(await organizationIds()).not.toContain(organization.id);
  });

  it.each([
    'application/json; charset=utf-8',
    'application/json;charset=UTF-8',
    'application/json; charset="utf-8"',
    'application/json; Charset=Utf-8',
  ])('accepts a body declared %s', async (contentType) => {
    const organization = newOrganization();

    const answer = await send({
      method: 'POST',
      path: '/v1/organizations',
      token: tokens.frontCommittee,
      headers: { 'content-type': contentType },
      json: organization,
    });

    expect(answer.status).toBe(201);
    expect(await organizationIds()).toContain(organization.id);
  });

  /** A valid organization whose name holds `bytes` in the middle of "Hội ... Phụ nữ". */
  const nameWith = (id: string, bytes: number[]) =>
    Buffer.concat([
      Buffer.from(`{"id":"${id}","kind":"other","name":"Hội `),
      Buffer.from(bytes),
      Buffer.from(' Phụ nữ"}'),
    ]);

  it.each([
    ['a Latin-1 "ộ" (0xF4), as a Windows client would send it', [0xf4]],
    ['a lone continuation byte', [0x80]],
    ['a sequence cut short', [0xe1, 0xbb]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a UTF-16 surrogate encoded as UTF-8', [0xed, 0xa0, 0x80]],
  ])('refuses %s with 400 malformed_json, as application/json or a +json type', async (_label, bytes) => {
    // Prepare: application/json reaches the handler as text, application/vnd.api+json base64-encoded.
    const ids = [newOrganization().id, newOrganization().id];

    // Act
    const answers = await Promise.all(
      ['application/json', 'application/vnd.api+json'].map((contentType, i) =>
        send({
          method: 'POST',
          path: '/v1/organizations',
          token: tokens.frontCommittee,
          headers: { 'content-type': contentType },
          raw: nameWith(ids[i] as string, bytes),
        }),
      ),
    );

    // Assess
    expect(answers.map((a) => [a.status, a.body?.error?.code])).toEqual([
      [400, 'malformed_json'],
      [400, 'malformed_json'],
    ]);
    expect(await organizationIds()).not.toEqual(expect.arrayContaining([ids[0]]));
    expect(await organizationIds()).not.toEqual(expect.arrayContaining([ids[1]]));
  });

  it('refuses U+FFFD written in the body, the only trace a lossy decoding upstream would leave', async () => {
    const id = newOrganization().id;

    const answer = await send({
      method: 'POST',
      path: '/v1/organizations',
      token: tokens.frontCommittee,
      raw: nameWith(id, [0xef, 0xbf, 0xbd]),
    });

    expect([answer.status, answer.body?.error?.code]).toEqual([400, 'malformed_json']);
    expect(await organizationIds()).not.toContain(id);
  });
});

/** What a HEAD must repeat of its GET: every header but those that differ per request or depend on the body. */
function comparableHeaders(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  // Each request has its own id (apigw-requestid, x-request-id), and so its own value of them.
  const {
    date: _date,
    'apigw-requestid': _id,
    'x-request-id': _requestId,
    'content-length': _length,
    ...rest
  } = headers;
  expect(_requestId ?? _id).toBeTruthy();
  return rest;
}

describe('HEAD, wherever GET is', () => {
  it.each([
    ['public progress', () => `/v1/campaigns/${campaignId}/progress`, undefined],
    ['the report as CSV', () => `/v1/campaigns/${campaignId}/report?format=csv`, undefined],
    ['the dashboard page', () => '/', undefined],
    ['the audit trail, with a token', () => `/v1/campaigns/${campaignId}/audit`, 'admin' as const],
  ])("answers HEAD of %s with the GET's status and headers and no body", async (_label, path, who) => {
    const token = who ? tokens[who] : undefined;

    const [got, head] = [
      await send({ method: 'GET', path: path(), token }),
      await send({ method: 'HEAD', path: path(), token }),
    ];

    expect(got.status).toBe(200);
    expect(got.bytes.length).toBeGreaterThan(0);
    expect({
      status: head.status,
      headers: comparableHeaders(head.headers),
      bytes: head.bytes.length,
    }).toEqual({
      status: got.status,
      headers: comparableHeaders(got.headers),
      bytes: 0,
    });
  });

  it("answers HEAD with the GET's error status, and no body: no token, unknown campaign, wrong role", async () => {
    const answers = await Promise.all([
      send({ method: 'HEAD', path: `/v1/campaigns/${campaignId}/audit` }),
      send({ method: 'HEAD', path: '/v1/campaigns/no-such-campaign/progress' }),
      send({
        method: 'HEAD',
        path: `/v1/campaigns/${campaignId}/audit`,
        token: await tokenWithGroups(['leadership']),
      }),
    ]);

    expect(answers.map((a) => [a.status, a.bytes.length])).toEqual([
      [401, 0],
      [404, 0],
      [403, 0],
    ]);
  });

  it('finds no route for HEAD where there is no GET', async () => {
    const answer = await send({
      method: 'HEAD',
      path: `/v1/campaigns/${campaignId}/handovers/${'f'.repeat(32)}/void`,
      token: tokens.frontCommittee,
    });

    expect(answer.status).toBe(404);
  });

  it('finds no route for OPTIONS without a CORS configuration, as API Gateway does', async () => {
    const answer = await send({ method: 'OPTIONS', path: '/v1/campaigns' });

    expect([answer.status, answer.body]).toEqual([
      404,
      { error: { code: 'not_found', message: 'No route for this method and path' } },
    ]);
  });
});

describe('paths matched as API Gateway matches them', () => {
  it.each([
    ['a trailing slash', () => '/v1/campaigns/'],
    ['a trailing slash after a path parameter', () => `/v1/campaigns/${campaignId}/`],
    ['a trailing slash on a public route', () => `/v1/campaigns/${campaignId}/progress/`],
    ['a leading double slash', () => '//v1/campaigns'],
    ['an empty segment in the middle', () => `/v1//campaigns/${campaignId}`],
    ['an empty path parameter', () => '/v1/campaigns//progress'],
    ['a double slash for the dashboard', () => '//'],
    ['a trailing slash on health', () => '/health/'],
  ])('answers 404 not_found for %s', async (_label, path) => {
    const answer = await send({ method: 'GET', path: path() });

    expect([answer.status, answer.body]).toEqual([
      404,
      { error: { code: 'not_found', message: 'No route for this method and path' } },
    ]);
  });

  it('still serves the exact paths', async () => {
    const answers = await Promise.all(
      ['/', '/health', '/v1/campaigns', `/v1/campaigns/${campaignId}/progress`].map((path) =>
        send({ method: 'GET', path }),
      ),
    );

    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
  });
});

describe('the runtime', () => {
  it('logged no handler error for any of these requests', () => {
    expect(runtimeErrors).toEqual([]);
  });
});

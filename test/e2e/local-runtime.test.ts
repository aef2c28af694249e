// The local runtime over real HTTP: `npm start`'s entry as a child process, tokens, persistence, demo, clean stops.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import {
  descendantsOf,
  isRunning,
  killGroup,
  processesMentioning,
  type RuntimeProcess,
  spawnStart,
  startRuntimeProcess,
  tokenFromCli,
} from './support/local-runtime-process';

const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pledge-e2e-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** UTC date `days` from today; the API refuses handovers dated in the future. */
function isoDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the local runtime started with --no-demo on a fresh DATA_DIR', () => {
  const dataDir = freshDataDir();
  let runtime: RuntimeProcess;
  let staffToken: string;
  const organizationId = `e2e-org-${randomUUID().slice(0, 8)}`;
  const campaignId = `e2e-campaign-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    runtime = await startRuntimeProcess({ dataDir, port: await freePort(), args: ['--no-demo'] });
    const cli = tokenFromCli(dataDir, 'front-committee');
    expect(cli.status).toBe(0);
    staffToken = cli.stdout.trim();
  });
  afterAll(() => killGroup(runtime?.child));

  it('prints Ready: with the local URL and skips the demo', async () => {
    expect(runtime.output()).toMatch(/^Ready: http:\/\/localhost:\d+$/m);
    expect(runtime.output()).not.toContain('Loading the demo');
    expect((await call(`${runtime.url}/v1/campaigns/longbien-2018`)).status).toBe(404);
  });

  it('prints only a three-part token from the token CLI, and refuses a bad role with usage and exit 2', () => {
    expect(staffToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    const bad = tokenFromCli(dataDir, 'mayor');
    expect(bad).toMatchObject({ status: 2, stdout: '' });
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain(
      'usage: npm run --silent token -- <admin|front-committee|organization|leadership>',
    );
    expect(tokenFromCli(dataDir, 'organization').status).toBe(2);
  });

  it('answers public routes without a token and unknown routes with a 404 in the error shape', async () => {
    expect(await call(`${runtime.url}/health`)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await call(`${runtime.url}/v1/nothing-here`)).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: expect.any(String) } },
    });
    expect((await call(`${runtime.url}/health`, { method: 'DELETE' })).status).toBe(404);
  });

  it('registers an organization, a campaign and a pledge, records a handover and reports progress', async () => {
    const created = await call(`${runtime.url}/v1/organizations`, {
      token: staffToken,
      body: { id: organizationId, name: 'Hội Chữ thập đỏ phường', kind: 'other' },
    });
    expect(created.status).toBe(201);
    expect(
      (
        await call(`${runtime.url}/v1/campaigns`, {
          token: staffToken,
          body: {
            id: campaignId,
            name: 'Đợt thi đua thử nghiệm',
            startsOn: isoDate(-60),
            endsOn: isoDate(60),
            wards: ['Bồ Đề', 'Gia Thụy'],
          },
        })
      ).status,
    ).toBe(201);
    const pledge = await call(`${runtime.url}/v1/campaigns/${campaignId}/pledges`, {
      token: staffToken,
      body: { organizationId, category: 'love-shelter', target: 2 },
    });
    expect(pledge).toMatchObject({ status: 201, body: { id: expect.any(String) } });

    const handover = await call(`${runtime.url}/v1/campaigns/${campaignId}/handovers`, {
      token: staffToken,
      headers: { 'idempotency-key': `e2e-${randomUUID()}` },
      body: {
        organizationId,
        category: 'love-shelter',
        ward: 'Gia Thụy',
        handedOverOn: isoDate(-1),
        beneficiary: { name: 'Người nhận thử nghiệm' },
      },
    });
    expect(handover.status).toBe(201);

    const progress = await call(`${runtime.url}/v1/campaigns/${campaignId}/progress`);
    expect(progress.status).toBe(200);
    const loveShelter = {
      category: 'love-shelter',
      pledged: 2,
      delivered: 1,
      verified: 0,
      remaining: 1,
      surplus: 0,
      percent: 50,
    };
    expect(progress.body.totals).toContainEqual(loveShelter);
    const others = progress.body.totals.filter((t: { category: string }) => t.category !== 'love-shelter');
    expect(others.every((t: { delivered: number }) => t.delivered === 0)).toBe(true);
    expect(progress.body.pledges).toEqual([
      expect.objectContaining({
        id: pledge.body.id,
        organizationId,
        target: 2,
        delivered: 1,
        status: 'in-progress',
      }),
    ]);
    expect(progress.body.wards).toEqual([
      { ward: 'Gia Thụy', category: 'love-shelter', delivered: 1, verified: 0 },
    ]);
  });

  it('lets an organization token from the CLI act for its own organization only', async () => {
    const cli = tokenFromCli(dataDir, 'organization', organizationId);
    expect(cli.status).toBe(0);
    const own = await call(`${runtime.url}/v1/campaigns/${campaignId}/pledges`, {
      token: cli.stdout.trim(),
      body: { organizationId, category: 'great-unity-house', target: 3 },
    });
    expect(own.status).toBe(201);
    const other = await call(`${runtime.url}/v1/campaigns/${campaignId}/pledges`, {
      token: cli.stdout.trim(),
      body: { organizationId: 'someone-else', category: 'great-unity-house', target: 3 },
    });
    expect(other.status).toBe(403);
  });

  describe('refuses with 401, before any handler runs, a request to a protected route', () => {
    const attempt = (token: string | undefined, id: string) =>
      call(`${runtime.url}/v1/organizations`, {
        ...(token ? { token } : {}),
        body: { id, name: 'Không được tạo', kind: 'other' },
      });
    const expectRefusedAndNotCreated = async (token: string | undefined) => {
      const id = `e2e-refused-${randomUUID().slice(0, 8)}`;
      expect(await attempt(token, id)).toEqual({
        status: 401,
        body: { error: { code: 'unauthorized', message: expect.any(String) } },
      });
      const listed = await call(`${runtime.url}/v1/organizations`, { token: staffToken });
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((o: { id: string }) => o.id)).not.toContain(id);
    };

    it('without a token', () => expectRefusedAndNotCreated(undefined));

    it('with a token signed by another key', async () => {
      const { privateKey } = await generateKeyPair('RS256');
      const key = await loadSigningKey(dataDir);
      const forged = await issueToken({ ...key, privateKey }, { role: 'front-committee' });
      await expectRefusedAndNotCreated(forged);
    });

    it('with a token for another audience', async () => {
      const key = await loadSigningKey(dataDir);
      await expectRefusedAndNotCreated(
        await issueToken(key, { role: 'front-committee', audience: 'some-other-client' }),
      );
    });

    it('with an expired token', async () => {
      const key = await loadSigningKey(dataDir);
      await expectRefusedAndNotCreated(await issueToken(key, { role: 'front-committee', expiresIn: -60 }));
    });

    it('with an access token instead of an ID token', async () => {
      const key = await loadSigningKey(dataDir);
      const accessToken = await new SignJWT({ 'cognito:groups': ['front-committee'], token_use: 'access' })
        .setProtectedHeader({ alg: 'RS256', kid: key.kid })
        .setSubject(randomUUID())
        .setIssuer('pledge-tracker-local')
        .setAudience('pledge-tracker-local-client')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(key.privateKey);
      await expectRefusedAndNotCreated(accessToken);
    });
  });

  it('stops on SIGTERM with exit 0 and no process left, and a restart on the same DATA_DIR keeps the data', async () => {
    expect(processesMentioning(dataDir).some((line) => line.startsWith('java'))).toBe(true);
    expect(await runtime.stop('SIGTERM')).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);

    const restarted = await startRuntimeProcess({ dataDir, port: await freePort(), args: ['--no-demo'] });
    try {
      const progress = await call(`${restarted.url}/v1/campaigns/${campaignId}/progress`);
      expect(progress.status).toBe(200);
      expect(progress.body.totals).toContainEqual({
        category: 'love-shelter',
        pledged: 2,
        delivered: 1,
        verified: 0,
        remaining: 1,
        surplus: 0,
        percent: 50,
      });
      // The signing key is kept too: a token issued before the restart still works.
      expect((await call(`${restarted.url}/v1/organizations`, { token: staffToken })).status).toBe(200);
      expect(await restarted.stop('SIGINT')).toBe(0);
      expect(processesMentioning(dataDir)).toEqual([]);
    } finally {
      killGroup(restarted.child);
    }
  });
});

describe('the local runtime with the demo campaign', () => {
  const dataDir = freshDataDir();
  let runtime: RuntimeProcess;
  const demoTotals = [
    { category: 'great-unity-house', pledged: 15, delivered: 29, surplus: 14 },
    { category: 'love-shelter', pledged: 1, delivered: 4, surplus: 3 },
    { category: 'comradeship-house', pledged: 1, delivered: 2, surplus: 1 },
    { category: 'house-support', pledged: 2, delivered: 2, surplus: 0 },
    { category: 'cultural-center', pledged: 1, delivered: 1, surplus: 0 },
  ];
  const totalsOf = (body: {
    totals: { category: string; pledged: number; delivered: number; surplus: number }[];
  }) =>
    body.totals.map(({ category, pledged, delivered, surplus }) => ({
      category,
      pledged,
      delivered,
      surplus,
    }));

  beforeAll(async () => {
    runtime = await startRuntimeProcess({ dataDir, port: await freePort() });
  });
  afterAll(() => killGroup(runtime?.child));

  it('loads Long Biên 2018 on first start: the seed numbers, 38 handovers over the 14 wards', async () => {
    expect(runtime.output()).toContain('Loading the demo campaign longbien-2018');
    const progress = await call(`${runtime.url}/v1/campaigns/longbien-2018/progress`);
    expect(progress.status).toBe(200);
    expect(totalsOf(progress.body)).toEqual(expect.arrayContaining(demoTotals));
    expect(progress.body.totals).toHaveLength(5);
    const wards = progress.body.wards as { ward: string; delivered: number }[];
    expect(new Set(wards.map((w) => w.ward)).size).toBe(14);
    expect(wards.reduce((sum, w) => sum + w.delivered, 0)).toBe(38);
  });

  const exceededPledges = [
    {
      organizationId: 'hoi-ccb-long-bien',
      category: 'comradeship-house',
      target: 1,
      delivered: 2,
      surplus: 1,
    },
    {
      organizationId: 'mttq-long-bien',
      category: 'great-unity-house',
      target: 15,
      delivered: 16,
      surplus: 1,
    },
    { organizationId: 'hoi-phu-nu-long-bien', category: 'love-shelter', target: 1, delivered: 2, surplus: 1 },
  ];
  const feedOf = async (url: string) => {
    const token = tokenFromCli(dataDir, 'leadership').stdout.trim();
    const feed = await call(`${url}/v1/notifications?campaignId=longbien-2018`, { token });
    expect(feed.status).toBe(200);
    return (feed.body.items as { category: string }[]).sort((a, b) => a.category.localeCompare(b.category));
  };
  const snsLines = (output: string) => output.match(/^SNS pledge-tracker-leadership: .*$/gm) ?? [];

  it('has notified leadership of exactly the three exceeded pledges by Ready, once each', async () => {
    const items = await feedOf(runtime.url);

    expect(items).toEqual(
      exceededPledges.map((pledge) => expect.objectContaining({ type: 'Pledge Exceeded', ...pledge })),
    );
    expect(snsLines(runtime.output())).toHaveLength(3);
    const kept = readFileSync(join(dataDir, 'sns-messages.jsonl'), 'utf8').trim().split('\n');
    expect(kept).toHaveLength(3);
    // Nothing failed on the way: no on-failure or dead-letter file was written.
    expect(readdirSync(dataDir).sort()).toEqual([
      'dynamodb',
      // Events the bus accepted and has not finished delivering (0016).
      'eventbridge-journal.jsonl',
      // The identity provider's users, and where it runs (for `npm run users -- --local`) until it stops.
      'identity',
      'identity-provider.json',
      'keys',
      // Where the operator endpoint (backups) listens, until it stops.
      'local-admin.json',
      // Where its DynamoDB Local and SNS are, for `npm run digest`, while it runs.
      'running.json',
      'sns-messages.jsonl',
      'stream-checkpoints.json',
    ]);
  });

  it('does not load the demo again on restart, and the numbers stay the same', async () => {
    expect(await runtime.stop('SIGTERM')).toBe(0);
    expect(processesMentioning(dataDir)).toEqual([]);
    const restarted = await startRuntimeProcess({ dataDir, port: await freePort() });
    try {
      expect(restarted.output()).not.toContain('Loading the demo');
      const progress = await call(`${restarted.url}/v1/campaigns/longbien-2018/progress`);
      expect(totalsOf(progress.body)).toEqual(expect.arrayContaining(demoTotals));
      // The stream resumes after its checkpoint: nothing is delivered, nor notified, twice.
      expect(runtime.output()).toMatch(/^Stream: reading \S+ from TRIM_HORIZON$/m);
      expect(restarted.output()).toMatch(/^Stream: reading \S+ after checkpoint \d+$/m);
      expect(restarted.output()).not.toContain('from TRIM_HORIZON');
      expect(await feedOf(restarted.url)).toHaveLength(3);
      expect(snsLines(restarted.output())).toEqual([]);
    } finally {
      expect(await restarted.stop('SIGTERM')).toBe(0);
      killGroup(restarted.child);
    }
    expect(processesMentioning(dataDir)).toEqual([]);
  });
});

describe('the local runtime started with --in-memory', () => {
  it('keeps the database in memory and only the signing key in DATA_DIR, and stops its java child', async () => {
    const dataDir = freshDataDir();
    const runtime = await startRuntimeProcess({ dataDir, port: await freePort(), args: ['--in-memory'] });
    try {
      expect(runtime.output()).toContain('DynamoDB Local: in memory');
      const progress = await call(`${runtime.url}/v1/campaigns/longbien-2018/progress`);
      expect(progress.status).toBe(200);
      // The keys (the demo password among them) and, while it runs, where the identity provider and the
      // runtime's own endpoints are.
      expect(readdirSync(dataDir).sort()).toEqual(['identity-provider.json', 'keys', 'running.json']);
      const token = tokenFromCli(dataDir, 'leadership').stdout.trim();
      expect((await call(`${runtime.url}/v1/organizations`, { token })).status).toBe(200);
      const java = descendantsOf(runtime.child.pid as number).filter((p) => p.args.startsWith('java'));
      expect(java).toHaveLength(1);

      expect(await runtime.stop('SIGTERM')).toBe(0);
      expect(java.filter((p) => isRunning(p.pid))).toEqual([]);
      expect(readdirSync(dataDir)).toEqual(['keys']);
    } finally {
      killGroup(runtime.child);
    }
  });
});

describe('start-up errors', () => {
  it('says in one line that the port is in use and how to pick another, before starting Java', async () => {
    const blocker = net.createServer();
    const port = await freePort();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    const dataDir = freshDataDir();
    try {
      const started = spawnStart({ dataDir, port });
      expect(await started.exited).toBe(1);
      expect(started.output().trim()).toBe(
        `Port ${port} is in use: stop what uses it or run PORT=${port + 1} npm start`,
      );
      expect(processesMentioning(dataDir)).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('says in one line that Java is missing and how to install it', async () => {
    const dataDir = freshDataDir();
    const started = spawnStart({ dataDir, port: await freePort(), env: { PATH: join(dataDir, 'no-bin') } });
    expect(await started.exited).toBe(1);
    const lines = started.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('apt-get install -y openjdk-17-jre-headless');
  });
});

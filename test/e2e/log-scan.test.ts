// Personal data stays out of the logs: every line the local runtime and its handlers write during the demo replay and staff reads.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemoData } from '../../infra/local/demo/load-demo';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';

/** `runtime`: its progress lines and access log (the `log` option); the others: what handlers print. */
type Source = 'runtime' | 'runtime-error' | 'stdout' | 'stderr' | 'console';
interface LogLine {
  source: Source;
  text: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'pledge-log-scan-'));
const demo = readDemoData();
const lines: LogLine[] = [];
let runtime: LocalRuntime;
let staffToken: string;
/** Tokens the identity provider issued during the run: none may appear in any log line. */
const issuedTokens: string[] = [];
const demoPassword = 'Log-Scan-Passw0rd!';

/** A Cognito operation through the local gateway's /identity, as the page calls it. */
async function identity(operation: string, body: unknown) {
  const response = await fetch(`${runtime.url}/identity`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    json: (await response.json().catch(() => ({}))) as {
      AuthenticationResult: { IdToken: string; AccessToken: string; RefreshToken: string };
    },
  };
}
let stopCapturing: () => void = () => {};

/**
 * Powertools' Logger prints through a Console bound to process.stdout and process.stderr, so their
 * `write` is replaced; the global console too, for anything printed with console.*. Partial writes
 * are joined until their newline.
 */
function captureProcessOutput(): () => void {
  const partial: Partial<Record<Source, string>> = {};
  const take = (source: Source, chunk: unknown) => {
    const text =
      (partial[source] ?? '') +
      (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    const complete = text.split('\n');
    partial[source] = complete.pop();
    for (const line of complete) if (line.trim()) lines.push({ source, text: line });
  };
  const streams = [
    ['stdout', process.stdout],
    ['stderr', process.stderr],
  ] as const;
  const writes = streams.map(([, stream]) => stream.write);
  for (const [source, stream] of streams) {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      take(source, chunk);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  }
  const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = methods.map((method) => console[method]);
  for (const method of methods)
    console[method] = (...args: unknown[]) => take('console', `${format(...args)}\n`);
  return () => {
    streams.forEach(([, stream], index) => {
      stream.write = writes[index] as typeof stream.write;
    });
    methods.forEach((method, index) => {
      console[method] = originals[index] as (typeof console)[typeof method];
    });
    for (const [source, rest] of Object.entries(partial))
      if (rest?.trim()) lines.push({ source: source as Source, text: rest });
  };
}

async function get(path: string) {
  const response = await fetch(`${runtime.url}${path}`, {
    headers: { authorization: `Bearer ${staffToken}` },
  });
  return { status: response.status, text: await response.text() };
}

async function post(path: string, body: unknown, idempotencyKey: string) {
  const response = await fetch(`${runtime.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${staffToken}`,
      'content-type': 'application/json',
      'idempotency-key': idempotencyKey,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const campaignPath = `/v1/campaigns/${demo.campaign.id}`;
/** What front-committee reads saw as beneficiaries, to show the personal data did pass through the process. */
const beneficiariesRead = new Set<string>();

beforeAll(async () => {
  // As talkative as the handlers can be, so that a debug line with personal data would be caught too.
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  stopCapturing = captureProcessOutput();
  try {
    runtime = await startLocalRuntime({
      port: 0,
      dataDir,
      inMemory: true,
      demo: true,
      demoPassword,
      log: (line) => lines.push({ source: 'runtime', text: line }),
      logError: (message, error) =>
        lines.push({ source: 'runtime-error', text: format(message, error ?? '') }),
    });
    staffToken = await issueToken(await loadSigningKey(dataDir), { role: 'front-committee' });

    const reads = [
      `${campaignPath}/handovers`,
      ...demo.campaign.wards.map((ward) => `${campaignPath}/handovers?ward=${encodeURIComponent(ward)}`),
      ...demo.organizations.map((o) => `${campaignPath}/handovers?organizationId=${o.id}`),
    ];
    for (const path of reads) {
      const answer = await get(path);
      expect(answer.status, path).toBe(200);
      for (const item of JSON.parse(answer.text).items as { beneficiary?: { name: string } }[]) {
        if (item.beneficiary) beneficiariesRead.add(item.beneficiary.name);
      }
    }
    for (const path of [
      `${campaignPath}/progress`,
      `${campaignPath}/report?format=csv`,
      `${campaignPath}/pledges`,
    ]) {
      expect((await get(path)).status, path).toBe(200);
    }
    // Refused writes that carry a beneficiary: neither the refusal nor the body may end up in a log line.
    const [first] = demo.handovers;
    if (!first) throw new Error('The demo has no handovers');
    const { idempotencyKey, ...firstBody } = first;
    expect((await post(`${campaignPath}/handovers`, firstBody, idempotencyKey)).status).toBe(201);
    const otherBeneficiary = {
      ...firstBody,
      beneficiary: { name: 'Ngô Thị Lan', address: 'Tổ 9, phường Bồ Đề' },
    };
    expect((await post(`${campaignPath}/handovers`, otherBeneficiary, idempotencyKey)).status).toBe(422);
    const controlled = { ...firstBody, beneficiary: { name: `${first.beneficiary?.name}\u0007` } };
    expect((await post(`${campaignPath}/handovers`, controlled, 'log-scan-control-1')).status).toBe(400);
    // Signing in through /identity as the page does, using the tokens, refreshing and revoking them.
    const clientId = runtime.identity.clientId;
    const signedIn = await identity('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: 'admin', PASSWORD: demoPassword },
    });
    expect(signedIn.status).toBe(200);
    const { IdToken, AccessToken, RefreshToken } = signedIn.json.AuthenticationResult;
    issuedTokens.push(IdToken, AccessToken, RefreshToken);
    for (const path of ['/v1/notifications?campaignId=longbien-2018', '/v1/users', '/v1/users?bad=1']) {
      const response = await fetch(`${runtime.url}${path}`, {
        headers: { authorization: `Bearer ${IdToken}` },
      });
      expect(response.status, path).toBeLessThan(500);
    }
    // A refused token is logged as a refusal, not as the token.
    const tampered = `${IdToken.slice(0, -4)}AAAA`;
    const refused = await fetch(`${runtime.url}/v1/users`, {
      headers: { authorization: `Bearer ${tampered}` },
    });
    expect(refused.status).toBe(401);
    const refreshed = await identity('InitiateAuth', {
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: clientId,
      AuthParameters: { REFRESH_TOKEN: RefreshToken },
    });
    expect(refreshed.status).toBe(200);
    issuedTokens.push(
      refreshed.json.AuthenticationResult.IdToken,
      refreshed.json.AuthenticationResult.AccessToken,
    );
    expect((await identity('RevokeToken', { ClientId: clientId, Token: RefreshToken })).status).toBeLessThan(
      500,
    );
    await runtime.settled();
  } finally {
    stopCapturing();
  }
});

afterAll(async () => {
  stopCapturing();
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const personalData = [
  ...new Set(
    demo.handovers.flatMap((h) => (h.beneficiary ? [h.beneficiary.name, h.beneficiary.address ?? ''] : [])),
  ),
]
  .filter(Boolean)
  .map((text) => text.normalize('NFC'));
const handlerLines = () =>
  lines.filter((line) => line.source !== 'runtime' && line.source !== 'runtime-error');

describe('the logs of a demo replay and staff reads', () => {
  it('were captured: the runtime loaded the demo and logged requests, and handlers logged', () => {
    expect(runtime.demoLoaded).toBe(true);
    const runtimeLines = lines.filter((line) => line.source === 'runtime').map((line) => line.text);
    expect(runtimeLines).toContain(`Loading the demo campaign ${demo.campaign.id}...`);
    expect(runtimeLines).toContainEqual(
      expect.stringMatching(
        /^GET \/v1\/campaigns\/longbien-2018\/handovers 200 \d+ms api_request_id=\S+ function_request_id=\S+$/,
      ),
    );
    expect(runtimeLines).toContainEqual(
      expect.stringMatching(
        /^POST \/v1\/campaigns\/longbien-2018\/handovers 422 \d+ms api_request_id=\S+ function_request_id=\S+$/,
      ),
    );
    // The demo exceeds three pledges; the notifier logs each one it handles.
    const handled = handlerLines().filter((line) => line.text.includes('Exceeded pledge handled'));
    expect(handled.length).toBeGreaterThanOrEqual(3);
  });

  it('passed personal data through the process: the reads returned every demo beneficiary', () => {
    const demoNames = demo.handovers.flatMap((h) => (h.beneficiary ? [h.beneficiary.name] : []));
    expect([...beneficiariesRead].sort()).toEqual([...new Set(demoNames)].sort());
  });

  it('are one JSON object per line from the handlers, with level, message, timestamp and service', () => {
    const lines = handlerLines();
    expect(lines.length).toBeGreaterThan(0);
    const parsed = lines.map(({ source, text }) => {
      try {
        return { source, item: JSON.parse(text) as unknown };
      } catch {
        return { source, notJson: text };
      }
    });
    expect(parsed.filter((line) => 'notJson' in line)).toEqual([]);
    for (const { item } of parsed) {
      expect(item).toMatchObject({
        level: expect.stringMatching(/^(DEBUG|INFO|WARN|ERROR|CRITICAL)$/),
        message: expect.any(String),
        timestamp: expect.any(String),
        service: 'pledge-tracker',
      });
    }
  });

  it('never show a beneficiary name or address from the demo', () => {
    expect(personalData).toHaveLength(65);
    const leaks = lines.flatMap(({ source, text }) => {
      // JSON may escape characters; reading a line and writing it back unescapes them.
      let unescaped = text;
      try {
        unescaped = JSON.stringify(JSON.parse(text));
      } catch {
        // not JSON: scanned as written
      }
      const scanned = `${text}\n${unescaped}`.normalize('NFC');
      return personalData.filter((data) => scanned.includes(data)).map((data) => ({ source, data, text }));
    });

    expect(lines.length).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });

  it('never show a token the identity provider issued, nor any part of one', () => {
    expect(issuedTokens).toHaveLength(5);
    // A JWT's parts: its payload names the user, its signature makes it usable; neither may be logged.
    const secrets = issuedTokens.flatMap((token) => [
      token,
      ...token.split('.').filter((part) => part.length > 20),
    ]);
    const leaks = lines.flatMap(({ source, text }) =>
      secrets
        .filter((secret) => text.includes(secret))
        .map((secret) => ({ source, secret: secret.slice(0, 12), text })),
    );

    expect(lines.filter((line) => line.text.startsWith('POST /identity 200'))).not.toEqual([]);
    expect(leaks).toEqual([]);
  });

  it('record no runtime error', () => {
    expect(lines.filter((line) => line.source === 'runtime-error')).toEqual([]);
  });
});

// CORS in the local runtime over real HTTP: preflights and responses for allowed and other origins, none at all by
// default, a page on another origin in headless Chromium, and `npm start` refusing a bad CORS_ALLOWED_ORIGINS.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime';
import { resolveAllowedOrigins } from '../../infra/local/settings';
import { issueToken, loadSigningKey } from '../../infra/local/tokens';
import { spawnStart } from './support/local-runtime-process';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'];

const allowed = 'https://dashboard.example';
const other = 'https://elsewhere.example';

const dataDirs: string[] = [];
function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pledge-cors-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** The response's Access-Control-* and Vary headers, by lower-case name. */
function corsHeadersOf(response: Response): Record<string, string> {
  return Object.fromEntries(
    [...response.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
  );
}

function preflight(url: string, origin: string, method = 'POST'): Promise<Response> {
  return fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type,idempotency-key',
    },
  });
}

/** A page server for the browser test: any path answers an empty HTML page. */
async function startPageServer(): Promise<{ server: Server; port: number }> {
  const server = createServer((_, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end('<!doctype html><title>another origin</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('the local runtime with CORS_ALLOWED_ORIGINS set', () => {
  let runtime: LocalRuntime;
  let staffToken: string;
  let pages: { server: Server; port: number };
  let browser: Browser;
  /** The page server's origin as the browser names it under localhost, allowed; under 127.0.0.1 it is not. */
  let pageOrigin: string;

  beforeAll(async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
    pages = await startPageServer();
    pageOrigin = `http://localhost:${pages.port}`;
    const dataDir = freshDataDir();
    [runtime, browser] = await Promise.all([
      startLocalRuntime({
        port: 0,
        dataDir,
        inMemory: true,
        demo: false,
        allowedOrigins: resolveAllowedOrigins({ CORS_ALLOWED_ORIGINS: `${allowed}, ${pageOrigin}` }),
      }),
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs }),
    ]);
    staffToken = await issueToken(await loadSigningKey(dataDir), { role: 'front-committee' });
  });
  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    await new Promise((resolve) => pages?.server.close(resolve));
  });

  it('answers a preflight from an allowed origin with 204 and the policy, as API Gateway does', async () => {
    const response = await preflight(`${runtime.url}/v1/campaigns/any-campaign/handovers`, allowed);

    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
    expect(corsHeadersOf(response)).toEqual({
      'access-control-allow-origin': allowed,
      'access-control-allow-methods': 'DELETE,GET,PATCH,POST',
      'access-control-allow-headers': 'authorization,content-type,idempotency-key',
      'access-control-max-age': '3600',
      vary: 'Origin',
    });
  });

  it('answers a preflight from any other origin with 204 and no Access-Control headers, so the browser stops', async () => {
    const response = await preflight(`${runtime.url}/v1/campaigns/any-campaign/handovers`, other);

    expect(response.status).toBe(204);
    expect(corsHeadersOf(response)).toEqual({});
  });

  it('names an allowed origin on its responses, errors included, and no other origin', async () => {
    const fromAllowed = await fetch(`${runtime.url}/v1/campaigns`, { headers: { origin: allowed } });
    const unauthorized = await fetch(`${runtime.url}/v1/organizations`, { headers: { origin: allowed } });
    const fromOther = await fetch(`${runtime.url}/v1/campaigns`, { headers: { origin: other } });
    const sameOrigin = await fetch(`${runtime.url}/v1/campaigns`);

    expect([fromAllowed.status, corsHeadersOf(fromAllowed)]).toEqual([
      200,
      {
        'access-control-allow-origin': allowed,
        'access-control-expose-headers': 'x-request-id',
        vary: 'Origin',
      },
    ]);
    expect([unauthorized.status, corsHeadersOf(unauthorized)]).toEqual([
      401,
      {
        'access-control-allow-origin': allowed,
        'access-control-expose-headers': 'x-request-id',
        vary: 'Origin',
      },
    ]);
    // The API still answers (a browser is what withholds the body), but grants nothing.
    expect([fromOther.status, corsHeadersOf(fromOther)]).toEqual([200, {}]);
    expect([sameOrigin.status, corsHeadersOf(sameOrigin)]).toEqual([200, {}]);
  });

  it('lets a page on an allowed origin register an organization, and stops the same page on another origin', async () => {
    const register = async (origin: string, id: string) => {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${origin}/`);
        return await page.evaluate(
          async ({ api, token, id }) => {
            try {
              const response = await fetch(`${api}/v1/organizations`, {
                method: 'POST',
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
                body: JSON.stringify({
                  id,
                  name: 'Hội Cựu chiến binh phường Bồ Đề',
                  kind: 'veterans-association',
                }),
              });
              return { status: response.status, body: await response.json() };
            } catch (error) {
              return { refused: String(error) };
            }
          },
          { api: runtime.url, token: staffToken, id },
        );
      } finally {
        await context.close();
      }
    };
    const allowedId = `cors-allowed-${randomUUID().slice(0, 8)}`;
    const otherId = `cors-other-${randomUUID().slice(0, 8)}`;

    const fromAllowed = await register(pageOrigin, allowedId);
    const fromOther = await register(`http://127.0.0.1:${pages.port}`, otherId);

    expect(fromAllowed).toEqual({ status: 201, body: expect.objectContaining({ id: allowedId }) });
    expect(fromOther).toEqual({ refused: 'TypeError: Failed to fetch' });
    // The browser stopped at the preflight: the organization was never sent, let alone registered.
    const listed = await fetch(`${runtime.url}/v1/organizations`, {
      headers: { authorization: `Bearer ${staffToken}` },
    });
    const ids = ((await listed.json()) as { items: { id: string }[] }).items.map((item) => item.id);
    expect(ids).toContain(allowedId);
    expect(ids).not.toContain(otherId);
  });
});

describe('the local runtime by default', () => {
  let runtime: LocalRuntime;

  beforeAll(async () => {
    runtime = await startLocalRuntime({ port: 0, dataDir: freshDataDir(), inMemory: true, demo: false });
  });
  afterAll(async () => {
    await runtime?.stop();
  });

  it('has no CORS configuration: a preflight finds no route and responses name no origin', async () => {
    const preflighted = await preflight(`${runtime.url}/v1/campaigns/any-campaign/handovers`, allowed);
    const response = await fetch(`${runtime.url}/v1/campaigns`, { headers: { origin: allowed } });

    expect([preflighted.status, corsHeadersOf(preflighted)]).toEqual([404, {}]);
    expect([response.status, corsHeadersOf(response)]).toEqual([200, {}]);
  });
});

describe('npm start with a bad CORS_ALLOWED_ORIGINS', () => {
  it('refuses to start, with a one-line error naming the variable and the origin', async () => {
    const started = spawnStart({
      dataDir: freshDataDir(),
      port: await freePort(),
      env: { CORS_ALLOWED_ORIGINS: 'https://dashboard.example,http://dashboard.example' },
    });

    const code = await started.exited;

    expect(code).toBe(1);
    expect(started.output()).toBe(
      'CORS_ALLOWED_ORIGINS: "http://dashboard.example" is not https; plain http is allowed for http://localhost only\n',
    );
  });
});

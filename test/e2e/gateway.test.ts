// The local gateway in-process with stand-in handlers: authorizer, errors, limits and logs, no Java needed.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type LambdaHandler } from '../../infra/local/gateway';
import { createJwtAuthorizer } from '../../infra/local/jwt-authorizer';
import { issueToken, type LocalSigningKey, loadSigningKey } from '../../infra/local/tokens';
import { routes } from '../../shared/routes';

describe('the local gateway', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledge-gateway-'));
  let server: Server;
  let baseUrl: string;
  let key: LocalSigningKey;
  let calls: { route: string; event: APIGatewayProxyEventV2WithJWTAuthorizer; awsRequestId: string }[];
  let logged: string[];
  let errors: string[];
  let behaviour: (event: APIGatewayProxyEventV2WithJWTAuthorizer) => unknown;

  beforeAll(async () => {
    key = await loadSigningKey(dataDir);
    server = createGateway({
      routes,
      authorizer: createJwtAuthorizer({ publicJwks: [key.publicJwk] }),
      loadHandler: async (route) =>
        (async (event, context) => {
          calls.push({ route: route.name, event, awsRequestId: context.awsRequestId });
          return behaviour(event);
        }) satisfies LambdaHandler,
      logRequest: (line) => logged.push(line),
      logError: (message, error) => errors.push(`${message} ${(error as Error).message}`),
      maxBodyBytes: 1024,
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    calls = [];
    logged = [];
    errors = [];
    behaviour = () => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('calls the route’s handler with the caller’s claims and returns its response', async () => {
    const token = await issueToken(key, { role: 'organization', organizationId: 'hoi-ccb-long-bien' });

    const response = await fetch(`${baseUrl}/v1/campaigns/longbien-2018/pledges`, {
      headers: { authorization: `Bearer ${token}` },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('apigw-requestid')).toBe(calls[0]?.event.requestContext.requestId);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.route).toBe('ListPledges');
    expect(calls[0]?.event.requestContext.authorizer.jwt).toEqual({
      claims: expect.objectContaining({
        'cognito:groups': '[organization]',
        'custom:organizationId': 'hoi-ccb-long-bien',
        token_use: 'id',
        iss: 'pledge-tracker-local',
        aud: 'pledge-tracker-local-client',
        sub: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
      scopes: null,
    });
  });

  it('refuses a protected route without a valid token and never calls the handler', async () => {
    const expired = await issueToken(key, { role: 'front-committee', expiresIn: -3600 });
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Bearer ${expired}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${baseUrl}/v1/organizations`, { method: 'POST', headers, body: '{}' });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
    expect(calls).toEqual([]);
  });

  it('answers 500 in the error shape when a handler throws, and logs the error to stderr only', async () => {
    behaviour = () => {
      throw new Error('boom at line 42');
    };

    const response = await fetch(`${baseUrl}/health`);

    expect(response.status).toBe(500);
    expect(await response.text()).toBe('{"error":{"code":"internal","message":"Internal error"}}');
    expect(errors).toEqual([expect.stringContaining('boom at line 42')]);
  });

  it('answers 500 when a handler returns a malformed response', async () => {
    behaviour = () => ({ statusCode: 'two hundred' });

    expect((await fetch(`${baseUrl}/health`)).status).toBe(500);
  });

  it('infers a 200 JSON response when a handler returns a value without statusCode', async () => {
    behaviour = () => ({ status: 'ok' });

    const response = await fetch(`${baseUrl}/health`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers 413 for a body over the gateway limit without calling the handler', async () => {
    const response = await fetch(`${baseUrl}/health`, { method: 'GET' });
    expect(response.status).toBe(200);
    calls = [];

    const tooLarge = await fetch(`${baseUrl}/v1/campaigns`, { method: 'POST', body: 'x'.repeat(2048) });

    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({
      error: { code: 'payload_too_large', message: expect.any(String) },
    });
    expect(calls).toEqual([]);
  });

  it('logs method, path, status, duration and the request ids the handler saw, never the query or the body', async () => {
    const token = await issueToken(key, { role: 'front-committee' });

    const response = await fetch(
      `${baseUrl}/v1/campaigns/longbien-2018/handovers?ward=Ph%C3%BAc%20L%E1%BB%A3i`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ beneficiary: { name: 'Nguyễn Văn Bình' } }),
      },
    );

    const apiRequestId = calls[0]?.event.requestContext.requestId ?? 'none';
    const functionRequestId = calls[0]?.awsRequestId ?? 'none';
    expect(response.headers.get('apigw-requestid')).toBe(apiRequestId);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(
      new RegExp(
        `^POST /v1/campaigns/longbien-2018/handovers 200 \\d+ms api_request_id=${escapePattern(apiRequestId)} function_request_id=${functionRequestId}$`,
      ),
    );
  });

  it('logs the API Gateway request id of a request refused before any function, with no Lambda id', async () => {
    const response = await fetch(`${baseUrl}/v1/organizations`);

    expect(response.status).toBe(401);
    expect(logged).toEqual([
      expect.stringMatching(
        new RegExp(
          `^GET /v1/organizations 401 \\d+ms api_request_id=${escapePattern(response.headers.get('apigw-requestid') ?? 'none')}$`,
        ),
      ),
    ]);
  });
});

/** API Gateway's ids are base64: `+` and `/` must not be read as a pattern. */
function escapePattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

// The local gateway's translation to and from HTTP API payload 2.0, checked without a server.
import { describe, expect, it } from 'vitest';
import {
  buildHttpApiEvent,
  type IncomingHttpRequest,
  toHttpResponse,
} from '../../infra/local/http-api-event';
import { flattenClaims } from '../../infra/local/jwt-authorizer';
import { createRouteMatcher } from '../../infra/local/route-matcher';
import { routes } from '../../shared/routes';

const request = (overrides: Partial<IncomingHttpRequest> = {}): IncomingHttpRequest => ({
  method: 'POST',
  url: '/v1/campaigns/longbien-2018/handovers',
  rawHeaders: [],
  body: Buffer.alloc(0),
  sourceIp: '127.0.0.1',
  httpVersion: '1.1',
  ...overrides,
});
const route = {
  method: 'POST',
  path: '/v1/campaigns/{campaignId}/handovers',
  pathParameters: { campaignId: 'longbien-2018' },
};
const now = new Date('2018-11-06T08:09:10.123Z');

describe('buildHttpApiEvent', () => {
  it('builds a payload 2.0 event with string claims and "[a b]" groups for an authorized route', () => {
    // Prepare
    const body = JSON.stringify({ ward: 'Bồ Đề' });
    const claims = flattenClaims({
      sub: '2c841b43-1971-59ad-9379-29c647545063',
      'cognito:groups': ['front-committee', 'leadership'],
      'custom:organizationId': 'mttq-long-bien',
      token_use: 'id',
      iat: 1541491750,
      exp: 1541534950,
    });

    // Act
    const event = buildHttpApiEvent(
      request({
        url: '/v1/campaigns/longbien-2018/handovers?ward=B%E1%BB%93%20%C4%90%E1%BB%81&tag=a&tag=b',
        rawHeaders: [
          'Host',
          'localhost:3000',
          'Content-Type',
          'application/json; charset=utf-8',
          'User-Agent',
          'curl/8',
          'Idempotency-Key',
          'demo-001',
          'X-Trace',
          'one',
          'x-trace',
          'two',
          'Cookie',
          'a=1; b=2',
        ],
        body: Buffer.from(body),
      }),
      route,
      { claims },
      { requestId: 'req-1', now },
    );

    // Assess
    expect(event).toEqual({
      version: '2.0',
      routeKey: 'POST /v1/campaigns/{campaignId}/handovers',
      rawPath: '/v1/campaigns/longbien-2018/handovers',
      rawQueryString: 'ward=B%E1%BB%93%20%C4%90%E1%BB%81&tag=a&tag=b',
      cookies: ['a=1', 'b=2'],
      headers: {
        host: 'localhost:3000',
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'curl/8',
        'idempotency-key': 'demo-001',
        'x-trace': 'one,two',
        'x-forwarded-for': '127.0.0.1',
        'x-forwarded-proto': 'http',
      },
      queryStringParameters: { ward: 'Bồ Đề', tag: 'a,b' },
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: {
          method: 'POST',
          path: '/v1/campaigns/longbien-2018/handovers',
          protocol: 'HTTP/1.1',
          sourceIp: '127.0.0.1',
          userAgent: 'curl/8',
        },
        requestId: 'req-1',
        routeKey: 'POST /v1/campaigns/{campaignId}/handovers',
        stage: '$default',
        time: '06/Nov/2018:08:09:10 +0000',
        timeEpoch: now.getTime(),
        authorizer: {
          jwt: {
            claims: {
              sub: '2c841b43-1971-59ad-9379-29c647545063',
              'cognito:groups': '[front-committee leadership]',
              'custom:organizationId': 'mttq-long-bien',
              token_use: 'id',
              iat: '1541491750',
              exp: '1541534950',
            },
            scopes: null,
          },
        },
      },
      pathParameters: { campaignId: 'longbien-2018' },
      body,
      isBase64Encoded: false,
    });
  });

  it('leaves out authorizer, body, cookies, query and path parameters when there are none', () => {
    const event = buildHttpApiEvent(
      request({ method: 'GET', url: '/health' }),
      { method: 'GET', path: '/health', pathParameters: {} },
      undefined,
      { requestId: 'req-2', now },
    );

    expect(event).toEqual({
      version: '2.0',
      routeKey: 'GET /health',
      rawPath: '/health',
      rawQueryString: '',
      headers: { 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http' },
      requestContext: expect.not.objectContaining({ authorizer: expect.anything() }),
      isBase64Encoded: false,
    });
  });

  it.each([
    ['no content-type', []],
    ['a form post', ['Content-Type', 'application/x-www-form-urlencoded']],
    ['a JSON subtype that HTTP API does not treat as text', ['Content-Type', 'application/merge-patch+json']],
  ])('passes the body base64-encoded for %s, as HTTP API does', (_label, rawHeaders) => {
    const event = buildHttpApiEvent(
      request({ rawHeaders, body: Buffer.from('{"a":"ấ"}') }),
      route,
      undefined,
      {
        requestId: 'req-3',
        now,
      },
    );

    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body ?? '', 'base64').toString('utf8')).toBe('{"a":"ấ"}');
  });

  it('passes text/* bodies as text', () => {
    const event = buildHttpApiEvent(
      request({ rawHeaders: ['content-type', 'text/csv'], body: Buffer.from('a,b') }),
      route,
      undefined,
      { requestId: 'req-4', now },
    );

    expect(event).toMatchObject({ body: 'a,b', isBase64Encoded: false });
  });

  it('passes a text body that is not UTF-8 as text, U+FFFD where the bytes were, for the handler to refuse', () => {
    const event = buildHttpApiEvent(
      request({ rawHeaders: ['content-type', 'application/json'], body: Buffer.from([0x22, 0xf4, 0x22]) }),
      route,
      undefined,
      { requestId: 'req-5', now },
    );

    expect(event).toMatchObject({ body: '"\uFFFD"', isBase64Encoded: false });
  });
});

describe('flattenClaims', () => {
  it('turns every claim into a string as the JWT authorizer does', () => {
    expect(flattenClaims({ a: ['x'], b: 3, c: true, d: { e: 1 }, f: 'plain' })).toEqual({
      a: '[x]',
      b: '3',
      c: 'true',
      d: '{"e":1}',
      f: 'plain',
    });
  });
});

describe('the route matcher built from shared/routes.ts', () => {
  const match = createRouteMatcher(routes);

  it('matches path parameters, decoded, and prefers the longer literal route', () => {
    expect(match('POST', '/v1/campaigns/longbien-2018/handovers/abc123/void')).toEqual({
      route: expect.objectContaining({ name: 'VoidHandover' }),
      pathParameters: { campaignId: 'longbien-2018', handoverId: 'abc123' },
    });
    expect(match('GET', '/v1/campaigns/a%20b')).toEqual({
      route: expect.objectContaining({ name: 'GetCampaign' }),
      pathParameters: { campaignId: 'a b' },
    });
    expect(match('GET', '/v1/openapi.json')?.route.name).toBe('GetOpenApi');
  });

  it('finds nothing for an unknown path or a known path with another method', () => {
    expect(match('GET', '/v1/campaigns/x/unknown')).toBeUndefined();
    expect(match('DELETE', '/v1/campaigns/x')).toBeUndefined();
    expect(match('GET', '/v1/campaigns/%E0%A4%A')).toBeUndefined();
  });

  it.each([
    '/v1/campaigns/',
    '//v1/campaigns',
    '/v1//campaigns',
    '/v1/campaigns//progress',
    '/v1/campaigns/x/progress/',
    '/v1/campaigns/x//progress',
    '//',
    '/health/',
    'health',
    '',
  ])('matches nothing for %j: no trailing slash, no empty segment, as API Gateway', (path) => {
    expect(match('GET', path)).toBeUndefined();
  });

  it('matches HEAD to each GET route, and to no other', () => {
    expect(match('HEAD', '/v1/campaigns/x/progress')?.route.name).toBe('GetProgress');
    expect(match('HEAD', '/v1/campaigns/x/handovers')?.route.name).toBe('ListHandovers');
    expect(match('HEAD', '/v1/campaigns/x/handovers/y/void')).toBeUndefined();
    expect(match('HEAD', '/v1/campaigns/x/pledges/y')).toBeUndefined();
  });

  it('matches the root path only as itself', () => {
    expect(match('GET', '/')?.route.name).toBe('GetDashboard');
  });

  it('gives a greedy path variable the rest of the path, but no empty segment', () => {
    const greedy = createRouteMatcher([{ ...routes[0], method: 'GET', path: '/files/{path+}' }]);

    expect(greedy('GET', '/files/a/b%2Fc/d')?.pathParameters).toEqual({ path: 'a/b/c/d' });
    expect(['/files', '/files/', '/files/a/', '/files//a'].map((path) => greedy('GET', path))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('toHttpResponse', () => {
  it('uses a structured result as given, decoding a base64 body and sending cookies as set-cookie', () => {
    const response = toHttpResponse({
      statusCode: 201,
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'X-Count': 3 },
      body: Buffer.from('\uFEFFa,b').toString('base64'),
      isBase64Encoded: true,
      cookies: ['a=1; Path=/', 'b=2'],
    });

    expect(response).toEqual({
      statusCode: 201,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'x-count': '3',
        'set-cookie': ['a=1; Path=/', 'b=2'],
      },
      body: Buffer.from('\uFEFFa,b'),
    });
  });

  it.each([
    ['an object', { message: 'xin chào' }, '{"message":"xin chào"}'],
    ['a string, as itself', 'Hello from Lambda!', 'Hello from Lambda!'],
    ['an object whose statusCode is undefined', { statusCode: undefined, ok: true }, '{"ok":true}'],
  ])('infers 200 application/json for %s without statusCode', (_label, result, body) => {
    expect(toHttpResponse(result)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(body),
    });
  });

  it('refuses a result whose statusCode or body is malformed', () => {
    expect(() => toHttpResponse({ statusCode: 99 })).toThrow('statusCode');
    expect(() => toHttpResponse({ statusCode: 200, body: { a: 1 } })).toThrow('body must be a string');
  });
});

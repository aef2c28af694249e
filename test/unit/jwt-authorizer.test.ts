import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createJwtAuthorizer, type JwtAuthorizer } from '../../infra/local/jwt-authorizer';
import { issueToken, type LocalSigningKey, loadSigningKey } from '../../infra/local/tokens';

// The local gateway keeps tokens it has verified; these hold it to refusing exactly what it refused before.
describe('the local JWT authorizer', () => {
  let key: LocalSigningKey;
  let authorizer: JwtAuthorizer;
  beforeAll(async () => {
    key = await loadSigningKey(mkdtempSync(join(tmpdir(), 'jwt-authorizer-')));
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const fresh = () => {
    authorizer = createJwtAuthorizer({ publicJwks: [key.publicJwk] });
    return authorizer;
  };

  it('accepts a token again and again with the same claims', async () => {
    const token = await issueToken(key, { role: 'front-committee' });
    const first = await fresh().authorize(`Bearer ${token}`);
    const second = await authorizer.authorize(`Bearer ${token}`);
    expect(first).toMatchObject({ ok: true, claims: { 'cognito:groups': '[front-committee]' } });
    expect(second).toEqual(first);
  });

  it('refuses a token it accepted before once it has expired', async () => {
    const token = await issueToken(key, { role: 'leadership', expiresIn: 60 });
    expect((await fresh().authorize(`Bearer ${token}`)).ok).toBe(true);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 120_000);
    const later = await authorizer.authorize(`Bearer ${token}`);
    expect(later.ok).toBe(false);
  });

  it('refuses a forged token even after accepting the genuine one it was made from', async () => {
    const token = await issueToken(key, { role: 'leadership' });
    expect((await fresh().authorize(`Bearer ${token}`)).ok).toBe(true);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': 'admin' })).toString('base64url'),
      signature,
    ];
    expect((await authorizer.authorize(`Bearer ${forged.join('.')}`)).ok).toBe(false);
  });

  it('hands each request its own claims, so one request cannot change another’s', async () => {
    const token = await issueToken(key, { role: 'leadership' });
    const first = await fresh().authorize(`Bearer ${token}`);
    if (!first.ok) throw new Error(first.reason);
    first.claims['cognito:groups'] = 'admin';
    expect(await authorizer.authorize(`Bearer ${token}`)).toMatchObject({
      claims: { 'cognito:groups': '[leadership]' },
    });
  });
});

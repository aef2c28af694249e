// Local tokens: one key per DATA_DIR even when created twice at once, and ID tokens shaped like Cognito's.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import {
  issueToken,
  loadSigningKey,
  MissingOrganizationError,
  signingKeyFile,
  tokenLifetimeSeconds,
} from '../../infra/local/tokens';

describe('local tokens', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledge-tokens-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates one private signing key in DATA_DIR, even when two callers ask at once', async () => {
    const [a, b] = await Promise.all([loadSigningKey(dataDir), loadSigningKey(dataDir)]);

    expect(a.kid).toBe(b.kid);
    expect(a.publicJwk).toEqual(b.publicJwk);
    expect(a.publicJwk).not.toHaveProperty('d');
    expect(statSync(signingKeyFile(dataDir)).mode & 0o777).toBe(0o600);
  });

  it('issues an RS256 ID token with Cognito’s claims and a sub that is stable per role and organization', async () => {
    const key = await loadSigningKey(dataDir);

    const token = await issueToken(key, { role: 'organization', organizationId: 'hoi-ccb-long-bien' });
    const again = await issueToken(key, { role: 'organization', organizationId: 'hoi-ccb-long-bien' });
    const other = await issueToken(key, { role: 'organization', organizationId: 'ldld-long-bien' });

    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: key.kid, typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(claims).toEqual({
      sub: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'cognito:groups': ['organization'],
      'cognito:username': 'local-organization-hoi-ccb-long-bien',
      'custom:organizationId': 'hoi-ccb-long-bien',
      token_use: 'id',
      auth_time: claims.iat,
      iss: 'pledge-tracker-local',
      aud: 'pledge-tracker-local-client',
      iat: expect.any(Number),
      exp: (claims.iat as number) + tokenLifetimeSeconds,
    });
    expect(decodeJwt(again).sub).toBe(claims.sub);
    expect(decodeJwt(other).sub).not.toBe(claims.sub);
  });

  it('refuses an organization token without an organization id', async () => {
    const key = await loadSigningKey(dataDir);

    await expect(issueToken(key, { role: 'organization' })).rejects.toBeInstanceOf(MissingOrganizationError);
  });
});

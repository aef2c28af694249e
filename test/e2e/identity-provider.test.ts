// The local identity provider (cognito-local in a child process) through the endpoint pages use: demo users, one
// answer for a wrong password and an unknown user, lockout, disabled users, forged tokens, and npm run users.

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockout } from '../../infra/local/identity-endpoint';
import {
  identityProviderFiles,
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from '../../infra/local/identity-provider';
import { createMultiIssuerAuthorizer } from '../../infra/local/jwt-authorizer';
import { localTarget, run } from '../../infra/users/users-command';

const password = 'Demo-Passw0rd!';

describe('local identity provider', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pledge-identity-'));
  let clock = Date.parse('2026-12-01T08:00:00Z');
  let provider: LocalIdentityProvider;

  beforeAll(async () => {
    provider = await startLocalIdentityProvider({ dataDir, demoPassword: password, now: () => clock });
  });
  afterAll(async () => {
    await provider?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(operation: string, body: unknown) {
    const response = await provider.browserEndpoint.handle({
      target: `AWSCognitoIdentityProviderService.${operation}`,
      body: Buffer.from(JSON.stringify(body)),
    });
    return { status: response.statusCode, json: JSON.parse(response.body.toString('utf8')) };
  }
  const signIn = (username: string, secret: string) =>
    call('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: provider.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: secret },
    });
  const authorizer = () =>
    createMultiIssuerAuthorizer([
      { publicJwks: provider.publicJwks, issuer: provider.issuer, audience: provider.clientId },
    ]);

  it('signs in each demo user with the demo password, with the claims Cognito gives', async () => {
    const expected = {
      admin: { groups: ['admin'] },
      mttq: { groups: ['front-committee'] },
      phunu: { groups: ['organization'], organizationId: 'hoi-phu-nu-long-bien' },
      lanhdao: { groups: ['leadership'] },
    };
    for (const [username, want] of Object.entries(expected)) {
      const { status, json } = await signIn(username, password);

      expect(status).toBe(200);
      const claims = decodeJwt(json.AuthenticationResult.IdToken);
      expect(claims).toMatchObject({
        'cognito:username': username,
        'cognito:groups': want.groups,
        token_use: 'id',
        aud: provider.clientId,
        iss: provider.issuer,
      });
      expect(claims['custom:organizationId']).toBe(
        'organizationId' in want ? want.organizationId : undefined,
      );
      const authorized = await authorizer().authorize(`Bearer ${json.AuthenticationResult.IdToken}`);
      expect(authorized.ok).toBe(true);
    }
  });

  it('keeps the demo password in DATA_DIR, readable by its owner only', () => {
    const file = identityProviderFiles(dataDir).demoPassword;

    expect(readFileSync(file, 'utf8').trim()).toBe(password);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('gives a wrong password and an unknown user the same answer', async () => {
    const wrong = await signIn('mttq', 'not-the-password');
    const unknown = await signIn('nobody-here', 'not-the-password');

    expect(wrong).toEqual({
      status: 400,
      json: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
    });
    expect(unknown).toEqual(wrong);
  });

  it('locks a user out after 5 failures in a row for 15 minutes, even with the right password', async () => {
    for (let attempt = 1; attempt <= lockout.failures; attempt++) {
      expect((await signIn('admin', `wrong-${attempt}`)).json.message).toBe(
        'Incorrect username or password.',
      );
    }

    const locked = await signIn('admin', password);
    clock += lockout.minutes * 60_000 - 1000;
    const stillLocked = await signIn('ADMIN ', password);
    clock += 1000;
    const after = await signIn('admin', password);

    expect(locked).toEqual({
      status: 400,
      json: { __type: 'NotAuthorizedException', message: 'Password attempts exceeded' },
    });
    expect(stillLocked).toEqual(locked);
    expect(after.status).toBe(200);
  });

  it('locks out unknown user names too, so a lockout tells nothing about who exists', async () => {
    for (let attempt = 1; attempt <= lockout.failures; attempt++) await signIn('ghost', 'x');

    expect((await signIn('ghost', 'x')).json.message).toBe('Password attempts exceeded');
  });

  it('refreshes tokens, and refuses the refresh token once it is revoked at sign-out', async () => {
    const { json } = await signIn('lanhdao', password);
    const refreshToken = json.AuthenticationResult.RefreshToken;
    const refresh = () =>
      call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: provider.clientId,
        AuthParameters: { REFRESH_TOKEN: refreshToken },
      });

    const refreshed = await refresh();
    const revoked = await call('RevokeToken', { ClientId: provider.clientId, Token: refreshToken });
    const afterRevoke = await refresh();

    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.json.AuthenticationResult.IdToken)['cognito:username']).toBe('lanhdao');
    expect(revoked.status).toBe(200);
    expect(afterRevoke.status).toBe(400);
    expect(afterRevoke.json.__type).toBe('NotAuthorizedException');
  });

  it('never passes an admin operation or another flow through from a browser', async () => {
    const admin = await call('AdminCreateUser', { UserPoolId: provider.userPoolId, Username: 'evil' });
    const flow = await call('InitiateAuth', {
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      ClientId: provider.clientId,
      AuthParameters: { USERNAME: 'admin', PASSWORD: password },
    });

    expect(admin).toEqual({
      status: 400,
      json: { __type: 'UnknownOperationException', message: 'Unknown operation' },
    });
    expect(flow.json.__type).toBe('InvalidParameterException');
  });

  it('refuses a token signed with the key cognito-local publishes, and one for another pool', async () => {
    const published = JSON.parse(
      readFileSync(
        createRequire(import.meta.url).resolve('cognito-local/lib/keys/cognitoLocal.private.json'),
        'utf8',
      ),
    );
    const { json } = await signIn('mttq', password);
    const claims = decodeJwt(json.AuthenticationResult.IdToken);
    const forged = await new SignJWT({ ...claims, 'cognito:groups': ['admin'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' })
      .sign(await importJWK(published.jwk, 'RS256'));
    const otherPool = createMultiIssuerAuthorizer([
      { publicJwks: provider.publicJwks, issuer: `${provider.issuer}x`, audience: provider.clientId },
    ]);

    expect(await authorizer().authorize(`Bearer ${forged}`)).toEqual({
      ok: false,
      reason: 'Token signature is not valid',
    });
    expect((await otherPool.authorize(`Bearer ${json.AuthenticationResult.IdToken}`)).ok).toBe(false);
  });

  it('creates, lists and disables staff with npm run users, and a disabled user cannot sign in', async () => {
    const lines: string[] = [];
    const target = () => localTarget(dataDir);

    await run(
      [
        'create',
        '--local',
        '--role',
        'organization',
        '--email',
        'can-bo@ccb.example',
        '--organization',
        'hoi-ccb-long-bien',
      ],
      (line) => lines.push(line),
      target,
    );
    const temporary = /temporary password (\S+),/.exec(lines[0] ?? '')?.[1] ?? '';
    const firstSignIn = await signIn('can-bo@ccb.example', temporary);
    await run(['list', '--local'], (line) => lines.push(line), target);
    await run(['disable', '--local', '--email', 'can-bo@ccb.example'], (line) => lines.push(line), target);
    const afterDisable = await signIn('can-bo@ccb.example', temporary);

    expect(firstSignIn.json.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(lines.slice(1, 6)).toEqual([
      'admin@example.invalid\tadmin\t-\tenabled\tCONFIRMED\tQuản trị hệ thống',
      'can-bo@ccb.example\torganization\thoi-ccb-long-bien\tenabled\tFORCE_CHANGE_PASSWORD\t',
      'lanhdao@example.invalid\tleadership\t-\tenabled\tCONFIRMED\tLãnh đạo quận',
      'mttq@example.invalid\tfront-committee\t-\tenabled\tCONFIRMED\tCán bộ Ủy ban MTTQ quận',
      'phunu@example.invalid\torganization\thoi-phu-nu-long-bien\tenabled\tCONFIRMED\tCán bộ Hội Liên hiệp Phụ nữ quận',
    ]);
    expect(lines.at(-1)).toMatch(/^Disabled can-bo@ccb\.example/);
    expect(afterDisable.json.message).toBe('Incorrect username or password.');
  });
});

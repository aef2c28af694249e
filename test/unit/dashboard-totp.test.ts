// The page's TOTP steps against Cognito's API, with fetch stubbed: the SOFTWARE_TOKEN_MFA challenge, and for an
// admin or clerk signed in without TOTP where the API requires it, setting it up (decision 0013).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../shared/config';
import {
  answerChallenge,
  finishTotpEnrolment,
  groupSecret,
  IdentityError,
  needsTotpEnrolment,
  otpauthUri,
  type Session,
  signIn,
  startTotpEnrolment,
} from '../../shared/dashboard/client/cognito-api';
import { identityOf } from '../../shared/dashboard/identity-config';

const unsigned = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const session = (claims: Record<string, unknown>): Session => ({
  idToken: unsigned(claims),
  accessToken: 'access-token-1',
  refreshToken: 'refresh-1',
  expiresAt: 0,
});
const config = {
  endpoint: 'https://cognito-idp.ap-southeast-1.amazonaws.com/',
  clientId: 'client-1',
  requireMfa: true,
};

/** Each call answers the next of `answers`; the calls are kept as operation and body. */
function cognito(...answers: { status?: number; body: unknown }[]) {
  const calls: { operation: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (_url: string, init: RequestInit) => {
      const headers = init.headers as Record<string, string>;
      calls.push({
        operation: headers['x-amz-target']?.replace('AWSCognitoIdentityProviderService.', '') ?? '',
        body: JSON.parse(String(init.body)),
      });
      const answer = answers.shift() ?? { status: 500, body: {} };
      return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
    }),
  );
  return calls;
}
afterEach(() => vi.unstubAllGlobals());

describe('the SOFTWARE_TOKEN_MFA challenge', () => {
  it('asks for the code after the password, and answers with it', async () => {
    const calls = cognito(
      { body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's-1' } },
      {
        body: {
          AuthenticationResult: { IdToken: 'id', AccessToken: 'a', RefreshToken: 'r', ExpiresIn: 3600 },
        },
      },
    );

    const step = await signIn(config, 'mttq@example.vn', 'password');
    expect(step).toEqual({ kind: 'totp', session: 's-1', username: 'mttq@example.vn' });
    const next = await answerChallenge(config, step as Exclude<typeof step, { kind: 'signed-in' }>, '123456');

    expect(next.kind).toBe('signed-in');
    expect(calls[1]).toEqual({
      operation: 'RespondToAuthChallenge',
      body: {
        ClientId: 'client-1',
        Session: 's-1',
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        ChallengeResponses: { USERNAME: 'mttq@example.vn', SOFTWARE_TOKEN_MFA_CODE: '123456' },
      },
    });
  });

  it('says a wrong code is wrong', async () => {
    cognito({
      status: 400,
      body: { __type: 'CodeMismatchException', message: 'Invalid code received for user' },
    });

    await expect(
      answerChallenge(config, { kind: 'totp', session: 's-1', username: 'mttq' }, '000000'),
    ).rejects.toEqual(new IdentityError('invalid-code'));
  });
});

describe('who must set up TOTP', () => {
  it('is an admin or clerk whose token lacks the mfa claim, where the API requires it', () => {
    expect(needsTotpEnrolment(config, session({ 'cognito:groups': ['admin'] }))).toBe(true);
    expect(needsTotpEnrolment(config, session({ 'cognito:groups': ['front-committee'] }))).toBe(true);
    expect(needsTotpEnrolment(config, session({ 'cognito:groups': ['admin'], mfa: 'totp' }))).toBe(false);
    expect(needsTotpEnrolment(config, session({ 'cognito:groups': ['organization'] }))).toBe(false);
    expect(needsTotpEnrolment(config, session({ 'cognito:groups': ['leadership'] }))).toBe(false);
    const local = { endpoint: '/identity', clientId: 'local' };
    expect(needsTotpEnrolment(local, session({ 'cognito:groups': ['admin'] }))).toBe(false);
  });

  it('is told to the page by its settings only where REQUIRE_MFA=true', () => {
    const env = { IDENTITY_ENDPOINT: '/identity', USER_POOL_CLIENT_ID: 'local' };
    expect(identityOf(readConfig({ ...env, REQUIRE_MFA: 'true' }))).toEqual({
      endpoint: '/identity',
      clientId: 'local',
      requireMfa: true,
    });
    expect(identityOf(readConfig(env))).toEqual({ endpoint: '/identity', clientId: 'local' });
  });
});

describe('setting up TOTP', () => {
  it('shows the secret in groups of four and as an otpauth link', async () => {
    const calls = cognito({ body: { SecretCode: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' } });

    const enrolment = await startTotpEnrolment(config, session({ 'cognito:groups': ['admin'] }), 'a@x.vn');

    expect(calls).toEqual([{ operation: 'AssociateSoftwareToken', body: { AccessToken: 'access-token-1' } }]);
    expect(enrolment).toEqual({
      secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
      grouped: 'JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP',
      uri: 'otpauth://totp/Pledge%20Tracker:a%40x.vn?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Pledge%20Tracker&algorithm=SHA1&digits=6&period=30',
    });
    expect(groupSecret('ABCDEF')).toBe('ABCD EF');
    expect(otpauthUri('AB', 'mttq', 'X Y')).toBe(
      'otpauth://totp/X%20Y:mttq?secret=AB&issuer=X%20Y&algorithm=SHA1&digits=6&period=30',
    );
  });

  it('verifies the first code, then makes TOTP the preferred second factor', async () => {
    const calls = cognito({ body: { Status: 'SUCCESS' } }, { body: {} });

    await finishTotpEnrolment(config, session({ 'cognito:groups': ['admin'] }), '654321');

    expect(calls).toEqual([
      {
        operation: 'VerifySoftwareToken',
        body: { AccessToken: 'access-token-1', UserCode: '654321', FriendlyDeviceName: 'Pledge Tracker' },
      },
      {
        operation: 'SetUserMFAPreference',
        body: {
          AccessToken: 'access-token-1',
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        },
      },
    ]);
  });

  it('refuses a code that is not six digits without asking, and a wrong one after asking, enabling nothing', async () => {
    const calls = cognito({
      status: 400,
      body: { __type: 'EnableSoftwareTokenMFAException', message: 'Code mismatch' },
    });

    await expect(finishTotpEnrolment(config, session({}), '12345')).rejects.toEqual(
      new IdentityError('invalid-code'),
    );
    expect(calls).toEqual([]);
    await expect(finishTotpEnrolment(config, session({}), '123456')).rejects.toEqual(
      new IdentityError('invalid-code'),
    );
    expect(calls.map((c) => c.operation)).toEqual(['VerifySoftwareToken']);
  });
});

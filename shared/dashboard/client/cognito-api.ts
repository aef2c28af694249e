// Cognito's user-pool API as the page calls it (USER_PASSWORD_AUTH, challenges, refresh, revoke, TOTP set-up):
// fetch only, no DOM, so that unit tests run it in Node; identity.ts adds where the page keeps its session.
import { mfaClaim, mfaRequiredRoles } from '../../identity';
import { decodeClaims } from '../session-claims';

export interface IdentityConfig {
  endpoint: string;
  clientId: string;
  /** The API refuses admins and the front committee without TOTP (decision 0013). */
  requireMfa?: boolean;
}

export interface Session {
  idToken: string;
  accessToken: string;
  refreshToken: string;
  /** Milliseconds since the epoch when the ID token expires. */
  expiresAt: number;
}

export type SignInStep =
  | { kind: 'signed-in'; session: Session }
  | { kind: 'new-password'; session: string; username: string }
  | { kind: 'totp'; session: string; username: string };

/** What went wrong, as the page words it; Cognito's own message is never shown. */
export type IdentityFailure = 'incorrect' | 'locked-out' | 'invalid-code' | 'weak-password' | 'failed';

export class IdentityError extends Error {
  constructor(readonly failure: IdentityFailure) {
    super(failure);
  }
}

async function call(
  config: IdentityConfig,
  operation: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  // A variable, not a literal in the call: Node's RequestInit (unit tests) lacks the browser's `cache`.
  const init = {
    method: 'POST',
    cache: 'no-store',
    credentials: 'omit',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  } as const;
  let response: Response;
  try {
    response = await fetch(config.endpoint, init);
  } catch {
    throw new IdentityError('failed');
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return json;
  throw new IdentityError(failureOf(String(json.__type ?? ''), String(json.message ?? '')));
}

function failureOf(type: string, message: string): IdentityFailure {
  const name = type.split('#').pop() ?? '';
  if (name === 'NotAuthorizedException' && /attempts exceeded/i.test(message)) return 'locked-out';
  if (['NotAuthorizedException', 'UserNotFoundException', 'PasswordResetRequiredException'].includes(name)) {
    return 'incorrect';
  }
  if (['CodeMismatchException', 'ExpiredCodeException', 'EnableSoftwareTokenMFAException'].includes(name)) {
    return 'invalid-code';
  }
  if (['InvalidPasswordException', 'InvalidParameterException'].includes(name)) return 'weak-password';
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException') return 'locked-out';
  return 'failed';
}

function toSession(result: unknown, refreshToken?: string): Session {
  const tokens = result as {
    IdToken: string;
    AccessToken: string;
    RefreshToken?: string;
    ExpiresIn?: number;
  };
  return {
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    refreshToken: tokens.RefreshToken ?? refreshToken ?? '',
    expiresAt: Date.now() + (tokens.ExpiresIn ?? 3600) * 1000,
  };
}

function step(json: Record<string, unknown>, username: string): SignInStep {
  if (json.AuthenticationResult) return { kind: 'signed-in', session: toSession(json.AuthenticationResult) };
  const session = String(json.Session ?? '');
  if (json.ChallengeName === 'NEW_PASSWORD_REQUIRED') return { kind: 'new-password', session, username };
  if (json.ChallengeName === 'SOFTWARE_TOKEN_MFA') return { kind: 'totp', session, username };
  // SMS, e-mail codes and MFA set-up are not offered by this pool's page (decision 0012).
  throw new IdentityError('failed');
}

export async function signIn(
  config: IdentityConfig,
  username: string,
  password: string,
): Promise<SignInStep> {
  const json = await call(config, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: config.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return step(json, username);
}

export async function answerChallenge(
  config: IdentityConfig,
  challenge: Exclude<SignInStep, { kind: 'signed-in' }>,
  answer: string,
): Promise<SignInStep> {
  const json = await call(config, 'RespondToAuthChallenge', {
    ClientId: config.clientId,
    Session: challenge.session,
    ChallengeName: challenge.kind === 'new-password' ? 'NEW_PASSWORD_REQUIRED' : 'SOFTWARE_TOKEN_MFA',
    ChallengeResponses:
      challenge.kind === 'new-password'
        ? { USERNAME: challenge.username, NEW_PASSWORD: answer }
        : { USERNAME: challenge.username, SOFTWARE_TOKEN_MFA_CODE: answer },
  });
  return step(json, challenge.username);
}

export async function refresh(config: IdentityConfig, session: Session): Promise<Session> {
  const json = await call(config, 'InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: config.clientId,
    AuthParameters: { REFRESH_TOKEN: session.refreshToken },
  });
  return toSession(json.AuthenticationResult, session.refreshToken);
}

/** Revokes the refresh token (and the tokens it issued); the page forgets the session whatever the answer. */
export async function signOut(config: IdentityConfig, session: Session): Promise<void> {
  await call(config, 'RevokeToken', { ClientId: config.clientId, Token: session.refreshToken }).catch(
    () => {},
  );
}

export async function forgotPassword(config: IdentityConfig, username: string): Promise<void> {
  await call(config, 'ForgotPassword', { ClientId: config.clientId, Username: username });
}

export async function confirmForgotPassword(
  config: IdentityConfig,
  username: string,
  code: string,
  password: string,
): Promise<void> {
  await call(config, 'ConfirmForgotPassword', {
    ClientId: config.clientId,
    Username: username,
    ConfirmationCode: code,
    Password: password,
  });
}

/**
 * A signed-in admin or front-committee member whose token lacks the `mfa` claim, where the API requires it:
 * the page asks them to set up an authenticator app before anything else.
 */
export function needsTotpEnrolment(config: IdentityConfig, session: Session): boolean {
  if (!config.requireMfa) return false;
  const claims = decodeClaims(session.idToken);
  if (!claims) return false;
  const groups = Array.isArray(claims['cognito:groups']) ? claims['cognito:groups'].map(String) : [];
  const required = groups.some((group) => (mfaRequiredRoles as readonly string[]).includes(group));
  return required && claims[mfaClaim.name] !== mfaClaim.totp;
}

export interface TotpEnrolment {
  /** Base32, as Cognito gives it; typed into an authenticator app by hand. */
  secret: string;
  /** The secret in groups of four, easier to read aloud and to type. */
  grouped: string;
  /** `otpauth://totp/…`, for apps that take a link (no QR code: no library for it on this page). */
  uri: string;
}

export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

export function otpauthUri(secret: string, account: string, issuer = 'Pledge Tracker'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/** Step 1: Cognito makes a secret for this user (AssociateSoftwareToken with their access token). */
export async function startTotpEnrolment(
  config: IdentityConfig,
  session: Session,
  account: string,
): Promise<TotpEnrolment> {
  const json = await call(config, 'AssociateSoftwareToken', { AccessToken: session.accessToken });
  const secret = String(json.SecretCode ?? '');
  if (!/^[A-Z2-7]+=*$/.test(secret)) throw new IdentityError('failed');
  return { secret, grouped: groupSecret(secret), uri: otpauthUri(secret, account) };
}

/**
 * Step 2: the first code from the app proves it holds the secret (VerifySoftwareToken); TOTP then becomes
 * the user's second factor (SetUserMFAPreference), asked at every sign-in. The tokens in hand were issued
 * without it, so the caller signs out and the user signs in again, with the code.
 */
export async function finishTotpEnrolment(
  config: IdentityConfig,
  session: Session,
  code: string,
): Promise<void> {
  if (!/^\d{6}$/.test(code)) throw new IdentityError('invalid-code');
  const verified = await call(config, 'VerifySoftwareToken', {
    AccessToken: session.accessToken,
    UserCode: code,
    FriendlyDeviceName: 'Pledge Tracker',
  });
  if (verified.Status !== 'SUCCESS') throw new IdentityError('invalid-code');
  await call(config, 'SetUserMFAPreference', {
    AccessToken: session.accessToken,
    SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
  });
}

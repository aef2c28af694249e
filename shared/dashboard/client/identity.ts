// Signing in from the page: Cognito's user-pool API (USER_PASSWORD_AUTH, challenges, refresh, revoke), the same
// calls against Cognito in AWS and the local provider; tokens kept in sessionStorage only, never in a URL.

export interface IdentityConfig {
  endpoint: string;
  clientId: string;
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

const sessionKey = 'pledge-tracker.session';

export function readIdentityConfig(): IdentityConfig | undefined {
  const content = document.querySelector<HTMLMetaElement>('meta[name="pledge-tracker-identity"]')?.content;
  if (!content) return undefined;
  try {
    const parsed = JSON.parse(content) as IdentityConfig;
    return parsed.endpoint && parsed.clientId ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function loadSession(): Session | undefined {
  try {
    const stored = sessionStorage.getItem(sessionKey);
    return stored ? (JSON.parse(stored) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function storeSession(session: Session | undefined): void {
  try {
    if (session) sessionStorage.setItem(sessionKey, JSON.stringify(session));
    else sessionStorage.removeItem(sessionKey);
  } catch {
    // Storage refused: the session lives as long as the page.
  }
}

async function call(
  config: IdentityConfig,
  operation: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(config.endpoint, {
      method: 'POST',
      cache: 'no-store',
      credentials: 'omit',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
      },
      body: JSON.stringify(body),
    });
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

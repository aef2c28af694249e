// The local identity endpoint the pages call on the gateway's own origin (POST /identity): it forwards the
// browser's Cognito operations to cognito-local and adds what Cognito does and cognito-local does not.
import { authFlows, browserIdentityOperations } from '../../shared/identity';
import type { HttpResponse } from './http-api-event';

/** Cognito locks a user out after repeated failures; locally: 5 failures in a row, then 15 minutes. */
export const lockout = { failures: 5, minutes: 15 } as const;

const maxBodyBytes = 16 * 1024;
const targetPrefix = 'AWSCognitoIdentityProviderService.';
/** The answer Cognito gives, with user-existence errors prevented, to a wrong password and an unknown user alike. */
const incorrect = { type: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const locked = { type: 'NotAuthorizedException', message: 'Password attempts exceeded' };

export interface IdentityRequest {
  target: string | undefined;
  body: Buffer;
}

export interface BrowserIdentityEndpoint {
  handle(request: IdentityRequest): Promise<HttpResponse>;
}

export function createBrowserIdentityEndpoint(options: {
  providerEndpoint: string;
  userPoolId: string;
  now?: () => number;
  fetch?: typeof fetch;
}): BrowserIdentityEndpoint {
  const now = options.now ?? Date.now;
  const send = options.fetch ?? fetch;
  /** Consecutive failures and the end of a lockout, per user name as typed (case and spacing folded). */
  const failures = new Map<string, { count: number; lockedUntil: number }>();

  async function call(
    target: string,
    body: unknown,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await send(options.providerEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${targetPrefix}${target}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  }

  /** cognito-local signs in a disabled user; Cognito does not. Its admin API needs no credentials locally. */
  async function isDisabled(username: string): Promise<boolean> {
    const user = await call('AdminGetUser', { UserPoolId: options.userPoolId, Username: username });
    return user.status === 200 && user.json.Enabled === false;
  }

  async function passwordSignIn(body: Record<string, unknown>): Promise<HttpResponse> {
    const parameters = (body.AuthParameters ?? {}) as Record<string, unknown>;
    const typed = typeof parameters.USERNAME === 'string' ? parameters.USERNAME : '';
    const key = typed.normalize('NFC').trim().toLowerCase();
    const state = failures.get(key);
    if (state && state.lockedUntil > now()) return cognitoError(400, locked);
    const disabled = key !== '' && (await isDisabled(typed));
    const result = disabled
      ? { status: 400, json: { __type: 'NotAuthorizedException' } }
      : await call('InitiateAuth', body);
    const type = String(result.json.__type ?? '');
    if (
      result.status === 400 &&
      ['NotAuthorizedException', 'InvalidPasswordException', 'UserNotFoundException'].includes(type)
    ) {
      const count =
        (state && state.lockedUntil <= now() && state.lockedUntil > 0 ? 0 : (state?.count ?? 0)) + 1;
      failures.set(key, {
        count,
        lockedUntil: count >= lockout.failures ? now() + lockout.minutes * 60_000 : 0,
      });
      return cognitoError(400, incorrect);
    }
    if (result.status === 200) failures.delete(key);
    return forward(result);
  }

  async function refresh(body: Record<string, unknown>): Promise<HttpResponse> {
    const parameters = (body.AuthParameters ?? {}) as Record<string, unknown>;
    const username = usernameInRefreshToken(parameters.REFRESH_TOKEN);
    if (username && (await isDisabled(username))) {
      return cognitoError(400, { type: 'NotAuthorizedException', message: 'User is disabled.' });
    }
    return forward(await call('InitiateAuth', body));
  }

  return {
    async handle(request) {
      const operation = request.target?.startsWith(targetPrefix)
        ? request.target.slice(targetPrefix.length)
        : undefined;
      if (!operation || !(browserIdentityOperations as readonly string[]).includes(operation)) {
        return cognitoError(400, { type: 'UnknownOperationException', message: 'Unknown operation' });
      }
      if (request.body.length > maxBodyBytes) {
        return cognitoError(413, { type: 'SerializationException', message: 'Request is too large' });
      }
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(request.body.toString('utf8'));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return cognitoError(400, { type: 'SerializationException', message: 'Request is not valid JSON' });
      }
      if (operation === 'InitiateAuth') {
        if (!(authFlows as readonly string[]).includes(String(body.AuthFlow))) {
          return cognitoError(400, {
            type: 'InvalidParameterException',
            message: 'Initiate Auth method not supported.',
          });
        }
        return body.AuthFlow === 'USER_PASSWORD_AUTH' ? passwordSignIn(body) : refresh(body);
      }
      return forward(await call(operation, body));
    },
  };
}

/** cognito-local's refresh tokens are JWTs that name the user; it checks their signature itself. */
function usernameInRefreshToken(token: unknown): string | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload['cognito:username'] === 'string' ? payload['cognito:username'] : undefined;
  } catch {
    return undefined;
  }
}

function forward(result: { status: number; json: Record<string, unknown> }): HttpResponse {
  // cognito-local answers its own faults with a 500 holding the error object; Cognito would say InternalErrorException.
  if (result.status >= 500) {
    const unsupported = String(result.json.__type ?? '') === 'CognitoLocal#Unsupported';
    return cognitoError(unsupported ? 400 : 500, {
      type: unsupported ? 'InvalidParameterException' : 'InternalErrorException',
      message: unsupported ? String(result.json.message) : 'Internal error',
    });
  }
  return {
    statusCode: result.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'cache-control': 'no-store' },
    body: Buffer.from(JSON.stringify(result.json)),
  };
}

function cognitoError(statusCode: number, error: { type: string; message: string }): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'cache-control': 'no-store' },
    body: Buffer.from(JSON.stringify({ __type: error.type, message: error.message })),
  };
}

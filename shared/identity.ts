// Where pages sign in, declared once for the stack, the local runtime and the dashboard: data only, no AWS imports.
import type { Role } from './domain/roles';

/** Environment of the dashboard's function: the Cognito API endpoint the page calls, and its app client. */
export const identityEnv = {
  endpoint: 'IDENTITY_ENDPOINT',
  clientId: 'USER_POOL_CLIENT_ID',
  /** The admin routes' pool (shared/routes.ts `userPool`). */
  userPoolId: 'USER_POOL_ID',
  /** `email` (AWS, the default) or `shown` (the local runtime, which has no mail). */
  inviteDelivery: 'STAFF_INVITE_DELIVERY',
  /** `true` in AWS: the API refuses `mfaRequiredRoles` without the `mfa` claim (decision 0013). */
  requireMfa: 'REQUIRE_MFA',
} as const;

/** Cognito's user-pool API for a region: what the page calls in AWS, and the one origin CSP adds for it. */
export function cognitoEndpoint(region: string): string {
  return `https://cognito-idp.${region}.amazonaws.com/`;
}

/** Locally the page calls the identity provider through the gateway, on its own origin. */
export const localIdentityPath = '/identity';

/**
 * The Cognito operations a browser may call: signing in and out, its own password and TOTP. Never the
 * Admin* operations, which only `npm run users` and the admin routes call, with credentials.
 */
export const browserIdentityOperations = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'RevokeToken',
  'GetUser',
  'ChangePassword',
  'ForgotPassword',
  'ConfirmForgotPassword',
  'AssociateSoftwareToken',
  'VerifySoftwareToken',
  'SetUserMFAPreference',
] as const;

/** The app client's flows: a password over TLS to Cognito (no SRP: decision 0012) and refresh. */
export const authFlows = ['USER_PASSWORD_AUTH', 'REFRESH_TOKEN_AUTH'] as const;

/** Token lifetimes of the app client, in AWS and locally. */
export const tokenValidity = { idHours: 1, accessHours: 1, refreshDays: 30 } as const;

/** The roles whose members must use TOTP (decision 0013: how it is enforced). */
export const mfaRequiredRoles: readonly Role[] = ['admin', 'front-committee'];

/**
 * The ID-token claim the pre-token-generation trigger adds when the user has TOTP enabled, and its value.
 * The API reads the ID token (`token_use: id`), so the trigger's version 1 is enough: it changes ID tokens.
 */
export const mfaClaim = { name: 'mfa', totp: 'totp' } as const;

export interface DemoUser {
  username: string;
  role: Role;
  name: string;
  organizationId?: string;
}

/** One user per role, created on the local runtime's first start. */
export const demoUsers: readonly DemoUser[] = [
  { username: 'admin', role: 'admin', name: 'Quản trị hệ thống' },
  { username: 'mttq', role: 'front-committee', name: 'Cán bộ Ủy ban MTTQ quận' },
  {
    username: 'phunu',
    role: 'organization',
    name: 'Cán bộ Hội Liên hiệp Phụ nữ quận',
    organizationId: 'hoi-phu-nu-long-bien',
  },
  { username: 'lanhdao', role: 'leadership', name: 'Lãnh đạo quận' },
];

// Staff accounts in a Cognito user pool (or the local cognito-local): create, list, disable; used by
// `npm run users` and by the local runtime for its demo users. The client comes in, so tests can swap it.
import { randomBytes, randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Role } from '../../shared/domain/roles';

export interface NewUser {
  /** The sign-in name: an e-mail address in AWS (the pool signs in by e-mail), any name locally. */
  username: string;
  role: Role;
  email?: string;
  name?: string;
  organizationId?: string;
}

export interface CreateUserOptions {
  /**
   * `invite`: Cognito e-mails a temporary password, to be changed at first sign-in (AWS).
   * `temporary`: no e-mail; the temporary password is returned to the caller to hand over (local).
   * `permanent`: the password given is set for good (the local demo users).
   */
  delivery: { kind: 'invite' } | { kind: 'temporary' } | { kind: 'permanent'; password: string };
}

export class OrganizationRequiredError extends Error {
  readonly code = 'users.organizationRequired';
  constructor() {
    super('An organization user needs --organization <organizationId>');
  }
}

export class OrganizationNotAllowedError extends Error {
  readonly code = 'users.organizationNotAllowed';
  constructor(role: Role) {
    super(`Only organization users belong to an organization, not ${role}`);
  }
}

export interface ListedUser {
  username: string;
  email?: string;
  name?: string;
  organizationId?: string;
  roles: string[];
  enabled: boolean;
  status: string;
}

/** A password that meets the pool's policy (12+ characters, upper, lower, digit, symbol). */
export function generatePassword(): string {
  const symbols = '!#%+-=?@^_';
  return `${randomBytes(12).toString('base64url')}${symbols[randomInt(symbols.length)]}${randomInt(10)}aZ`;
}

export async function createUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  user: NewUser,
  options: CreateUserOptions,
): Promise<{ username: string; sub?: string; temporaryPassword?: string }> {
  if (user.role === 'organization' && !user.organizationId) throw new OrganizationRequiredError();
  if (user.role !== 'organization' && user.organizationId) throw new OrganizationNotAllowedError(user.role);
  const attributes = [
    ...(user.email
      ? [
          { Name: 'email', Value: user.email },
          { Name: 'email_verified', Value: 'true' },
        ]
      : []),
    ...(user.name ? [{ Name: 'name', Value: user.name }] : []),
    ...(user.organizationId ? [{ Name: 'custom:organizationId', Value: user.organizationId }] : []),
  ];
  const { delivery } = options;
  const temporaryPassword = delivery.kind === 'invite' ? undefined : generatePassword();
  const created = await client.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: user.username,
      UserAttributes: attributes,
      ...(delivery.kind === 'invite'
        ? { DesiredDeliveryMediums: ['EMAIL'] }
        : { MessageAction: 'SUPPRESS', TemporaryPassword: temporaryPassword }),
    }),
  );
  if (delivery.kind === 'permanent') {
    await client.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: user.username,
        Password: delivery.password,
        Permanent: true,
      }),
    );
  }
  await client.send(
    new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: user.username, GroupName: user.role }),
  );
  const sub = created.User?.Attributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  return {
    username: user.username,
    ...(sub ? { sub } : {}),
    ...(delivery.kind === 'temporary' && temporaryPassword ? { temporaryPassword } : {}),
  };
}

export async function listUsers(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
): Promise<ListedUser[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListUsersCommand({ UserPoolId: userPoolId, ...(token ? { PaginationToken: token } : {}) }),
    );
    users.push(...(page.Users ?? []));
    token = page.PaginationToken;
  } while (token);
  const listed: ListedUser[] = [];
  for (const user of users) {
    const username = user.Username ?? '';
    const groups = await client.send(
      new AdminListGroupsForUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
    const attribute = (name: string) => user.Attributes?.find((entry) => entry.Name === name)?.Value;
    const email = attribute('email');
    const name = attribute('name');
    const organizationId = attribute('custom:organizationId');
    listed.push({
      username,
      ...(email ? { email } : {}),
      ...(name ? { name } : {}),
      ...(organizationId ? { organizationId } : {}),
      roles: (groups.Groups ?? []).map((group) => group.GroupName ?? '').sort(),
      enabled: user.Enabled ?? true,
      status: user.UserStatus ?? 'UNKNOWN',
    });
  }
  return listed.sort((a, b) => a.username.localeCompare(b.username));
}

export async function disableUser(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  username: string,
): Promise<{ sub: string | undefined; wasEnabled: boolean }> {
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  const sub = user.UserAttributes?.find((attribute) => attribute.Name === 'sub')?.Value;
  const wasEnabled = user.Enabled ?? true;
  if (wasEnabled) {
    await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: username }));
  }
  return { sub, wasEnabled };
}

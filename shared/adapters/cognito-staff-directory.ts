// Driven adapter: staff accounts in a Cognito user pool (cognito-local locally), for the admin routes. The client
// comes in; the function's role may call exactly the operations used here (shared/routes.ts `userPool`).
import { randomBytes, randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Config } from '../config';
import { ConflictError } from '../domain/errors';
import { type Role, roles } from '../domain/roles';
import { lacking, missing } from '../missing';
import type { InvitedStaff, StaffDirectory, StaffInvitation, StaffMember } from '../ports';

/**
 * `email`: Cognito e-mails the temporary password (AWS). `shown`: nothing is sent, and the temporary password
 * is answered to the admin to hand over (the local runtime, which has no mail).
 */
export type InviteDelivery = 'email' | 'shown';

/** A password that meets the pool's policy (12+ characters, upper, lower, digit, symbol). */
export function temporaryPassword(): string {
  const symbols = '!#%+-=?@^_';
  return `${randomBytes(12).toString('base64url')}${symbols[randomInt(symbols.length)]}${randomInt(10)}aZ`;
}

function attribute(user: UserType, name: string): string | undefined {
  return user.Attributes?.find((entry) => entry.Name === name)?.Value;
}

function member(user: UserType, memberRoles: Role[]): StaffMember {
  const email = attribute(user, 'email');
  const name = attribute(user, 'name');
  const organizationId = attribute(user, 'custom:organizationId');
  return {
    id: attribute(user, 'sub') ?? '',
    username: user.Username ?? '',
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    roles: memberRoles,
    ...(organizationId ? { organizationId } : {}),
    enabled: user.Enabled ?? true,
    status: user.UserStatus ?? 'UNKNOWN',
  };
}

/** Cognito's filter syntax quotes with `"`; an id is a UUID (checked at the edge), so this only guards. */
function quoted(value: string): string {
  if (!/^[\w-]+$/.test(value)) throw new Error('A user id must be letters, digits or hyphens');
  return `"${value}"`;
}

export class CognitoStaffDirectory implements StaffDirectory {
  private readonly client: CognitoIdentityProviderClient;
  private readonly userPoolId: string;
  private readonly delivery: InviteDelivery;

  constructor(options: {
    client: CognitoIdentityProviderClient;
    userPoolId: string;
    delivery: InviteDelivery;
  }) {
    this.client = options.client;
    this.userPoolId = options.userPoolId;
    this.delivery = options.delivery;
  }

  async invite(invitation: StaffInvitation): Promise<InvitedStaff> {
    const password = this.delivery === 'shown' ? temporaryPassword() : undefined;
    let created: UserType | undefined;
    try {
      ({ User: created } = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: invitation.email,
          UserAttributes: [
            { Name: 'email', Value: invitation.email },
            // The admin vouches for the address; Cognito sends the invitation to it.
            { Name: 'email_verified', Value: 'true' },
            ...(invitation.name ? [{ Name: 'name', Value: invitation.name }] : []),
            ...(invitation.organizationId
              ? [{ Name: 'custom:organizationId', Value: invitation.organizationId }]
              : []),
          ],
          ...(password
            ? { MessageAction: 'SUPPRESS', TemporaryPassword: password }
            : { DesiredDeliveryMediums: ['EMAIL'] }),
        }),
      ));
    } catch (error) {
      if ((error as Error).name === 'UsernameExistsException') {
        throw new ConflictError('An account with this e-mail address exists');
      }
      throw error;
    }
    // In AWS the pool signs in by e-mail, so the user name Cognito keeps is the `sub`, not the address.
    const username = created?.Username ?? invitation.email;
    await this.client.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: this.userPoolId,
        Username: username,
        GroupName: invitation.role,
      }),
    );
    const id = created ? attribute(created, 'sub') : undefined;
    if (!id) throw new Error('Cognito answered AdminCreateUser without the new account’s sub');
    return { id, username, ...(password ? { temporaryPassword: password } : {}) };
  }

  /** One ListUsers and one ListUsersInGroup per role (each paged), however many accounts there are. */
  async list(): Promise<StaffMember[]> {
    const users = await this.pages((token) =>
      this.client.send(
        new ListUsersCommand({ UserPoolId: this.userPoolId, ...(token ? { PaginationToken: token } : {}) }),
      ),
    );
    const rolesOf = new Map<string, Role[]>();
    for (const role of roles) {
      const members = await this.pages(async (token) => {
        const page = await this.client.send(
          new ListUsersInGroupCommand({
            UserPoolId: this.userPoolId,
            GroupName: role,
            ...(token ? { NextToken: token } : {}),
          }),
        );
        return { Users: page.Users, PaginationToken: page.NextToken };
      });
      for (const user of members) {
        const username = user.Username ?? '';
        rolesOf.set(username, [...(rolesOf.get(username) ?? []), role]);
      }
    }
    return users
      .map((user) => member(user, rolesOf.get(user.Username ?? '') ?? []))
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  async find(id: string): Promise<StaffMember | undefined> {
    const { Users } = await this.client.send(
      new ListUsersCommand({ UserPoolId: this.userPoolId, Filter: `sub = ${quoted(id)}`, Limit: 1 }),
    );
    const user = Users?.[0];
    // Groups are not needed to disable an account, and the role's permissions do not include reading them.
    return user ? member(user, []) : undefined;
  }

  async disable(target: StaffMember): Promise<void> {
    await this.client.send(
      new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: target.username }),
    );
  }

  private async pages(
    read: (token: string | undefined) => Promise<{ Users?: UserType[]; PaginationToken?: string }>,
  ): Promise<UserType[]> {
    const users: UserType[] = [];
    let token: string | undefined;
    do {
      const page = await read(token);
      users.push(...(page.Users ?? []));
      token = page.PaginationToken;
    } while (token);
    return users;
  }
}

/** The directory of the configured user pool, or a stand-in that names the missing variable on first use. */
export function staffDirectoryFor(config: Config, client: CognitoIdentityProviderClient): StaffDirectory {
  return config.userPoolId
    ? new CognitoStaffDirectory({
        client,
        userPoolId: config.userPoolId,
        delivery: config.staffInviteDelivery,
      })
    : missing<StaffDirectory>(lacking(config, ['userPoolId'], client, 'a Cognito client'));
}

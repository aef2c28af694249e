// `npm run users` against a deployed stack, with Cognito mocked: the pool read from cdk's outputs file, the exact calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../infra/users/users-command';

const cognito = mockClient(CognitoIdentityProviderClient);
const userPoolId = 'ap-southeast-1_AbC123';
let dir: string;
let outputs: string;

beforeEach(() => {
  cognito.reset();
  dir = mkdtempSync(join(tmpdir(), 'pledge-users-'));
  outputs = join(dir, 'cdk-outputs.json');
  // What `cdk deploy --all --outputs-file` writes: one object per stack.
  writeFileSync(
    outputs,
    JSON.stringify({
      PledgeTrackerStateful: { UserPoolId: userPoolId, UserPoolClientId: 'client-1', EventBusName: 'bus' },
      PledgeTrackerStateless: { ApiUrl: 'https://abc.execute-api.ap-southeast-1.amazonaws.com/' },
    }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function users(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await run([...args, '--outputs', outputs], (line) => lines.push(line));
  return lines;
}

describe('npm run users against the deployed pool', () => {
  it('creates the first admin: Cognito e-mails the invitation, the account joins the admin group', async () => {
    // Prepare
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    // Act
    const lines = await users('create', '--role', 'admin', '--email', 'a@x.vn', '--name', 'Nguyễn Văn A');

    // Assess
    expect(cognito.commandCalls(AdminCreateUserCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: userPoolId,
        Username: 'a@x.vn',
        UserAttributes: [
          { Name: 'email', Value: 'a@x.vn' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Nguyễn Văn A' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, Username: 'a@x.vn', GroupName: 'admin' },
    ]);
    // The client's region is the pool's.
    expect(await cognito.commandCalls(AdminCreateUserCommand)[0]?.thisValue.config.region()).toBe(
      'ap-southeast-1',
    );
    expect(lines).toEqual([
      'Invited a@x.vn (admin): Cognito e-mails a temporary password, to be changed at first sign-in.',
    ]);
  });

  it('creates an organization user with its immutable organization attribute', async () => {
    // Prepare
    cognito.on(AdminCreateUserCommand).resolves({});
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    // Act
    await users('create', '--role', 'organization', '--email', 'b@x.vn', '--organization', 'hoi-phu-nu');

    // Assess
    expect(cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input.UserAttributes).toEqual([
      { Name: 'email', Value: 'b@x.vn' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'custom:organizationId', Value: 'hoi-phu-nu' },
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]?.args[0].input.GroupName).toBe('organization');
  });

  it('refuses an organization user without an organization, before calling Cognito', async () => {
    // Act
    const created = users('create', '--role', 'organization', '--email', 'b@x.vn');

    // Assess
    await expect(created).rejects.toThrow('An organization user needs --organization <organizationId>');
    expect(cognito.calls()).toEqual([]);
  });

  it('lists every page of users with their groups', async () => {
    // Prepare
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({
        Users: [
          {
            Username: 'uuid-1',
            Enabled: true,
            UserStatus: 'CONFIRMED',
            Attributes: [{ Name: 'email', Value: 'a@x.vn' }],
          },
        ],
        PaginationToken: 'next',
      })
      .resolvesOnce({ Users: [{ Username: 'uuid-2', Enabled: false, UserStatus: 'FORCE_CHANGE_PASSWORD' }] });
    cognito
      .on(AdminListGroupsForUserCommand, { Username: 'uuid-1' })
      .resolves({ Groups: [{ GroupName: 'admin' }] });
    cognito.on(AdminListGroupsForUserCommand, { Username: 'uuid-2' }).resolves({ Groups: [] });

    // Act
    const lines = await users('list');

    // Assess
    expect(cognito.commandCalls(ListUsersCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId },
      { UserPoolId: userPoolId, PaginationToken: 'next' },
    ]);
    expect(lines).toEqual([
      // Named by e-mail, which `disable --email` takes, rather than by Cognito's UUID.
      ['a@x.vn', 'admin', '-', 'enabled', 'CONFIRMED', ''].join('\t'),
      ['uuid-2', '-', '-', 'disabled', 'FORCE_CHANGE_PASSWORD', ''].join('\t'),
    ]);
  });

  it('disables by e-mail', async () => {
    // Prepare
    cognito.on(AdminDisableUserCommand).resolves({});

    // Act
    const lines = await users('disable', '--email', 'a@x.vn');

    // Assess
    expect(cognito.commandCalls(AdminDisableUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, Username: 'a@x.vn' },
    ]);
    expect(lines).toEqual([
      'Disabled a@x.vn: they can no longer sign in, and their refresh tokens stop working.',
    ]);
  });

  it('says how to get the outputs file when there is none', async () => {
    // Act
    const listed = run(['list', '--outputs', join(dir, 'missing.json')], () => {});

    // Assess
    await expect(listed).rejects.toBeInstanceOf(UsageError);
    await expect(listed).rejects.toThrow('npx cdk deploy --all --outputs-file');
    expect(cognito.calls()).toEqual([]);
  });
});

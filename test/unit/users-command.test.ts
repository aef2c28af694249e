// `npm run users` against a deployed stack, with Cognito mocked: the pool read from cdk's outputs file, the exact calls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, UsageError } from '../../infra/users/users-command';

const cognito = mockClient(CognitoIdentityProviderClient);
const ddb = mockClient(DynamoDBDocumentClient);
const auditTableName = 'PledgeTrackerStateful-Audit-1';
const created = (sub: string) => ({ User: { Attributes: [{ Name: 'sub', Value: sub }] } });
/** The audit entries written, as the API writes them: the subject by `sub`, never the e-mail. */
const auditPuts = () =>
  ddb.commandCalls(PutCommand).map((call) => {
    const { Item, TableName, ConditionExpression } = call.args[0].input;
    const { id, at, sk, ...rest } = Item as Record<string, unknown>;
    expect([typeof id, typeof at, sk]).toEqual(['string', 'string', `${at}#${id}`]);
    return { TableName, ConditionExpression, Item: rest };
  });
const userPoolId = 'ap-southeast-1_AbC123';
let dir: string;
let outputs: string;

beforeEach(() => {
  cognito.reset();
  ddb.reset();
  ddb.on(PutCommand).resolves({});
  dir = mkdtempSync(join(tmpdir(), 'pledge-users-'));
  outputs = join(dir, 'cdk-outputs.json');
  // What `cdk deploy --all --outputs-file` writes: one object per stack.
  writeFileSync(
    outputs,
    JSON.stringify({
      PledgeTrackerStateful: {
        UserPoolId: userPoolId,
        UserPoolClientId: 'client-1',
        EventBusName: 'bus',
        AuditTableName: auditTableName,
      },
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
    cognito.on(AdminCreateUserCommand).resolves(created('sub-new-1'));
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
    // Recorded as the API records an invitation, the actor being the command line (no person named).
    expect(auditPuts()).toEqual([
      {
        TableName: auditTableName,
        ConditionExpression: 'attribute_not_exists(pk)',
        Item: {
          pk: 'AUDIT#_users',
          type: 'audit-entry',
          actor: { sub: 'cli', roles: [] },
          action: 'user.invited',
          subject: { type: 'user', id: 'sub-new-1' },
          changes: [{ field: 'role', to: 'admin' }],
        },
      },
    ]);
    expect(JSON.stringify(ddb.calls().map((call) => call.args[0].input))).not.toMatch(/a@x\.vn|Nguyễn/);
  });

  it('creates an organization user with its immutable organization attribute', async () => {
    // Prepare
    cognito.on(AdminCreateUserCommand).resolves(created('sub-new-1'));
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

  it('disables by e-mail, and records it by sub', async () => {
    // Prepare
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Username: 'a@x.vn', Enabled: true, UserAttributes: [{ Name: 'sub', Value: 'sub-a' }] });
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
    expect(auditPuts().map((put) => put.Item)).toEqual([
      {
        pk: 'AUDIT#_users',
        type: 'audit-entry',
        actor: { sub: 'cli', roles: [] },
        action: 'user.disabled',
        subject: { type: 'user', id: 'sub-a' },
        changes: [{ field: 'enabled', from: true, to: false }],
      },
    ]);
  });

  it('changes and records nothing for an account already disabled', async () => {
    cognito
      .on(AdminGetUserCommand)
      .resolves({ Enabled: false, UserAttributes: [{ Name: 'sub', Value: 'sub-a' }] });

    const lines = await users('disable', '--email', 'a@x.vn');

    expect(cognito.commandCalls(AdminDisableUserCommand)).toEqual([]);
    expect(ddb.calls()).toEqual([]);
    expect(lines).toEqual(['a@x.vn was already disabled.']);
  });

  it('refuses to change an account when it cannot record the change, before calling Cognito', async () => {
    writeFileSync(outputs, JSON.stringify({ PledgeTrackerStateful: { UserPoolId: userPoolId } }));

    const createdUser = users('create', '--role', 'admin', '--email', 'a@x.vn');

    await expect(createdUser).rejects.toBeInstanceOf(UsageError);
    await expect(createdUser).rejects.toThrow('--audit-table');
    expect(cognito.calls()).toEqual([]);
  });

  it('takes the audit table from --audit-table', async () => {
    writeFileSync(outputs, JSON.stringify({ PledgeTrackerStateful: { UserPoolId: userPoolId } }));
    cognito.on(AdminCreateUserCommand).resolves(created('sub-new-2'));
    cognito.on(AdminAddUserToGroupCommand).resolves({});

    await users('create', '--role', 'leadership', '--email', 'c@x.vn', '--audit-table', 'other-audit');

    expect(auditPuts().map((put) => [put.TableName, put.Item.subject])).toEqual([
      ['other-audit', { type: 'user', id: 'sub-new-2' }],
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

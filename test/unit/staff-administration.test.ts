// The admin routes' use cases over the Cognito adapter, with Cognito and DynamoDB mocked: the exact calls, and the audit entry.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  ListUsersInGroupCommand,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { staffDirectoryFor } from '../../shared/adapters/cognito-staff-directory';
import { readConfig } from '../../shared/config';
import { createDeps, documentClient } from '../../shared/container';
import type { Caller } from '../../shared/domain/access';
import { ConflictError, NotFoundError } from '../../shared/domain/errors';
import { disableStaff, inviteStaff, listStaff } from '../../shared/use-cases/staff';

const cognito = mockClient(CognitoIdentityProviderClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const userPoolId = 'ap-southeast-1_Unit';
const auditTableName = 'pledge-tracker-audit-unit';
const now = new Date('2026-03-08T02:00:00.000Z');
const admin: Caller = { sub: '11111111-1111-4111-8111-111111111111', roles: ['admin'] };
const clerkSub = '22222222-2222-4222-8222-222222222222';

function deps(delivery: 'email' | 'shown' = 'email') {
  const config = readConfig({
    USER_POOL_ID: userPoolId,
    AUDIT_TABLE_NAME: auditTableName,
    STAFF_INVITE_DELIVERY: delivery,
  });
  return createDeps(
    config,
    { dynamo: documentClient(new DynamoDBClient({ region: 'ap-southeast-1' })) },
    { staff: staffDirectoryFor(config, new CognitoIdentityProviderClient({ region: 'ap-southeast-1' })) },
    { now: () => now },
  );
}

const user = (username: string, sub: string, attributes: Record<string, string> = {}, enabled = true) => ({
  Username: username,
  Enabled: enabled,
  UserStatus: 'FORCE_CHANGE_PASSWORD' as const,
  Attributes: [
    { Name: 'sub', Value: sub },
    ...Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  ],
});

beforeEach(() => {
  cognito.reset();
  dynamo.reset();
});

describe('inviting a staff member', () => {
  it('has Cognito e-mail the invitation, adds the group, and audits the invitee by sub and role alone', async () => {
    // Prepare: in AWS the pool signs in by e-mail, so Cognito names the new user by its sub.
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: user(clerkSub, clerkSub, { email: 'can.bo@mttq.vn' }) });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    // Act
    const invited = await inviteStaff(
      deps(),
      { email: 'can.bo@mttq.vn', role: 'front-committee', name: 'Nguyễn Văn Bình' },
      admin,
    );

    // Assess
    expect(invited).toEqual({ id: clerkSub, username: clerkSub, role: 'front-committee' });
    expect(cognito.commandCalls(AdminCreateUserCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: userPoolId,
        Username: 'can.bo@mttq.vn',
        UserAttributes: [
          { Name: 'email', Value: 'can.bo@mttq.vn' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: 'Nguyễn Văn Bình' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      },
    ]);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, Username: clerkSub, GroupName: 'front-committee' },
    ]);
    const puts = dynamo.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      {
        TableName: auditTableName,
        Item: {
          pk: 'AUDIT#_users',
          sk: expect.stringMatching(/^2026-03-08T02:00:00\.000Z#[0-9a-f]{32}$/),
          type: 'audit-entry',
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          at: now.toISOString(),
          actor: { sub: admin.sub, roles: ['admin'] },
          action: 'user.invited',
          subject: { type: 'user', id: clerkSub },
          changes: [{ field: 'role', to: 'front-committee' }],
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
    // Neither the e-mail nor the name reaches the trail, which is never erased.
    expect(JSON.stringify(puts)).not.toMatch(/can\.bo|Bình/);
  });

  it('locally sends nothing and answers the temporary password, for the admin to hand over', async () => {
    // Prepare
    cognito
      .on(AdminCreateUserCommand)
      .resolves({ User: user('can.bo@phunu.vn', clerkSub, { 'custom:organizationId': 'hoi-phu-nu' }) });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    // Act
    const invited = await inviteStaff(
      deps('shown'),
      { email: 'can.bo@phunu.vn', role: 'organization', organizationId: 'hoi-phu-nu' },
      admin,
    );

    // Assess
    const input = cognito.commandCalls(AdminCreateUserCommand)[0]?.args[0].input;
    expect(input).toEqual({
      UserPoolId: userPoolId,
      Username: 'can.bo@phunu.vn',
      UserAttributes: [
        { Name: 'email', Value: 'can.bo@phunu.vn' },
        { Name: 'email_verified', Value: 'true' },
        { Name: 'custom:organizationId', Value: 'hoi-phu-nu' },
      ],
      MessageAction: 'SUPPRESS',
      TemporaryPassword: expect.stringMatching(/^.{12,}$/),
    });
    expect(invited).toEqual({
      id: clerkSub,
      username: 'can.bo@phunu.vn',
      role: 'organization',
      organizationId: 'hoi-phu-nu',
      temporaryPassword: input?.TemporaryPassword,
    });
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.changes).toEqual([
      { field: 'role', to: 'organization' },
      { field: 'organizationId', to: 'hoi-phu-nu' },
    ]);
  });

  it('answers 409 for an address that has an account, and records nothing', async () => {
    // Prepare
    cognito
      .on(AdminCreateUserCommand)
      .rejects(new UsernameExistsException({ message: 'User account already exists', $metadata: {} }));

    // Act
    const invited = inviteStaff(deps(), { email: 'co.roi@mttq.vn', role: 'leadership' }, admin);

    // Assess
    await expect(invited).rejects.toBeInstanceOf(ConflictError);
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });
});

describe('listing staff', () => {
  it('reads the users and each role’s group once, and gives each user their roles', async () => {
    // Prepare: two pages of users; the admin group answers in two pages too.
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: [user('mttq', 'sub-mttq')], PaginationToken: 'page-2' })
      .resolvesOnce({ Users: [user('admin', 'sub-admin', { name: 'Quản trị' }, false)] });
    cognito.on(ListUsersInGroupCommand).resolves({ Users: [] });
    cognito
      .on(ListUsersInGroupCommand, { GroupName: 'admin' })
      .resolvesOnce({ Users: [user('admin', 'sub-admin')], NextToken: 'more' })
      .resolvesOnce({ Users: [] });
    cognito
      .on(ListUsersInGroupCommand, { GroupName: 'front-committee' })
      .resolves({ Users: [user('mttq', 'sub-mttq')] });

    // Act
    const listed = await listStaff(deps());

    // Assess
    expect(listed).toEqual({
      items: [
        {
          id: 'sub-admin',
          username: 'admin',
          name: 'Quản trị',
          roles: ['admin'],
          enabled: false,
          status: 'FORCE_CHANGE_PASSWORD',
        },
        {
          id: 'sub-mttq',
          username: 'mttq',
          roles: ['front-committee'],
          enabled: true,
          status: 'FORCE_CHANGE_PASSWORD',
        },
      ],
    });
    expect(cognito.commandCalls(ListUsersCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId },
      { UserPoolId: userPoolId, PaginationToken: 'page-2' },
    ]);
    expect(cognito.commandCalls(ListUsersInGroupCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, GroupName: 'admin' },
      { UserPoolId: userPoolId, GroupName: 'admin', NextToken: 'more' },
      { UserPoolId: userPoolId, GroupName: 'front-committee' },
      { UserPoolId: userPoolId, GroupName: 'organization' },
      { UserPoolId: userPoolId, GroupName: 'leadership' },
    ]);
  });
});

describe('disabling a staff member', () => {
  it('finds the account by sub, disables it by its user name and audits it by sub', async () => {
    // Prepare
    cognito
      .on(ListUsersCommand)
      .resolves({ Users: [user('can.bo@mttq.vn', clerkSub, { email: 'can.bo@mttq.vn' })] });
    cognito.on(AdminDisableUserCommand).resolves({});
    dynamo.on(PutCommand).resolves({});

    // Act
    await disableStaff(deps(), clerkSub, admin);

    // Assess
    expect(cognito.commandCalls(ListUsersCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, Filter: `sub = "${clerkSub}"`, Limit: 1 },
    ]);
    expect(cognito.commandCalls(AdminDisableUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: userPoolId, Username: 'can.bo@mttq.vn' },
    ]);
    const item = dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item;
    expect(item).toEqual(
      expect.objectContaining({
        pk: 'AUDIT#_users',
        action: 'user.disabled',
        subject: { type: 'user', id: clerkSub },
        changes: [{ field: 'enabled', from: true, to: false }],
      }),
    );
    expect(JSON.stringify(item)).not.toContain('can.bo');
  });

  it('answers 404 for an unknown account and changes nothing', async () => {
    // Prepare
    cognito.on(ListUsersCommand).resolves({ Users: [] });

    // Act
    const disabled = disableStaff(deps(), clerkSub, admin);

    // Assess
    await expect(disabled).rejects.toBeInstanceOf(NotFoundError);
    expect(cognito.commandCalls(AdminDisableUserCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });

  it('refuses an admin disabling their own account, before asking Cognito anything', async () => {
    // Act
    const disabled = disableStaff(deps(), admin.sub, admin);

    // Assess
    await expect(disabled).rejects.toBeInstanceOf(ConflictError);
    expect(cognito.calls()).toEqual([]);
  });

  it('records nothing for an account that is already disabled', async () => {
    // Prepare
    cognito.on(ListUsersCommand).resolves({ Users: [user('x', clerkSub, {}, false)] });

    // Act
    await disableStaff(deps(), clerkSub, admin);

    // Assess
    expect(cognito.commandCalls(AdminDisableUserCommand)).toEqual([]);
    expect(dynamo.commandCalls(PutCommand)).toEqual([]);
  });
});

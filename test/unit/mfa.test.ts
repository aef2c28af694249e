// TOTP for admins and the front committee: the pre-token-generation trigger's claim, and the API refusing
// those roles without it when the configuration requires it (REQUIRE_MFA=true, as the stack sets it).
import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeHandler } from '../../functions/pre-token-generation';
import { CognitoSecondFactor } from '../../shared/adapters/cognito-second-factor';
import { lacksRequiredSecondFactor } from '../../shared/domain/access';
import { callerFromClaims } from '../../shared/http/caller';
import { type Handler, httpEvent, lambdaContext } from '../support/http-events';
import { buildHandler } from './handlers/support';

const cognito = mockClient(CognitoIdentityProviderClient);
const ddb = mockClient(DynamoDBDocumentClient);
beforeEach(() => {
  cognito.reset();
  ddb.reset();
});

function tokenEvent(groups: string[]): PreTokenGenerationTriggerEvent {
  return {
    version: '1',
    region: 'ap-southeast-1',
    userPoolId: 'ap-southeast-1_Pool1',
    userName: '5f1c2a9e-0000-4000-8000-000000000001',
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
    triggerSource: 'TokenGeneration_Authentication',
    request: {
      userAttributes: { sub: '5f1c2a9e-0000-4000-8000-000000000001' },
      groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] },
    },
    response: { claimsOverrideDetails: null as never },
  } as PreTokenGenerationTriggerEvent;
}

describe('the pre-token-generation trigger', () => {
  const trigger = makeHandler({
    secondFactor: new CognitoSecondFactor(new CognitoIdentityProviderClient({ region: 'ap-southeast-1' })),
  });

  it('adds mfa=totp to an admin who has TOTP enabled, asking Cognito about that user only', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'x', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });

    const event = await trigger(tokenEvent(['admin']));

    expect(event.response.claimsOverrideDetails?.claimsToAddOrOverride).toEqual({ mfa: 'totp' });
    expect(cognito).toHaveReceivedCommandWith(AdminGetUserCommand, {
      UserPoolId: 'ap-southeast-1_Pool1',
      Username: '5f1c2a9e-0000-4000-8000-000000000001',
    });
  });

  it('adds nothing to a front-committee member without TOTP', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'x' });

    const event = await trigger(tokenEvent(['front-committee']));

    expect(event.response.claimsOverrideDetails ?? undefined).toBeUndefined();
  });

  it('asks nothing for roles that need no second factor', async () => {
    const event = await trigger(tokenEvent(['organization']));

    expect(cognito).not.toHaveReceivedAnyCommand();
    expect(event.response.claimsOverrideDetails ?? undefined).toBeUndefined();
  });

  it('fails, and so fails the sign-in, when Cognito cannot say', async () => {
    cognito.on(AdminGetUserCommand).rejects(new InternalErrorException({ message: 'down', $metadata: {} }));

    await expect(trigger(tokenEvent(['admin']))).rejects.toThrow('down');
  });
});

describe('the caller and the rule', () => {
  it('reads the claim as a second factor', () => {
    expect(callerFromClaims({ sub: 'a', 'cognito:groups': '[admin]', mfa: 'totp' })).toEqual({
      sub: 'a',
      roles: ['admin'],
      secondFactor: true,
    });
    expect(callerFromClaims({ sub: 'a', 'cognito:groups': '[admin]', mfa: 'sms' })).toEqual({
      sub: 'a',
      roles: ['admin'],
    });
  });

  it('requires it of admins and the front committee only', () => {
    const required = ['admin', 'front-committee'] as const;
    expect(lacksRequiredSecondFactor({ sub: 'a', roles: ['admin'] }, required)).toBe(true);
    expect(lacksRequiredSecondFactor({ sub: 'a', roles: ['leadership', 'front-committee'] }, required)).toBe(
      true,
    );
    expect(lacksRequiredSecondFactor({ sub: 'a', roles: ['admin'], secondFactor: true }, required)).toBe(
      false,
    );
    expect(lacksRequiredSecondFactor({ sub: 'a', roles: ['leadership'] }, required)).toBe(false);
    expect(
      lacksRequiredSecondFactor({ sub: 'a', roles: ['organization'], organizationId: 'o' }, required),
    ).toBe(false);
  });
});

describe('the API edge', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  async function listOrganizations(
    requireMfa: string | undefined,
    role: string,
    claims: Record<string, string> = {},
  ) {
    if (requireMfa !== undefined) vi.stubEnv('REQUIRE_MFA', requireMfa);
    vi.resetModules();
    ddb.on(QueryCommand).resolves({ Items: [] });
    const handler = await buildHandler<Handler>('list-organizations');
    const event = httpEvent('GET /v1/organizations', {
      as: { role: role as 'admin', ...(role === 'organization' ? { organizationId: 'hoi-phu-nu' } : {}) },
    });
    Object.assign(event.requestContext.authorizer.jwt.claims, claims);
    const answer = await handler(event, lambdaContext);
    return { status: answer.statusCode, code: JSON.parse(answer.body ?? '{}').error?.code };
  }

  it('refuses an admin and a clerk without the claim with 403 mfa_required, reading nothing', async () => {
    expect(await listOrganizations('true', 'admin')).toEqual({ status: 403, code: 'mfa_required' });
    expect(await listOrganizations('true', 'front-committee')).toEqual({ status: 403, code: 'mfa_required' });
    expect(ddb).not.toHaveReceivedAnyCommand();
  });

  it('lets them through with the claim, and others without it', async () => {
    expect(await listOrganizations('true', 'admin', { mfa: 'totp' })).toEqual({
      status: 200,
      code: undefined,
    });
    expect(await listOrganizations('true', 'leadership')).toEqual({ status: 200, code: undefined });
    expect(await listOrganizations('true', 'organization')).toEqual({ status: 200, code: undefined });
  });

  it('asks nothing when the configuration does not require it (the local runtime)', async () => {
    expect(await listOrganizations(undefined, 'admin')).toEqual({ status: 200, code: undefined });
    expect(await listOrganizations('false', 'front-committee')).toEqual({ status: 200, code: undefined });
  });
});

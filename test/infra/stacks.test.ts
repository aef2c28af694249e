// The synthesized templates of both stacks, checked against shared/tables.ts and shared/routes.ts (a new
// route or table is covered as declared), and cdk-nag over the whole app. The event pipeline: events.test.ts.
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { addPledgeTracker, isEphemeral } from '../../infra/pledge-tracker';
import { stageSettings, stages } from '../../infra/stages';
import { StatefulStack } from '../../infra/stateful-stack';
import { StatelessStack } from '../../infra/stateless-stack';
import { roles } from '../../shared/domain/roles';
import { eventRules, ledgerStreamConsumer } from '../../shared/event-routing';
import { type RouteDeclaration, routes } from '../../shared/routes';
import { schedules } from '../../shared/schedules';
import { auditTable, handoversTable, ledgerTable, type TableDeclaration, tables } from '../../shared/tables';
import {
  actionsOf,
  exportOf,
  exportsReferring,
  importOf,
  logicalId,
  newApp,
  resource,
  resources,
  type Statement,
  type Synthesized,
  skipBundling,
  statementsOf,
  synthesize,
  testStages,
} from './synth';

const declared: readonly RouteDeclaration[] = routes;
const tableNames = ['ledger', 'handovers', 'audit'] as const;
const declarations: Record<(typeof tableNames)[number], TableDeclaration> = {
  ledger: ledgerTable,
  handovers: handoversTable,
  audit: auditTable,
};
const writeActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
];

function tableOf(synthesized: Synthesized, id: string): Table {
  return synthesized.tracker.stateful.node.findChild(id) as Table;
}

function keyOf(table: Table): IKey {
  if (!table.encryptionKey) throw new Error(`${table.node.path} has no customer-managed key`);
  return table.encryptionKey;
}

function findings(app: App): string[] {
  return new AwsSolutionsChecks()
    .validateScope(app)
    .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
    .sort();
}

/** The app as deployed, and the same app as a throwaway (`-c ephemeral=true`); synthesized once for the file. */
let lasting: Synthesized;
let throwaway: Synthesized;

beforeAll(() => {
  lasting = synthesize();
  throwaway = synthesize({ ephemeral: 'true' });
});

describe('stateful stack', () => {
  describe.each(tables)('the $id table', (declaration) => {
    it('has the declared keys and stream, pay-per-request billing and point-in-time recovery, under its own key', () => {
      // Prepare
      const table = tableOf(lasting, declaration.id);
      const keyId = logicalId(keyOf(table));

      // Act
      const properties = resource(lasting.stateful, logicalId(table)).Properties;

      // Assess
      expect(properties).toEqual({
        AttributeDefinitions: [
          { AttributeName: declaration.partitionKey.name, AttributeType: declaration.partitionKey.type },
          { AttributeName: declaration.sortKey.name, AttributeType: declaration.sortKey.type },
        ],
        KeySchema: [
          { AttributeName: declaration.partitionKey.name, KeyType: 'HASH' },
          { AttributeName: declaration.sortKey.name, KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
        ...(declaration.stream ? { StreamSpecification: { StreamViewType: declaration.stream } } : {}),
      });
    });

    it('is retained, with its key, when the stack or the resource goes away', () => {
      const table = tableOf(lasting, declaration.id);
      const key = keyOf(table);

      const policies = [table, key].map((construct) => {
        const { DeletionPolicy, UpdateReplacePolicy } = resource(lasting.stateful, logicalId(construct));
        return { DeletionPolicy, UpdateReplacePolicy };
      });

      expect(policies).toEqual([
        { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
        { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' },
      ]);
    });

    it('is deleted, without deletion protection, in a throwaway stack', () => {
      const table = tableOf(throwaway, declaration.id);
      const key = keyOf(table);

      const tableResource = resource(throwaway.stateful, logicalId(table));
      const keyResource = resource(throwaway.stateful, logicalId(key));

      expect({
        table: tableResource.DeletionPolicy,
        protection: tableResource.Properties.DeletionProtectionEnabled,
        key: keyResource.DeletionPolicy,
        keyPendingWindow: keyResource.Properties.PendingWindowInDays,
      }).toEqual({ table: 'Delete', protection: false, key: 'Delete', keyPendingWindow: 7 });
    });
  });

  it('gives every table and every topic a distinct customer-managed key with yearly rotation', () => {
    const topicKeys = [
      lasting.tracker.stateful.leadershipTopic,
      lasting.tracker.stateful.organizationTopic,
      lasting.tracker.stateful.opsTopic,
    ].map((topic) => {
      if (!topic.masterKey) throw new Error(`${topic.node.path} has no customer-managed key`);
      return topic.masterKey;
    });
    const keyIds = [
      ...tables.map((declaration) => logicalId(keyOf(tableOf(lasting, declaration.id)))),
      ...topicKeys.map(logicalId),
    ];

    const keys = resources(lasting.stateful, 'AWS::KMS::Key');

    expect(new Set(keyIds).size).toBe(tables.length + topicKeys.length);
    expect(Object.keys(keys).sort()).toEqual([...keyIds].sort());
    for (const key of Object.values(keys)) expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it('names throwaway stacks apart, so the flag cannot strip protection from the lasting ones', () => {
    expect([throwaway.tracker.stateful.stackName, throwaway.tracker.stateless.stackName]).toEqual([
      'PledgeTrackerEphemeralStateful',
      'PledgeTrackerEphemeralStateless',
    ]);
    expect([lasting.tracker.stateful.stackName, lasting.tracker.stateless.stackName]).toEqual([
      'PledgeTrackerStateful',
      'PledgeTrackerStateless',
    ]);
  });

  it.each([
    [{ ephemeral: 'true' }, true],
    [{ ephemeral: true }, true],
    [{ ephemeral: 'false' }, false],
    [{ ephemeral: 'yes' }, false],
    [{}, false],
  ])('reads the context %j as ephemeral = %s', (context, expected) => {
    expect(isEphemeral(new App({ context }))).toBe(expected);
  });

  describe('user pool', () => {
    it('lets only administrators create accounts, with a strong password policy and optional TOTP', () => {
      const pool = resources(lasting.stateful, 'AWS::Cognito::UserPool');

      expect(Object.values(pool).map((p) => p.Properties)).toEqual([
        expect.objectContaining({
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
          UsernameAttributes: ['email'],
          MfaConfiguration: 'OPTIONAL',
          EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
          Policies: {
            PasswordPolicy: {
              MinimumLength: 12,
              PasswordHistorySize: 5,
              RequireLowercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
              RequireUppercase: true,
              TemporaryPasswordValidityDays: 3,
            },
          },
          Schema: [
            {
              AttributeDataType: 'String',
              Mutable: false,
              Name: 'organizationId',
              StringAttributeConstraints: { MaxLength: '63', MinLength: '3' },
            },
          ],
          UserPoolTier: 'PLUS',
          UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
          DeletionProtection: 'ACTIVE',
        }),
      ]);
    });

    it('blocks leaked passwords and asks for a second factor when a sign-in looks risky', () => {
      const attachments = resources(lasting.stateful, 'AWS::Cognito::UserPoolRiskConfigurationAttachment');

      expect(Object.values(attachments).map((a) => a.Properties)).toEqual([
        {
          UserPoolId: { Ref: logicalId(lasting.tracker.stateful.userPool) },
          ClientId: 'ALL',
          CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
          AccountTakeoverRiskConfiguration: {
            Actions: {
              LowAction: { EventAction: 'NO_ACTION', Notify: false },
              MediumAction: { EventAction: 'MFA_IF_CONFIGURED', Notify: false },
              HighAction: { EventAction: 'MFA_REQUIRED', Notify: false },
            },
          },
        },
      ]);
    });

    it('has one group per role', () => {
      const groups = resources(lasting.stateful, 'AWS::Cognito::UserPoolGroup');

      expect(Object.values(groups).map((g) => g.Properties.GroupName)).toEqual([...roles]);
    });

    it('has one public app client for the pages: password and refresh flows, revocation, no OAuth redirects', () => {
      const clients = resources(lasting.stateful, 'AWS::Cognito::UserPoolClient');

      expect(Object.values(clients).map((c) => c.Properties)).toEqual([
        {
          UserPoolId: { Ref: expect.stringMatching(/^Users/) },
          GenerateSecret: false,
          AllowedOAuthFlowsUserPoolClient: false,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          PreventUserExistenceErrors: 'ENABLED',
          EnableTokenRevocation: true,
          IdTokenValidity: 60,
          AccessTokenValidity: 60,
          RefreshTokenValidity: 43200,
          SupportedIdentityProviders: ['COGNITO'],
          TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
        },
      ]);
    });

    it('runs the pre-token-generation trigger (version 1, ID tokens), which may only read users of this pool', () => {
      const pool = Object.values(resources(lasting.stateful, 'AWS::Cognito::UserPool'));
      const trigger = lasting.tracker.stateful.preTokenGeneration;
      const triggerArn = { 'Fn::GetAtt': [logicalId(trigger.lambda), 'Arn'] };

      expect(pool.map((p) => p.Properties.LambdaConfig)).toEqual([
        { PreTokenGenerationConfig: { LambdaArn: triggerArn, LambdaVersion: 'V1_0' } },
      ]);
      expect(
        statementsOf(lasting.stateful, logicalId(trigger.role)).filter((s) =>
          JSON.stringify(s.Action).includes('cognito-idp'),
        ),
      ).toEqual([
        {
          Effect: 'Allow',
          Action: 'cognito-idp:AdminGetUser',
          Resource: { 'Fn::GetAtt': [logicalId(lasting.tracker.stateful.userPool), 'Arn'] },
        },
      ]);
      const permissions = Object.values(resources(lasting.stateful, 'AWS::Lambda::Permission'));
      expect(permissions.map((p) => p.Properties)).toContainEqual(
        expect.objectContaining({
          FunctionName: triggerArn,
          Principal: 'cognito-idp.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [logicalId(lasting.tracker.stateful.userPool), 'Arn'] },
        }),
      );
    });

    it('is deleted, without deletion protection, in a throwaway stack', () => {
      const pool = Object.values(resources(throwaway.stateful, 'AWS::Cognito::UserPool'));

      expect(pool.map((p) => [p.DeletionPolicy, p.Properties.DeletionProtection])).toEqual([
        ['Delete', 'INACTIVE'],
      ]);
    });
  });
});

describe('stateless stack', () => {
  /** Per table: the stateful stack's exports that name it or its key. */
  let exportsOf: Record<(typeof tableNames)[number], { table: string[]; tableName: string; key: string[] }>;

  beforeAll(() => {
    const { stateful } = lasting.tracker;
    const exportsFor = (table: Table) => {
      const tableId = logicalId(table);
      const keyId = logicalId(keyOf(table));
      return {
        table: exportsReferring(lasting.stateful, [tableId]),
        tableName: exportOf(lasting.stateful, { Ref: tableId }),
        key: exportsReferring(lasting.stateful, [keyId]),
      };
    };
    exportsOf = {
      ledger: exportsFor(stateful.ledger),
      handovers: exportsFor(stateful.handovers),
      audit: exportsFor(stateful.audit),
    };
  });

  function endpoint(route: RouteDeclaration) {
    const found = lasting.tracker.stateless.endpoints.get(route.name);
    if (!found) throw new Error(`No endpoint for ${route.name}`);
    return found;
  }

  function statementsFor(route: RouteDeclaration): Statement[] {
    return statementsOf(lasting.stateless, logicalId(endpoint(route).function.role));
  }

  it('serves exactly the declared routes, and HEAD wherever GET is', () => {
    const routeKeys = Object.values(resources(lasting.stateless, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );

    expect(routeKeys.sort()).toEqual(
      [
        ...declared.map((r) => `${r.method} ${r.path}`),
        ...declared.filter((r) => r.method === 'GET').map((r) => `HEAD ${r.path}`),
      ].sort(),
    );
  });

  it('has one function per route, plus the stream processor, the rule targets and the scheduled jobs', () => {
    const { streamProcessor, ruleConsumers, scheduledJobs } = lasting.tracker.stateless;

    const functions = Object.keys(resources(lasting.stateless, 'AWS::Lambda::Function'));

    expect(functions.sort()).toEqual(
      [
        ...declared.map((r) => endpoint(r).function),
        streamProcessor.function,
        ...new Set([...ruleConsumers.values()].map((c) => c.function)),
        ...[...scheduledJobs.values()].map((job) => job.function),
      ]
        .map((fn) => logicalId(fn.lambda))
        .sort(),
    );
  });

  it('checks tokens with Cognito as issuer and the app client as audience', () => {
    const { userPool, userPoolClient } = lasting.tracker.stateful;
    const providerUrl = exportOf(lasting.stateful, {
      'Fn::GetAtt': [logicalId(userPool), 'ProviderURL'],
    });
    const clientId = exportOf(lasting.stateful, { Ref: logicalId(userPoolClient) });

    const authorizers = Object.values(resources(lasting.stateless, 'AWS::ApiGatewayV2::Authorizer'));

    expect(authorizers.map((a) => a.Properties)).toEqual([
      {
        ApiId: { Ref: logicalId(lasting.tracker.stateless.api) },
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [importOf(clientId)],
          Issuer: { 'Fn::Join': ['', ['https://', importOf(providerUrl)]] },
        },
        Name: 'Cognito',
      },
    ]);
  });

  it('logs every request to its own log group, without IP address, user agent or claims', () => {
    const stages = Object.values(resources(lasting.stateless, 'AWS::ApiGatewayV2::Stage'));
    const settings = stages.map(
      (s) => s.Properties.AccessLogSettings as { DestinationArn: unknown; Format: string },
    );

    expect(stages.map((s) => s.Properties.StageName)).toEqual(['$default']);
    expect(settings[0]?.DestinationArn).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^AccessLogs/), 'Arn'],
    });
    expect(Object.keys(JSON.parse(settings[0]?.Format ?? '{}'))).toContain('requestId');
    expect(settings[0]?.Format).not.toMatch(/identity|claims|userAgent|sourceIp/);
  });

  it('grants no DynamoDB or KMS action on Resource "*" but ListStreams, to the stream processor alone', () => {
    const policies = Object.values(resources(lasting.stateless, 'AWS::IAM::Policy'));

    const onEverything = policies.flatMap((p) =>
      (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement.filter(
        (s) =>
          JSON.stringify(s.Resource).includes('"*"') &&
          actionsOf(s).some((a) => a.startsWith('dynamodb:') || a.startsWith('kms:')),
      ).map((s) => ({ roles: p.Properties.Roles, action: s.Action })),
    );

    // ListStreams has no resource-level permissions; it lists stream ARNs, never items.
    expect(policies.length).toBeGreaterThan(0);
    expect(onEverything).toEqual([
      {
        roles: [{ Ref: logicalId(lasting.tracker.stateless.streamProcessor.function.role) }],
        action: 'dynamodb:ListStreams',
      },
    ]);
  });

  describe.each(declared)('$name ($method $path)', (route) => {
    it('is integrated with its own function', () => {
      const { route: httpRoute, function: fn } = endpoint(route);
      const target = resource(lasting.stateless, logicalId(httpRoute)).Properties.Target;
      const integrationId = (target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1]
        .Ref;

      const integration = resource(lasting.stateless, integrationId).Properties;

      expect(integration).toEqual({
        ApiId: { Ref: logicalId(lasting.tracker.stateless.api) },
        IntegrationType: 'AWS_PROXY',
        IntegrationUri: { 'Fn::GetAtt': [logicalId(fn.lambda), 'Arn'] },
        PayloadFormatVersion: '2.0',
      });
    });

    it(route.access === 'public' ? 'needs no token' : 'needs a token checked by the JWT authorizer', () => {
      const { route: httpRoute } = endpoint(route);
      const authorizerId = Object.keys(resources(lasting.stateless, 'AWS::ApiGatewayV2::Authorizer'))[0];

      const properties = resource(lasting.stateless, logicalId(httpRoute)).Properties;

      expect({ type: properties.AuthorizationType, authorizer: properties.AuthorizerId }).toEqual(
        route.access === 'public'
          ? { type: 'NONE', authorizer: undefined }
          : { type: 'JWT', authorizer: { Ref: authorizerId } },
      );
    });

    if (route.method === 'GET') {
      it('answers HEAD through the same integration, with the same authorization', () => {
        const { route: httpRoute, headRoute } = endpoint(route);
        if (!headRoute) throw new Error(`No HEAD route for ${route.name}`);
        const [get, head] = [httpRoute, headRoute].map(
          (r) => resource(lasting.stateless, logicalId(r)).Properties,
        );

        const { RouteKey: headKey, ...headRest } = head ?? {};
        const { RouteKey: getKey, ...getRest } = get ?? {};

        expect([headKey, headRest]).toEqual([`HEAD ${route.path}`, getRest]);
        expect(getKey).toBe(`GET ${route.path}`);
      });
    } else {
      it('answers no HEAD', () => {
        expect(endpoint(route).headRoute).toBeUndefined();
      });
    }

    it('runs on Node.js 24 on arm64 with our memory and timeout, logging to its own log group', () => {
      const fn = endpoint(route).function;

      const properties = resource(lasting.stateless, logicalId(fn.lambda)).Properties;
      const logGroup = resource(lasting.stateless, logicalId(fn.logGroup));

      expect(properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 10,
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(fn.logGroup) } },
      });
      expect(logGroup).toEqual({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 30 },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      });
    });

    it('learns the names of exactly the tables it may touch', () => {
      const fn = endpoint(route).function;

      const variables = (
        resource(lasting.stateless, logicalId(fn.lambda)).Properties.Environment as {
          Variables: Record<string, unknown>;
        }
      ).Variables;

      const expected: Record<string, unknown> = { NODE_OPTIONS: '--enable-source-maps' };
      // The pages' functions also learn where their page signs in (asserted in 'stateful stack > user pool').
      if ('signsIn' in route && route.signsIn) {
        // The stage's region (infra/stages.ts): the stacks are region-specific.
        expected.IDENTITY_ENDPOINT = 'https://cognito-idp.ap-southeast-1.amazonaws.com/';
        expected.USER_POOL_CLIENT_ID = expect.objectContaining({ 'Fn::ImportValue': expect.any(String) });
      }
      // Signed-in routes refuse admins and clerks without TOTP; the page offers to set it up (decision 0013).
      if (route.access !== 'public' || ('signsIn' in route && route.signsIn)) expected.REQUIRE_MFA = 'true';
      // The admin routes also learn their user pool (and are granted its operations, below).
      if (route.userPool) {
        expected.USER_POOL_ID = expect.objectContaining({ 'Fn::ImportValue': expect.any(String) });
      }
      for (const name of tableNames) {
        if (route.tables[name] !== 'none') {
          expected[declarations[name].envVar] = importOf(exportsOf[name].tableName);
        }
      }
      expect(variables).toEqual(expected);
    });

    it(
      route.userPool
        ? `may call ${route.userPool.join(', ')} on the user pool, and no other Cognito operation`
        : 'may call no Cognito operation',
      () => {
        const poolArn = importOf(
          exportOf(lasting.stateful, {
            'Fn::GetAtt': [logicalId(lasting.tracker.stateful.userPool), 'Arn'],
          }),
        );
        const onCognito = statementsFor(route).filter((s) =>
          actionsOf(s).some((a) => a.startsWith('cognito-idp:')),
        );

        expect(onCognito.flatMap(actionsOf).sort()).toEqual(
          (route.userPool ?? []).map((action) => `cognito-idp:${action}`).sort(),
        );
        // This pool's ARN, imported from the stateful stack: never "*", never another pool.
        for (const statement of onCognito)
          expect(statement).toEqual({ Effect: 'Allow', Action: expect.anything(), Resource: poolArn });
      },
    );

    it('uses no AWS managed policy', () => {
      const role = resource(lasting.stateless, logicalId(endpoint(route).function.role));

      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });

    it.each(tableNames)('is granted exactly its declared access to the %s table and its key', (name) => {
      const access = route.tables[name];
      const { table, key } = exportsOf[name];
      const refersTo = (s: Statement, names: string[]) =>
        names.some((n) => JSON.stringify(s.Resource).includes(JSON.stringify(n)));

      const statements = statementsFor(route);
      const onTable = statements.filter((s) => refersTo(s, table));
      const onKey = statements.filter((s) => refersTo(s, key));
      const actions = [...onTable, ...onKey].flatMap(actionsOf);

      if (access === 'none') {
        expect([...onTable, ...onKey]).toEqual([]);
        return;
      }
      if (access === 'append') {
        // Entries can be added and nothing else: no read, no update, no delete.
        expect(onTable.flatMap(actionsOf)).toEqual(['dynamodb:PutItem']);
        expect(onKey.flatMap(actionsOf).sort()).toEqual([
          'kms:Decrypt',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
        ]);
        return;
      }
      expect(actions).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'kms:Decrypt']));
      if (access === 'read') {
        expect(actions.filter((a) => writeActions.includes(a))).toEqual([]);
      } else {
        expect(actions).toEqual(expect.arrayContaining(writeActions));
      }
    });
  });

  it('gives the functions that serve public aggregates nothing on the handovers table or its key', () => {
    const publicRoutes = declared.filter((r) => r.access === 'public');
    const forbidden = [...exportsOf.handovers.table, ...exportsOf.handovers.key];

    const leaks = publicRoutes.filter((route) => {
      const fn = endpoint(route).function;
      const text = JSON.stringify([
        statementsFor(route),
        resource(lasting.stateless, logicalId(fn.lambda)).Properties.Environment,
      ]);
      return forbidden.some((name) => text.includes(JSON.stringify(name)));
    });

    expect(publicRoutes.map((r) => r.name)).toEqual(expect.arrayContaining(['GetProgress', 'GetReport']));
    expect(leaks.map((r) => r.name)).toEqual([]);
  });

  it('refuses to build a public route that declares access to personal data', () => {
    // Prepare
    const app = newApp(skipBundling);
    const stateful = new StatefulStack(app, 'Stateful', { ephemeral: true });
    const health = declared.find((r) => r.access === 'public') as RouteDeclaration;
    const leaky: RouteDeclaration = {
      ...health,
      tables: { ledger: 'none', handovers: 'read', audit: 'none' },
    };

    // Act
    const build = () =>
      new StatelessStack(app, 'Stateless', {
        ephemeral: true,
        ledger: stateful.ledger,
        handovers: stateful.handovers,
        audit: stateful.audit,
        userPool: stateful.userPool,
        userPoolClient: stateful.userPoolClient,
        eventBus: stateful.eventBus,
        leadershipTopic: stateful.leadershipTopic,
        organizationTopic: stateful.organizationTopic,
        opsTopic: stateful.opsTopic,
        routes: [leaky],
      });

    // Assess
    expect(build).toThrow(
      `Route ${health.name} is public but declares read access to the Handovers table, which holds personal data`,
    );
  });

  it('deletes its log groups with a throwaway stack', () => {
    const policies = Object.values(resources(throwaway.stateless, 'AWS::Logs::LogGroup')).map(
      (g) => g.DeletionPolicy,
    );

    // One per function, and the access logs.
    const functions = Object.keys(resources(throwaway.stateless, 'AWS::Lambda::Function'));
    expect(policies).toEqual(Array(functions.length + 1).fill('Delete'));
  });
});

describe('cdk-nag AwsSolutions checks', () => {
  it('leave no finding unacknowledged', () => {
    expect(findings(lasting.app)).toEqual([]);
  });

  it('are acknowledged only for public routes, users of customer-managed keys, ListStreams, DLQs, optional MFA and the backup role', () => {
    // Prepare: the same app without the acknowledgements.
    const app = newApp({ ...skipBundling, stage: 'prod' });
    const { stateful, stateless } = addPledgeTracker(app, testStages);

    // Act
    const raw = findings(app);

    // Assess
    const expected = [
      `AwsSolutions-COG2 ${stateful.node.path}/Users/Resource`,
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup] ${stateful.node.path}/BackupPlan/Tables/Role/Resource`,
      ...declared
        .filter((r) => r.access === 'public')
        .map((r) => `AwsSolutions-APIG4 ${stateless.node.path}/${r.name}Route/Resource`),
      ...declared
        .filter((r) => r.access === 'public' && r.method === 'GET')
        .map((r) => `AwsSolutions-APIG4 ${stateless.node.path}/${r.name}HeadRoute/Resource`),
      ...declared
        .filter((r) => Object.values(r.tables).some((access) => access === 'write' || access === 'append'))
        .flatMap((r) =>
          // PutItem alone (appending to the audit trail) needs data keys, but no re-encryption.
          (r.tables.ledger === 'write' || r.tables.handovers === 'write'
            ? ['kms:GenerateDataKey*', 'kms:ReEncrypt*']
            : ['kms:GenerateDataKey*']
          ).map(
            (action) =>
              `AwsSolutions-IAM5[Action::${action}] ${stateless.node.path}/${r.name}/Role/DefaultPolicy/Resource`,
          ),
        ),
      `AwsSolutions-IAM5[Resource::*] ${stateless.node.path}/${ledgerStreamConsumer.name}/Role/DefaultPolicy/Resource`,
      `AwsSolutions-SQS3 ${stateless.node.path}/${ledgerStreamConsumer.name}Failures/Resource`,
      ...eventRules.map(
        (rule) => `AwsSolutions-SQS3 ${stateless.node.path}/${rule.name}DeadLetters/Resource`,
      ),
      ...[...new Map(eventRules.map((rule) => [rule.target.name, rule.target])).values()].flatMap(
        (access) => {
          const target = access.name;
          const writes = access?.tables.ledger === 'write' || access?.tables.handovers === 'write';
          const actions = [
            ...(writes || access?.publishesToLeadership ? ['kms:GenerateDataKey*'] : []),
            ...(writes ? ['kms:ReEncrypt*'] : []),
          ];
          return actions.map(
            (action) =>
              `AwsSolutions-IAM5[Action::${action}] ${stateless.node.path}/${target}/Role/DefaultPolicy/Resource`,
          );
        },
      ),
      ...schedules.flatMap((schedule) => {
        const fn = stateless.scheduledJobs.get(schedule.name)?.function.lambda;
        const fnId = fn ? Stack.of(fn).getLogicalId(fn.node.defaultChild as CfnElement) : '?';
        const writes = Object.values(schedule.tables as Record<string, string>).includes('write');
        return [
          `AwsSolutions-SQS3 ${stateless.node.path}/${schedule.name}DeadLetters/Resource`,
          `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*] ${stateless.node.path}/${schedule.name}SchedulerRole/DefaultPolicy/Resource`,
          ...[
            ...(writes || schedule.publishesToLeadership || schedule.publishesToOrganizations
              ? ['kms:GenerateDataKey*']
              : []),
            ...(writes ? ['kms:ReEncrypt*'] : []),
          ].map(
            (action) =>
              `AwsSolutions-IAM5[Action::${action}] ${stateless.node.path}/${schedule.name}/Role/DefaultPolicy/Resource`,
          ),
        ];
      }),
    ];
    expect(raw).toEqual(expected.sort());
  });
});

describe('schedules and reminders (#15)', () => {
  it('runs the weekly digest Monday 07:00 and the daily check at 06:00, Vietnam time, with the run time as input', () => {
    const found = Object.values(resources(lasting.stateless, 'AWS::Scheduler::Schedule')).map((r) => {
      const target = r.Properties.Target as {
        Arn: unknown;
        Input: string;
        RetryPolicy: unknown;
        DeadLetterConfig: unknown;
      };
      return {
        expression: r.Properties.ScheduleExpression,
        timeZone: r.Properties.ScheduleExpressionTimezone,
        state: r.Properties.State,
        input: JSON.parse(target.Input),
        retry: target.RetryPolicy,
        deadLetters: target.DeadLetterConfig !== undefined,
      };
    });

    expect(found.sort((a, b) => String(a.expression).localeCompare(String(b.expression)))).toEqual([
      {
        expression: 'cron(0 6 * * ? *)',
        timeZone: 'Asia/Ho_Chi_Minh',
        state: 'ENABLED',
        input: { scheduledTime: '<aws.scheduler.scheduled-time>' },
        retry: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 4 },
        deadLetters: true,
      },
      {
        expression: 'cron(0 7 ? * MON *)',
        timeZone: 'Asia/Ho_Chi_Minh',
        state: 'ENABLED',
        input: { scheduledTime: '<aws.scheduler.scheduled-time>' },
        retry: { MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 4 },
        deadLetters: true,
      },
    ]);
    expect(schedules.map((s) => [s.name, s.expression, s.timeZone])).toEqual([
      ['WeeklyDigest', 'cron(0 7 ? * MON *)', 'Asia/Ho_Chi_Minh'],
      ['DailyCheck', 'cron(0 6 * * ? *)', 'Asia/Ho_Chi_Minh'],
    ]);
  });

  it('gives the digest the leadership topic and the daily check the organizations topic, not the other', () => {
    const { scheduledJobs } = lasting.tracker.stateless;
    const environmentOf = (name: string) => {
      const fn = scheduledJobs.get(name)?.function.lambda;
      if (!fn) throw new Error(`No job ${name}`);
      const found = resources(lasting.stateless, 'AWS::Lambda::Function')[logicalId(fn)];
      if (!found) throw new Error(`No function resource for ${name}`);
      return Object.keys(
        (found.Properties.Environment as { Variables: Record<string, unknown> }).Variables,
      ).sort();
    };

    expect(environmentOf('WeeklyDigest')).toEqual(
      expect.arrayContaining(['LEADERSHIP_TOPIC_ARN', 'LEDGER_TABLE_NAME', 'HANDOVERS_TABLE_NAME']),
    );
    expect(environmentOf('WeeklyDigest')).not.toContain('ORGANIZATION_TOPIC_ARN');
    expect(environmentOf('DailyCheck')).toEqual(
      expect.arrayContaining(['ORGANIZATION_TOPIC_ARN', 'LEDGER_TABLE_NAME']),
    );
    expect(environmentOf('DailyCheck')).not.toContain('LEADERSHIP_TOPIC_ARN');
    expect(environmentOf('DailyCheck')).not.toContain('HANDOVERS_TABLE_NAME');
  });

  it("subscribes each organization's contacts to its own reminders only, by a filter on organizationId", () => {
    // The stateful stack alone, from a stage as the app reads it: no need to build every function.
    const stage = stageSettings('dev', {
      dev: {
        ...stages.dev,
        organizationContacts: {
          'hoi-phu-nu-long-bien': ['phunu@example.org'],
          'hoi-cuu-chien-binh': ['ccb@example.org', 'ccb2@example.org'],
        },
      },
    });
    const stateful = new StatefulStack(newApp({}), 'Stateful', {
      ephemeral: true,
      organizationContacts: stage.organizationContacts,
    });
    const topicId = logicalId(stateful.organizationTopic);

    const subscriptions = Object.values(resources(Template.fromStack(stateful), 'AWS::SNS::Subscription'))
      .filter((r) => JSON.stringify(r.Properties.TopicArn).includes(topicId))
      .map((r) => [r.Properties.Endpoint, r.Properties.FilterPolicy, r.Properties.Protocol]);

    expect(subscriptions.sort()).toEqual(
      [
        ['ccb2@example.org', { organizationId: ['hoi-cuu-chien-binh'] }, 'email'],
        ['ccb@example.org', { organizationId: ['hoi-cuu-chien-binh'] }, 'email'],
        ['phunu@example.org', { organizationId: ['hoi-phu-nu-long-bien'] }, 'email'],
      ].sort(),
    );
  });

  it('refuses contacts that are not an organization id with e-mail addresses', () => {
    const contactsOf = (organizationContacts: unknown) =>
      stageSettings('dev', { dev: { ...stages.dev, organizationContacts } });

    expect(() => contactsOf({ 'Bad Id': ['a@example.org'] })).toThrow(
      'Stage dev (infra/stages.ts): organizationContacts "Bad Id" is not an organization id',
    );
    expect(() => contactsOf({ 'hoi-phu-nu': ['not-an-email'] })).toThrow(
      /Stage dev \(infra\/stages.ts\): organizationContacts.hoi-phu-nu.0 "not-an-email" is not an e-mail address/,
    );
  });
});

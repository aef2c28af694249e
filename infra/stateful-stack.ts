// Stateful resources: the tables under their own KMS keys and their backup plan, the Cognito user pool that issues
// tokens, the event bus with its archive, and the leadership and operations topics with their confirmed subscriptions.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import {
  AccountRecovery,
  CfnUserPoolRiskConfigurationAttachment,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, Schedule } from 'aws-cdk-lib/aws-events';
import { Policy, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { eventSource } from '../shared/domain/events';
import { roles } from '../shared/domain/roles';
import { eventBus, leadershipTopic, organizationTopic } from '../shared/event-routing';
import { authFlows, tokenValidity } from '../shared/identity';
import { auditTable, handoversTable, ledgerTable, type TableDeclaration } from '../shared/tables';
import { HandlerFunction } from './handler-function';

export interface StatefulStackProps extends StackProps {
  /**
   * A throwaway stack (a developer's or a test's): everything is deleted with the stack.
   * Otherwise data outlives the stack and cannot be deleted by accident.
   */
  ephemeral: boolean;
  /** Who gets an email for every Pledge Exceeded; each address must confirm its subscription once. */
  leadershipEmails?: readonly string[];
  /**
   * Each organization's contacts for reminders (#15): their subscriptions filter on the message attribute
   * `organizationId`, so they receive their own organization's reminders and no other's.
   */
  organizationContacts?: Readonly<Record<string, readonly string[]>>;
  /** Who gets an email when an alarm goes off (infra/monitoring.ts); each confirms once too. */
  opsEmails?: readonly string[];
}

/**
 * The tables' backups beyond point-in-time recovery's 35 days: a daily backup kept 35 days and a monthly one
 * kept a year, taken at 02:00 and 03:00 in Vietnam (19:00 and 20:00 UTC), when nobody records handovers.
 */
export const backupRules = {
  daily: { name: 'Daily', schedule: 'cron(0 19 * * ? *)', keepDays: 35 },
  monthly: { name: 'Monthly', schedule: 'cron(0 20 1 * ? *)', keepDays: 365 },
} as const;

/** DynamoDB attribute types by the code the table declarations use. */
const attributeTypes = { S: AttributeType.STRING } as const;

/** The token claim that carries an organization user's organization (`custom:organizationId`). */
export const organizationIdAttribute = 'organizationId';

export class StatefulStack extends Stack {
  readonly ledger: Table;
  readonly handovers: Table;
  readonly audit: Table;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** Adds the `mfa` claim to ID tokens of admins and front-committee members with TOTP (decision 0013). */
  readonly preTokenGeneration: HandlerFunction;
  readonly eventBus: EventBus;
  readonly leadershipTopic: Topic;
  readonly organizationTopic: Topic;
  readonly opsTopic: Topic;
  /** Absent in a throwaway stack: a vault holding recovery points cannot be deleted with its stack. */
  readonly backupPlan: BackupPlan | undefined;
  private readonly removalPolicy: RemovalPolicy;
  private readonly protect: boolean;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.protect = !props.ephemeral;
    this.removalPolicy = props.ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

    this.ledger = this.table(ledgerTable);
    this.handovers = this.table(handoversTable);
    this.audit = this.table(auditTable);

    this.userPool = new UserPool(this, 'Users', {
      // Accounts are created by an administrator for known people; nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      customAttributes: {
        // Immutable so that an organization user cannot be moved to another organization's data.
        [organizationIdAttribute]: new StringAttribute({ minLen: 3, maxLen: 63, mutable: false }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      // Plus, for threat protection: staff accounts reach beneficiaries' personal data, so sign-ins
      // with leaked credentials or from risky contexts are blocked or challenged.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: this.protect,
      removalPolicy: this.removalPolicy,
    });
    // What threat protection does, stated rather than left to Cognito's defaults. Notifying users
    // would need an SES identity, which we do not have yet.
    new CfnUserPoolRiskConfigurationAttachment(this, 'UsersRiskConfiguration', {
      userPoolId: this.userPool.userPoolId,
      clientId: 'ALL',
      compromisedCredentialsRiskConfiguration: { actions: { eventAction: 'BLOCK' } },
      accountTakeoverRiskConfiguration: {
        actions: {
          lowAction: { eventAction: 'NO_ACTION', notify: false },
          mediumAction: { eventAction: 'MFA_IF_CONFIGURED', notify: false },
          highAction: { eventAction: 'MFA_REQUIRED', notify: false },
        },
      },
    });
    // Cognito requires MFA per pool, not per group: the pool offers TOTP to all, a trigger says in the ID
    // token who has it, and the API refuses admins and front-committee members whose token does not.
    this.preTokenGeneration = new HandlerFunction(this, 'PreTokenGeneration', {
      handler: 'pre-token-generation',
      description: 'Cognito pre-token-generation: the mfa claim for admins and the front committee',
      logRemovalPolicy: this.removalPolicy,
      memorySize: 256,
      // Cognito waits 5 seconds for a trigger.
      timeout: Duration.seconds(5),
    });
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.preTokenGeneration.lambda,
      LambdaVersion.V1_0,
    );
    // A policy beside the role rather than in it: the pool depends on the function, which depends on its
    // role, so the role itself cannot name the pool's ARN without a cycle.
    new Policy(this, 'PreTokenGenerationReadsUsers', {
      roles: [this.preTokenGeneration.role],
      statements: [
        new PolicyStatement({
          actions: ['cognito-idp:AdminGetUser'],
          resources: [this.userPool.userPoolArn],
        }),
      ],
    });
    for (const role of roles) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: `Role ${role}` });
    }

    this.userPoolClient = this.userPool.addClient('WebClient', {
      // The pages sign in with their own form, in Vietnamese, against Cognito's API: the password over TLS
      // (USER_PASSWORD_AUTH, which the local provider speaks too) and refresh (decision 0012).
      authFlows: { userPassword: authFlows.includes('USER_PASSWORD_AUTH'), userSrp: false },
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // No managed login: no callback or logout URL to register, so no redirect to abuse.
      disableOAuth: true,
      idTokenValidity: Duration.hours(tokenValidity.idHours),
      accessTokenValidity: Duration.hours(tokenValidity.accessHours),
      refreshTokenValidity: Duration.days(tokenValidity.refreshDays),
    });

    // Named after the stack, so a bus re-created after a mistake has the same ARN and the archive can
    // still replay into it.
    this.eventBus = new EventBus(this, eventBus.id, {
      eventBusName: `${this.stackName}-events`,
      description: 'Pledge Tracker domain events (shared/domain/events.ts); no personal data',
    });
    this.eventBus.applyRemovalPolicy(this.removalPolicy);
    const archive = this.eventBus.archive('Archive', {
      description: `Every ${eventSource} event, kept for replay`,
      eventPattern: { source: [eventSource] },
      retention: Duration.days(eventBus.archiveRetentionDays),
    });
    archive.applyRemovalPolicy(this.removalPolicy);

    // Stateful for its subscriptions: each address confirms once, and a replaced topic would ask everyone
    // again and lose notifications until they did.
    this.leadershipTopic = new Topic(this, leadershipTopic.id, {
      displayName: 'Pledge Tracker',
      masterKey: this.key(`${leadershipTopic.id}Key`, 'Encrypts the leadership notification topic'),
      enforceSSL: true,
    });
    this.leadershipTopic.applyRemovalPolicy(this.removalPolicy);
    for (const email of props.leadershipEmails ?? []) {
      this.leadershipTopic.addSubscription(new EmailSubscription(email));
    }

    // Reminders to organizations: a topic apart from leadership's, every subscription filtered by organization.
    this.organizationTopic = new Topic(this, organizationTopic.id, {
      displayName: 'Pledge Tracker reminders',
      masterKey: this.key(`${organizationTopic.id}Key`, 'Encrypts the organizations reminder topic'),
      enforceSSL: true,
    });
    this.organizationTopic.applyRemovalPolicy(this.removalPolicy);
    for (const [organizationId, emails] of Object.entries(props.organizationContacts ?? {})) {
      for (const email of emails) {
        this.organizationTopic.addSubscription(
          new EmailSubscription(email, {
            filterPolicy: {
              [organizationTopic.filterAttribute]: SubscriptionFilter.stringFilter({
                allowlist: [organizationId],
              }),
            },
          }),
        );
      }
    }
    this.opsTopic = this.operationsTopic(props.opsEmails ?? []);
    this.backupPlan = props.ephemeral ? undefined : this.backUp([this.ledger, this.handovers, this.audit]);

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.userPoolClient.userPoolClientId });
    // Where `npm run users` records who created or disabled an account, as the admin routes do.
    new CfnOutput(this, 'AuditTableName', { value: this.audit.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.eventBus.eventBusName });
    new CfnOutput(this, 'LeadershipTopicArn', { value: this.leadershipTopic.topicArn });
    new CfnOutput(this, 'OrganizationTopicArn', { value: this.organizationTopic.topicArn });
    new CfnOutput(this, 'OpsTopicArn', { value: this.opsTopic.topicArn });
  }

  /**
   * Where alarms go. Stateful for the same reason as the leadership topic: its subscribers confirm once. Its
   * key and its policy let CloudWatch, and only this account's alarms, publish to it.
   */
  private operationsTopic(emails: readonly string[]): Topic {
    const key = this.key('OpsTopicKey', 'Encrypts the operations (alarm) topic');
    const alarmsOfThisAccount = {
      ArnLike: { 'aws:SourceArn': `arn:${this.partition}:cloudwatch:${this.region}:${this.account}:alarm:*` },
      StringEquals: { 'aws:SourceAccount': this.account },
    };
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: alarmsOfThisAccount,
      }),
    );
    const topic = new Topic(this, 'OpsTopic', {
      displayName: 'Pledge Tracker alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: alarmsOfThisAccount,
      }),
    );
    topic.applyRemovalPolicy(this.removalPolicy);
    for (const email of emails) topic.addSubscription(new EmailSubscription(email));
    return topic;
  }

  /**
   * AWS Backup of the three tables (backupRules). DynamoDB encrypts each backup under its table's key, so a
   * restore needs that key: the keys are retained with the tables. The vault is retained too, and refuses
   * deletion while it holds recovery points; each point expires on its own at the end of its lifecycle.
   */
  private backUp(tables: readonly Table[]): BackupPlan {
    const vault = new BackupVault(this, 'BackupVault', { removalPolicy: RemovalPolicy.RETAIN });
    const plan = new BackupPlan(this, 'BackupPlan', {
      backupVault: vault,
      backupPlanRules: Object.values(backupRules).map(
        (rule) =>
          new BackupPlanRule({
            ruleName: rule.name,
            scheduleExpression: Schedule.expression(rule.schedule),
            deleteAfter: Duration.days(rule.keepDays),
          }),
      ),
    });
    plan.addSelection('Tables', {
      resources: tables.map((table) => BackupResource.fromDynamoDbTable(table)),
      allowRestores: false,
    });
    return plan;
  }

  private key(id: string, description: string): Key {
    return new Key(this, id, {
      description,
      enableKeyRotation: true,
      removalPolicy: this.removalPolicy,
      // A deleted key is billed until its deletion date: throwaway keys go after the shortest wait.
      pendingWindow: this.protect ? undefined : Duration.days(7),
    });
  }

  private table(declaration: TableDeclaration): Table {
    // One key per table, so that access to the personal data's key can be granted and audited apart.
    const key = this.key(
      `${declaration.id}Key`,
      `Encrypts the ${declaration.id} table${declaration.personalData ? ' (personal data)' : ''}`,
    );
    return new Table(this, declaration.id, {
      partitionKey: {
        name: declaration.partitionKey.name,
        type: attributeTypes[declaration.partitionKey.type],
      },
      sortKey: { name: declaration.sortKey.name, type: attributeTypes[declaration.sortKey.type] },
      stream: declaration.stream ? StreamViewType[declaration.stream] : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: this.protect,
      removalPolicy: this.removalPolicy,
    });
  }
}

// The composition root: picks the adapters for a configuration and a set of AWS clients. No module state:
// each handler builds its deps once (functions/*.ts, lazily), the local runtime and the tests build their own.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CognitoStaffDirectory } from './adapters/cognito-staff-directory';
import { DynamoAuditTrail } from './adapters/dynamo-audit';
import { DynamoHandovers } from './adapters/dynamo-handovers';
import { DynamoLedger } from './adapters/dynamo-ledger';
import { DynamoNotifications } from './adapters/dynamo-notifications';
import { EventBridgePublisher } from './adapters/eventbridge-publisher';
import { SnsLeadershipChannel } from './adapters/sns-leadership-channel';
import { type Config, ConfigError, type ConfigKey, variableOf } from './config';
import type {
  AuditTrail,
  Clock,
  EventPublisher,
  HandoverRepository,
  LeadershipChannel,
  LedgerRepository,
  NotificationRepository,
  StaffDirectory,
} from './ports';

/** Each function passes the clients it uses, and so builds (and bundles) no other. */
export interface AwsClients {
  dynamo?: DynamoDBDocumentClient;
  eventBridge?: EventBridgeClient;
  sns?: SNSClient;
  /** Only the admin routes get one: their roles may administer the pool's users, no other's may. */
  cognito?: CognitoIdentityProviderClient;
}

/** Everything a use case may be given; each takes the part it needs (LedgerDeps, HandoverDeps, ...). */
export interface Deps {
  clock: Clock;
  ledger: LedgerRepository;
  handovers: HandoverRepository;
  audit: AuditTrail;
  notifications: NotificationRepository;
  channel: LeadershipChannel;
  publisher: EventPublisher;
  staff: StaffDirectory;
}

export const systemClock: Clock = { now: () => new Date() };

/** Endpoint, region and credentials from the SDK's own settings, unless the DynamoDBClient is given. */
export function documentClient(client: DynamoDBClient = new DynamoDBClient({})): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/**
 * Pure: builds adapters, opens no connection. What the configuration or the clients lack is replaced by a
 * stand-in that fails on use, naming the variable or client: a function is given only what it declares.
 */
export function createDeps(config: Config, clients: AwsClients, clock: Clock = systemClock): Deps {
  const { dynamo, eventBridge, sns, cognito } = clients;
  const ledgerTableName = config.ledgerTableName;
  const ledger =
    dynamo && ledgerTableName
      ? new DynamoLedger({
          client: dynamo,
          tableName: ledgerTableName,
          ...(config.auditTableName ? { auditTableName: config.auditTableName } : {}),
          handoverContextTtlMs: config.handoverContextCacheSeconds * 1000,
        })
      : missing<LedgerRepository>(lacking(config, ['ledgerTableName'], dynamo, 'a DynamoDB client'));
  const handovers =
    dynamo && ledgerTableName && config.handoversTableName
      ? new DynamoHandovers({
          client: dynamo,
          ledgerTableName,
          handoversTableName: config.handoversTableName,
          ...(config.auditTableName ? { auditTableName: config.auditTableName } : {}),
        })
      : missing<HandoverRepository>(
          lacking(config, ['ledgerTableName', 'handoversTableName'], dynamo, 'a DynamoDB client'),
        );
  const audit =
    dynamo && config.auditTableName
      ? new DynamoAuditTrail({ client: dynamo, tableName: config.auditTableName })
      : missing<AuditTrail>(lacking(config, ['auditTableName'], dynamo, 'a DynamoDB client'));
  // The feed lives in the ledger table, under its own partition.
  const notifications =
    dynamo && ledgerTableName
      ? new DynamoNotifications({ client: dynamo, tableName: ledgerTableName })
      : missing<NotificationRepository>(lacking(config, ['ledgerTableName'], dynamo, 'a DynamoDB client'));
  const channel =
    sns && config.leadershipTopicArn
      ? new SnsLeadershipChannel({ client: sns, topicArn: config.leadershipTopicArn })
      : missing<LeadershipChannel>(lacking(config, ['leadershipTopicArn'], sns, 'an SNS client'));
  const publisher =
    eventBridge && config.eventBusName
      ? new EventBridgePublisher({ client: eventBridge, busName: config.eventBusName })
      : missing<EventPublisher>(lacking(config, ['eventBusName'], eventBridge, 'an EventBridge client'));
  const staff =
    cognito && config.userPoolId
      ? new CognitoStaffDirectory({
          client: cognito,
          userPoolId: config.userPoolId,
          delivery: config.staffInviteDelivery,
        })
      : missing<StaffDirectory>(lacking(config, ['userPoolId'], cognito, 'a Cognito client'));
  return { clock, ledger, handovers, audit, notifications, channel, publisher, staff };
}

function lacking(config: Config, keys: ConfigKey[], client: unknown, clientName: string): string {
  const variables = keys.filter((key) => config[key] === undefined).map(variableOf);
  return [...variables.map((name) => `environment variable ${name}`), ...(client ? [] : [clientName])].join(
    ' and ',
  );
}

/** Stands in for an adapter a function was not given: any use fails with what is missing. */
function missing<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_, property) {
      // Lets the stand-in be inspected, logged or awaited without failing; only a real use fails.
      if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
      throw new ConfigError(`This function was not given ${what} (needed for ${String(property)})`);
    },
  });
}

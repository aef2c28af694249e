// The composition root: picks the adapters for a configuration and a set of AWS clients. No module state:
// each handler builds its deps once (functions/*.ts, lazily), the local runtime and the tests build their own.
// The adapters on other services than DynamoDB (EventBridge, SNS, Cognito) are built where they are used,
// by each adapter module's builder (eventPublisherFor, ...), so that a function bundles no other client.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditTrail } from './adapters/dynamo-audit';
import { DynamoHandovers } from './adapters/dynamo-handovers';
import { DynamoLedger } from './adapters/dynamo-ledger';
import { DynamoNotifications } from './adapters/dynamo-notifications';
import { DynamoReminders } from './adapters/dynamo-reminders';
import { type Config, readConfig } from './config';
import { deferred } from './lazy-handler';
import { lacking, missing } from './missing';
import type {
  AuditTrail,
  Clock,
  EventPublisher,
  HandoverRepository,
  LeadershipChannel,
  LedgerRepository,
  NotificationRepository,
  OrganizationChannel,
  ReminderRepository,
  StaffDirectory,
} from './ports';

/** The DynamoDB client, for functions that use a table. */
export interface AwsClients {
  dynamo?: DynamoDBDocumentClient;
}

/** Adapters on other services, built by the function that uses them (see the note at the top). */
export interface OtherAdapters {
  channel?: LeadershipChannel;
  publisher?: EventPublisher;
  /** Only the admin routes get one: their roles may administer the pool's users, no other's may. */
  staff?: StaffDirectory;
  /** Reminders to organizations (#15): the daily check's. */
  organizationChannel?: OrganizationChannel;
  /** Verification's figures for the digest, once merged (#15 item 4); none until then. */
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
  reminders: ReminderRepository;
  organizationChannel: OrganizationChannel;
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
export function createDeps(
  config: Config,
  clients: AwsClients,
  others: OtherAdapters = {},
  clock: Clock = systemClock,
): Deps {
  const { dynamo } = clients;
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
  const channel = others.channel ?? missing<LeadershipChannel>('the leadership channel (SNS)');
  const publisher = others.publisher ?? missing<EventPublisher>('the event publisher (EventBridge)');
  const staff = others.staff ?? missing<StaffDirectory>('the staff directory (Cognito)');
  // Reminders live in the ledger table, under each organization's own partition.
  const reminders =
    dynamo && ledgerTableName
      ? new DynamoReminders({ client: dynamo, tableName: ledgerTableName })
      : missing<ReminderRepository>(lacking(config, ['ledgerTableName'], dynamo, 'a DynamoDB client'));
  const organizationChannel =
    others.organizationChannel ?? missing<OrganizationChannel>('the organizations channel (SNS)');
  return {
    clock,
    ledger,
    handovers,
    audit,
    notifications,
    channel,
    publisher,
    staff,
    reminders,
    organizationChannel,
  };
}

/**
 * What a deployed function is given: its configuration read from the environment, its clients, and the
 * adapters on other services it builds from them, all on first use (`deferred`).
 */
export function deployedDeps(
  clients: () => AwsClients,
  others: (config: Config) => OtherAdapters = () => ({}),
): Deps {
  return deferred(() => {
    const config = readConfig();
    return createDeps(config, clients(), others(config));
  });
}

// The one place that picks adapters: built once per Lambda container from the environment. The report's
// workbook writer is picked in report-container.ts, so that only the report function's bundle carries exceljs.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAuditTrail } from './adapters/dynamo-audit';
import { DynamoHandovers } from './adapters/dynamo-handovers';
import { DynamoLedger } from './adapters/dynamo-ledger';
import { DynamoNotifications } from './adapters/dynamo-notifications';
import { EventBridgePublisher } from './adapters/eventbridge-publisher';
import { SnsLeadershipChannel } from './adapters/sns-leadership-channel';
import { readConfig, requireAuditTable, requireHandoversTable } from './config';
import { eventBus, leadershipTopic } from './event-routing';
import type { Clock, EventPublisher } from './ports';
import type { AuditDeps, HandoverDeps, LedgerDeps } from './use-cases/deps';
import type { NotifyDeps } from './use-cases/notify-leadership';

const systemClock: Clock = { now: () => new Date() };

let documentClient: DynamoDBDocumentClient | undefined;

/** Endpoint, region and credentials come from the SDK's own settings (AWS_ENDPOINT_URL_DYNAMODB locally). */
function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}

let ledger: LedgerDeps | undefined;
let handovers: HandoverDeps | undefined;

export function ledgerDeps(): LedgerDeps {
  if (!ledger) {
    const config = readConfig();
    ledger = {
      ledger: new DynamoLedger({
        client: dynamo(),
        tableName: config.ledgerTableName,
        auditTableName: config.auditTableName,
        handoverContextTtlMs: config.handoverContextCacheSeconds * 1000,
      }),
      clock: systemClock,
    };
  }
  return ledger;
}

export function handoverDeps(): HandoverDeps {
  if (!handovers) {
    const config = readConfig();
    handovers = {
      ...ledgerDeps(),
      handovers: new DynamoHandovers({
        client: dynamo(),
        ledgerTableName: config.ledgerTableName,
        handoversTableName: requireHandoversTable(config),
        auditTableName: config.auditTableName,
      }),
    };
  }
  return handovers;
}

let audit: AuditDeps | undefined;

export function auditDeps(): AuditDeps {
  audit ??= {
    ...ledgerDeps(),
    audit: new DynamoAuditTrail({ client: dynamo(), tableName: requireAuditTable(readConfig()) }),
  };
  return audit;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Missing environment variable ${name}`);
  return value;
}

let notificationsRepository: DynamoNotifications | undefined;

function notifications(): DynamoNotifications {
  notificationsRepository ??= new DynamoNotifications({
    client: dynamo(),
    tableName: readConfig().ledgerTableName,
  });
  return notificationsRepository;
}

export function feedDeps(): LedgerDeps & { notifications: DynamoNotifications } {
  return { ...ledgerDeps(), notifications: notifications() };
}

let notify: NotifyDeps | undefined;

/** Endpoint from AWS_ENDPOINT_URL_SNS when set (the local runtime's stand-in). */
export function notifyDeps(): NotifyDeps {
  notify ??= {
    notifications: notifications(),
    channel: new SnsLeadershipChannel({
      client: new SNSClient({}),
      topicArn: requireEnv(leadershipTopic.envVar),
    }),
    clock: systemClock,
  };
  return notify;
}

let publisher: EventPublisher | undefined;

/** Endpoint from AWS_ENDPOINT_URL_EVENTBRIDGE when set (the local runtime's stand-in). */
export function eventPublisher(): EventPublisher {
  publisher ??= new EventBridgePublisher({
    client: new EventBridgeClient({}),
    busName: requireEnv(eventBus.envVar),
  });
  return publisher;
}

// The one place that picks adapters: built once per Lambda container from the environment.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoHandovers } from './adapters/dynamo-handovers';
import { DynamoLedger } from './adapters/dynamo-ledger';
import { readConfig, requireHandoversTable } from './config';
import type { Clock } from './ports';
import type { HandoverDeps, LedgerDeps } from './use-cases/deps';

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
  ledger ??= {
    ledger: new DynamoLedger({ client: dynamo(), tableName: readConfig().ledgerTableName }),
    clock: systemClock,
  };
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
      }),
    };
  }
  return handovers;
}

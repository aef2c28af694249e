// Integration-test tables: fresh, uniquely named tables on the run's DynamoDB Local, from the shared declarations.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, localAwsSettings } from '../../infra/local/dynamodb-local';
import { auditTable, handoversTable, ledgerTable } from '../../shared/tables';

export interface TestTables {
  endpoint: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  ledgerTableName: string;
  handoversTableName: string;
  auditTableName: string;
  /** Points the handlers' environment at these tables (before the handler modules are imported). */
  useInEnvironment(): void;
}

export async function freshTables(): Promise<TestTables> {
  const endpoint = inject('dynamoEndpoint');
  if (!endpoint)
    throw new Error('Integration tests need the DynamoDB Local started by test/support/global-setup.ts');
  const suffix = randomUUID().slice(0, 8);
  const names: Record<string, string> = {
    [ledgerTable.id]: `ledger-${suffix}`,
    [handoversTable.id]: `handovers-${suffix}`,
    [auditTable.id]: `audit-${suffix}`,
  };
  const client = new DynamoDBClient({ endpoint, ...localAwsSettings });
  await createTables(client, (table) => names[table.id] ?? table.localName);
  const ledgerTableName = names[ledgerTable.id] as string;
  const handoversTableName = names[handoversTable.id] as string;
  const auditTableName = names[auditTable.id] as string;
  return {
    endpoint,
    client,
    documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    ledgerTableName,
    handoversTableName,
    auditTableName,
    useInEnvironment() {
      process.env[ledgerTable.envVar] = ledgerTableName;
      process.env[handoversTable.envVar] = handoversTableName;
      process.env[auditTable.envVar] = auditTableName;
      process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
      process.env.AWS_REGION = localAwsSettings.region;
      process.env.AWS_ACCESS_KEY_ID = localAwsSettings.credentials.accessKeyId;
      process.env.AWS_SECRET_ACCESS_KEY = localAwsSettings.credentials.secretAccessKey;
    },
  };
}

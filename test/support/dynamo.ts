// Integration-test tables: fresh, uniquely named tables on the run's DynamoDB Local, from the shared declarations.
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, localAwsSettings } from '../../infra/local/dynamodb-local';
import type { LocalDeps } from '../../infra/local/handler-modules';
import { DocxOfficialDocumentWriter } from '../../shared/adapters/docx-document';
import { ExcelJsWorkbookWriter } from '../../shared/adapters/exceljs-workbook';
import { StreamingSheetReader } from '../../shared/adapters/sheet-reader';
import { readConfig } from '../../shared/config';
import { createDeps, documentClient, systemClock } from '../../shared/container';
import type { Clock } from '../../shared/ports';
import { auditTable, handoversTable, ledgerTable } from '../../shared/tables';

export interface TestTables {
  endpoint: string;
  client: DynamoDBClient;
  documentClient: DynamoDBDocumentClient;
  ledgerTableName: string;
  handoversTableName: string;
  auditTableName: string;
  /** What a function with every table is given, pointed at these tables; the system clock unless given one. */
  deps(clock?: Clock): LocalDeps;
  /** The variables a deployed function would read, for a bundle run in another process. */
  lambdaEnvironment(): Record<string, string>;
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
    lambdaEnvironment() {
      return {
        [ledgerTable.envVar]: ledgerTableName,
        [handoversTable.envVar]: handoversTableName,
        [auditTable.envVar]: auditTableName,
        AWS_ENDPOINT_URL_DYNAMODB: endpoint,
        AWS_REGION: localAwsSettings.region,
        AWS_ACCESS_KEY_ID: localAwsSettings.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: localAwsSettings.credentials.secretAccessKey,
      };
    },
    deps(clock = systemClock) {
      const config = readConfig({
        [ledgerTable.envVar]: ledgerTableName,
        [handoversTable.envVar]: handoversTableName,
        [auditTable.envVar]: auditTableName,
      });
      return {
        ...createDeps(config, { dynamo: documentClient(client) }, {}, clock),
        workbook: new ExcelJsWorkbookWriter(),
        officialDocument: new DocxOfficialDocumentWriter(),
        sheets: new StreamingSheetReader(),
      };
    },
  };
}

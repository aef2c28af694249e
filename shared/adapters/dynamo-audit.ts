// Driven adapter: the audit trail. Entries are appended inside the change's own transaction, never updated.
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, StaffAuditEntry } from '../domain/audit';
import type { Page } from '../domain/model';
import type { AuditTrail } from '../ports';
import { keys } from '../tables';
import { queryPage } from './dynamo-support';
import type { TransactItem } from './dynamo-transaction';

/** The Put that adds an entry to a transaction; its condition makes an overwrite impossible. */
export function auditEntryPut(tableName: string | undefined, entry: AuditEntry): TransactItem {
  if (!tableName) throw new Error('This function was not given the audit table, so it cannot change data');
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.auditEntry(entry.campaignId, entry.at, entry.id),
        type: keys.types.auditEntry,
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export class DynamoAuditTrail implements AuditTrail {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async list(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<AuditEntry>> {
    const page = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.auditPartition(campaignId) },
        ScanIndexForward: false,
      },
      cursor,
      limit,
    );
    return {
      ...page,
      items: page.items.map(({ pk: _pk, sk: _sk, type: _type, ...e }) => e as unknown as AuditEntry),
    };
  }

  async appendStaffEntry(entry: StaffAuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.staffAuditEntry(entry.at, entry.id), type: keys.types.auditEntry, ...entry },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
}

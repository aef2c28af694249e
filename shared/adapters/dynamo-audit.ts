// Driven adapter: the audit trail. Entries are appended inside the change's own transaction, never updated.
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, OrganizationAuditEntry, StaffAuditEntry } from '../domain/audit';
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

  list(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<AuditEntry>> {
    return this.listPartition<AuditEntry>(keys.auditPartition(campaignId), cursor, limit);
  }

  listStaffEntries(cursor: string | undefined, limit: number): Promise<Page<StaffAuditEntry>> {
    return this.listPartition<StaffAuditEntry>(keys.staffAuditPartition, cursor, limit);
  }

  listOrganizationEntries(cursor: string | undefined, limit: number): Promise<Page<OrganizationAuditEntry>> {
    return this.listPartition<OrganizationAuditEntry>(keys.organizationAuditPartition, cursor, limit);
  }

  /** One trail, newest first; a cursor from another trail is refused (queryPage checks it lies in `partition`). */
  private async listPartition<T>(
    partition: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<T>> {
    const page = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
      },
      cursor,
      limit,
    );
    return {
      ...page,
      items: page.items.map(({ pk: _pk, sk: _sk, type: _type, ...e }) => e as unknown as T),
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

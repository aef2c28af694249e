// Driven adapter: the leadership notification feed, kept in the ledger table under NOTIFICATIONS#<campaign>.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Notification, Page } from '../domain/model';
import type { NotificationRepository } from '../ports';
import { keys } from '../tables';
import { queryPage } from './dynamo-support';

export class DynamoNotifications implements NotificationRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async claim(notification: Notification): Promise<'claimed' | 'pending' | 'sent'> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.notification(notification.campaignId, notification.occurredAt, notification.eventId),
            type: keys.types.notification,
            ...notification,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = error.Item ? unmarshall(error.Item) : undefined;
      return stored?.status === 'sent' ? 'sent' : 'pending';
    }
  }

  async markSent(notification: Notification, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notification(notification.campaignId, notification.occurredAt, notification.eventId),
        UpdateExpression: 'SET #status = :sent, sentAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
      }),
    );
  }

  async list(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<Notification>> {
    const page = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.notificationsPartition(campaignId) },
        ScanIndexForward: false,
      },
      cursor,
      limit,
    );
    const items = page.items.map(({ pk: _pk, sk: _sk, type: _type, ...n }) => n as unknown as Notification);
    return { ...page, items };
  }
}

// Driven adapter: the leadership notification feed, kept in the ledger table under NOTIFICATIONS#<campaign>.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ExceededNotification, Notification, Page } from '../domain/model';
import type { NotificationClaim, NotificationRepository } from '../ports';
import { keys } from '../tables';
import { queryPage } from './dynamo-support';

export class DynamoNotifications implements NotificationRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async claim(notification: Notification): Promise<NotificationClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...this.key(notification),
            type: keys.types.notification,
            ...notification,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = error.Item ? unmarshall(error.Item) : undefined;
      if (stored?.status === 'sent') return { state: 'sent' };
      return { state: 'pending', claimedUntil: String(stored?.claimedUntil ?? '') };
    }
  }

  async reserveDay(notification: ExceededNotification, day: string): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notificationDay(notification.campaignId, notification.pledgeId, day),
        // Atomic and idempotent: the first event id stays; a set counts each crossing once, however delivered.
        UpdateExpression:
          'SET #type = :type, firstEventId = if_not_exists(firstEventId, :eventId) ADD crossings :crossing',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: {
          ':type': keys.types.notificationDay,
          ':eventId': notification.eventId,
          ':crossing': new Set([notification.eventId]),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes?.firstEventId === notification.eventId;
  }

  async takeOver(notification: Notification, previousClaimedUntil: string): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(notification),
          UpdateExpression: 'SET claimedUntil = :until',
          ConditionExpression: '#status = :pending AND claimedUntil = :previous',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':until': notification.claimedUntil,
            ':pending': 'pending',
            ':previous': previousClaimedUntil,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async release(notification: Notification): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(notification),
          UpdateExpression: 'SET claimedUntil = :released',
          ConditionExpression: '#status = :pending AND claimedUntil = :mine',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':released': new Date(0).toISOString(),
            ':pending': 'pending',
            ':mine': notification.claimedUntil,
          },
        }),
      );
    } catch (error) {
      // Taken over or sent meanwhile: nothing of ours to give back.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async markSent(notification: Notification, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(notification),
        UpdateExpression: 'SET #status = :sent, sentAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
      }),
    );
  }

  private key(notification: Notification) {
    return keys.notification(notification.campaignId, notification.occurredAt, notification.eventId);
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

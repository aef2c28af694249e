// Driven adapter: reminders to organizations (#15), kept in the ledger table under REMINDERS#<organization>.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Page, Reminder } from '../domain/model';
import type { ReminderClaim, ReminderRepository } from '../ports';
import { keys } from '../tables';
import { queryPage } from './dynamo-support';

export class DynamoReminders implements ReminderRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  private key(r: Reminder) {
    return keys.reminder(r.organizationId, r.campaignId, r.pledgeId, r.milestone);
  }

  async claim(reminder: Reminder, now: string): Promise<ReminderClaim> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...this.key(reminder), type: keys.types.reminder, ...reminder },
          // New, or pending with a claim that ran out: the one write that makes a reminder go out once.
          ConditionExpression: 'attribute_not_exists(pk) OR (#status = :pending AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': now },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = error.Item ? unmarshall(error.Item) : undefined;
      return stored?.status === 'sent' ? 'sent' : 'in-flight';
    }
  }

  async release(reminder: Reminder): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(reminder),
          UpdateExpression: 'SET claimedUntil = :released',
          ConditionExpression: '#status = :pending AND claimedUntil = :mine',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':released': new Date(0).toISOString(),
            ':pending': 'pending',
            ':mine': reminder.claimedUntil,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async markSent(reminder: Reminder, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(reminder),
        UpdateExpression: 'SET #status = :sent, sentAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at },
      }),
    );
  }

  async listForOrganization(
    organizationId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Reminder>> {
    const page = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.remindersPartition(organizationId) },
      },
      cursor,
      limit,
    );
    const items = page.items.map(({ pk: _pk, sk: _sk, type: _type, ...r }) => r as unknown as Reminder);
    return { ...page, items };
  }
}

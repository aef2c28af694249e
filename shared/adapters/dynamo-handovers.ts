// Driven adapter: handovers (personal data, own table) and the ledger counters they move, in one transaction.
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit';
import { IdempotencyKeyReusedError, NotFoundError, StaleCreditError } from '../domain/errors';
import type { HouseholdMatch } from '../domain/household';
import type { Handover, Page } from '../domain/model';
import type { HandoverFilter, HandoverRepository, RecordOutcome } from '../ports';
import { keys } from '../tables';
import { auditEntryPut } from './dynamo-audit';
import { queryPage } from './dynamo-support';
import { type TransactItem, transactWrite } from './dynamo-transaction';
import { handoverItem, toHandover } from './items';

export type { TransactItem };

export class DynamoHandovers implements HandoverRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly ledgerTableName: string;
  private readonly handoversTableName: string;
  /** Absent for functions that only read. */
  private readonly auditTableName: string | undefined;

  constructor(options: {
    client: DynamoDBDocumentClient;
    ledgerTableName: string;
    handoversTableName: string;
    auditTableName?: string;
  }) {
    this.client = options.client;
    this.ledgerTableName = options.ledgerTableName;
    this.handoversTableName = options.handoversTableName;
    this.auditTableName = options.auditTableName;
  }

  async record(handover: Handover, audit: AuditEntry): Promise<RecordOutcome> {
    const outcome = await transactWrite(this.client, this.recordTransaction(handover, audit));
    if (outcome.committed) return { handover, replayed: false };
    const [stored, credit] = outcome.reasons;
    if (stored?.conditionFailed && stored.item) {
      const original = toHandover(stored.item);
      if (original.requestFingerprint !== handover.requestFingerprint) throw new IdempotencyKeyReusedError();
      return { handover: original, replayed: true };
    }
    if (credit?.conditionFailed) throw new StaleCreditError();
    throw outcome.error;
  }

  /** The items of the recording transaction (the benchmark also sends them raw, as its floor). */
  recordTransaction(handover: Handover, audit: AuditEntry): TransactItem[] {
    return [
      {
        // The id comes from the Idempotency-Key, so a replay fails this condition and counts nothing.
        Put: {
          TableName: this.handoversTableName,
          Item: handoverItem(handover),
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      this.creditOrCheckNoPledge(handover),
      ...this.counterUpdates(handover, 1),
      auditEntryPut(this.auditTableName, audit),
      ...(handover.household
        ? [
            {
              Put: {
                TableName: this.handoversTableName,
                Item: {
                  ...keys.householdEntry(handover.household, handover.id),
                  type: keys.types.householdEntry,
                  handoverId: handover.id,
                  campaignId: handover.campaignId,
                  organizationId: handover.organizationId,
                  handedOverOn: handover.handedOverOn,
                },
              },
            },
          ]
        : []),
    ];
  }

  async householdMatches(household: string): Promise<HouseholdMatch[]> {
    const matches: HouseholdMatch[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.handoversTableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.householdPartition(household) },
          ProjectionExpression: 'handoverId, campaignId, organizationId, handedOverOn',
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) matches.push(item as HouseholdMatch);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return matches;
  }

  /** The household's entry goes with a void or an erasure: a voided or nameless handover is no one's duplicate. */
  private householdEntryDelete(handover: Handover): TransactItem[] {
    return handover.household
      ? [
          {
            Delete: {
              TableName: this.handoversTableName,
              Key: keys.householdEntry(handover.household, handover.id),
            },
          },
        ]
      : [];
  }

  async get(campaignId: string, handoverId: string): Promise<Handover | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.handoversTableName,
        Key: keys.handover(campaignId, handoverId),
        ConsistentRead: true,
      }),
    );
    return Item ? toHandover(Item) : undefined;
  }

  async void(
    handover: Handover,
    change: { reason: string; by: string; at: string },
    audit: AuditEntry,
  ): Promise<Handover> {
    if (handover.state === 'voided') return handover;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.handoversTableName,
          Key: keys.handover(handover.campaignId, handover.id),
          UpdateExpression: 'SET #state = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
          ConditionExpression: '#state = :recorded',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':voided': 'voided',
            ':recorded': 'recorded',
            ':at': change.at,
            ':by': change.by,
            ':reason': change.reason,
          },
        },
      },
      ...(handover.pledgeId ? [this.pledgeCounterUpdate(handover.campaignId, handover.pledgeId, -1)] : []),
      ...this.counterUpdates(handover, -1),
      auditEntryPut(this.auditTableName, audit),
      ...this.householdEntryDelete(handover),
    ];
    const outcome = await transactWrite(this.client, items);
    if (outcome.committed) {
      return {
        ...handover,
        state: 'voided',
        voidedAt: change.at,
        voidedBy: change.by,
        voidReason: change.reason,
      };
    }
    // Voided by a concurrent request: that void counted, this one returns its result.
    if (outcome.reasons[0]?.conditionFailed) {
      const current = await this.get(handover.campaignId, handover.id);
      if (current?.state === 'voided') return current;
      throw new NotFoundError('Handover', handover.id);
    }
    throw outcome.error;
  }

  async eraseBeneficiary(handover: Handover, audit: AuditEntry): Promise<boolean> {
    if (!handover.beneficiary) return false;
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.handoversTableName,
          Key: keys.handover(handover.campaignId, handover.id),
          UpdateExpression: 'REMOVE beneficiary, requestFingerprint, household SET beneficiaryErasedAt = :at',
          ConditionExpression: 'attribute_exists(beneficiary)',
          ExpressionAttributeValues: { ':at': audit.at },
        },
      },
      auditEntryPut(this.auditTableName, audit),
      ...this.householdEntryDelete(handover),
    ]);
    if (outcome.committed) return true;
    // Erased by a concurrent request, which wrote the one audit entry.
    if (outcome.reasons[0]?.conditionFailed) return false;
    throw outcome.error;
  }

  async countedDateRange(campaignId: string): Promise<{ first: string; last: string } | undefined> {
    let first: string | undefined;
    let last: string | undefined;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.handoversTableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: '#state = :recorded',
          ProjectionExpression: 'handedOverOn',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':pk': keys.campaignPartition(campaignId),
            ':prefix': keys.handoverPrefix,
            ':recorded': 'recorded',
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const date = String(item.handedOverOn);
        if (first === undefined || date < first) first = date;
        if (last === undefined || date > last) last = date;
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return first !== undefined && last !== undefined ? { first, last } : undefined;
  }

  async list(
    campaignId: string,
    filter: HandoverFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<Handover>> {
    const partition = keys.campaignPartition(campaignId);
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':pk': partition, ':prefix': keys.handoverPrefix };
    if (filter.ward !== undefined) {
      conditions.push('ward = :ward');
      values[':ward'] = filter.ward;
    }
    if (filter.organizationId !== undefined) {
      conditions.push('organizationId = :organizationId');
      values[':organizationId'] = filter.organizationId;
    }
    if (filter.category !== undefined) {
      conditions.push('category = :category');
      values[':category'] = filter.category;
    }
    if (filter.from !== undefined) {
      conditions.push('handedOverOn >= :from');
      values[':from'] = filter.from;
    }
    if (filter.to !== undefined) {
      conditions.push('handedOverOn <= :to');
      values[':to'] = filter.to;
    }
    const names: Record<string, string> = {};
    if (filter.state !== undefined) {
      conditions.push('#state = :state');
      names['#state'] = 'state';
      values[':state'] = filter.state;
    }
    const page = await queryPage(
      this.client,
      {
        TableName: this.handoversTableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ...(conditions.length > 0 ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(filter.state !== undefined ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
      },
      cursor,
      limit,
    );
    return { ...page, items: page.items.map(toHandover) };
  }

  /**
   * Credits the active pledge, on condition it is still active; or, with no pledge, checks that none
   * was registered meanwhile. Either condition failing means "read the pledge again".
   */
  private creditOrCheckNoPledge(handover: Handover): TransactItem {
    if (handover.pledgeId) {
      const update = this.pledgeCounterUpdate(handover.campaignId, handover.pledgeId, 1);
      return {
        Update: {
          ...update.Update,
          ConditionExpression: '#state = :active',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ...update.Update.ExpressionAttributeValues, ':active': 'active' },
        },
      };
    }
    return {
      ConditionCheck: {
        TableName: this.ledgerTableName,
        Key: keys.activePledge(handover.campaignId, handover.organizationId, handover.category),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  private pledgeCounterUpdate(campaignId: string, pledgeId: string, delta: 1 | -1) {
    return {
      Update: {
        TableName: this.ledgerTableName,
        Key: keys.pledge(campaignId, pledgeId),
        UpdateExpression: 'ADD delivered :delta',
        ExpressionAttributeValues: { ':delta': delta } as Record<string, unknown>,
      },
    };
  }

  /** The category and ward totals count every handover, with a pledge or without. */
  private counterUpdates(handover: Handover, delta: 1 | -1): TransactItem[] {
    const values = { ':delta': delta, ':category': handover.category };
    return [
      {
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.categoryTotal(handover.campaignId, handover.category),
          // The last handover's ids ride on the total so the ledger stream can announce it.
          UpdateExpression:
            'ADD delivered :delta SET #type = :type, category = :category, ' +
            'lastHandoverId = :handoverId, lastOrganizationId = :organizationId, lastWard = :ward',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ...values,
            ':type': keys.types.categoryTotal,
            ':handoverId': handover.id,
            ':organizationId': handover.organizationId,
            ':ward': handover.ward,
          },
        },
      },
      {
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.wardTotal(handover.campaignId, handover.ward, handover.category),
          UpdateExpression: 'ADD delivered :delta SET #type = :type, category = :category, ward = :ward',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ...values, ':type': keys.types.wardTotal, ':ward': handover.ward },
        },
      },
    ];
  }
}

// Driven adapter: handovers (personal data, own table) and the ledger counters they move, in one transaction.
import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../domain/audit';
import {
  FourEyesError,
  HandoverVoidedError,
  IdempotencyKeyReusedError,
  NotFoundError,
  StaleCreditError,
} from '../domain/errors';
import type { HouseholdMatch } from '../domain/household';
import type { Handover, Page } from '../domain/model';
import { moneyContribution, moneySumFields, verifiedMoneyField } from '../domain/money';
import type { HandoverFilter, HandoverRepository, RecordOutcome } from '../ports';
import { keys } from '../tables';
import { auditEntryPut } from './dynamo-audit';
import { campaignOpenCheck, throwIfClosed } from './dynamo-campaign-open';
import { queryPage } from './dynamo-support';
import { type TransactItem, transactWrite } from './dynamo-transaction';
import { handoverItem, toHandover } from './items';

export type { TransactItem };

type Delta = -1 | 0 | 1;

/** A void that finds the verification changed reads it again; a handful of rereads settles any real race. */
const maxRereads = 4;

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
    throwIfClosed(outcome.reasons, handover.campaignId);
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
      ...this.moneyUpdates(handover, 1),
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
      auditEntryPut(this.auditTableName, audit),
      // Last: throwIfClosed reads the last cancellation reason as this check's.
      campaignOpenCheck(this.ledgerTableName, handover.campaignId),
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
    let current = handover;
    for (let attempt = 1; ; attempt++) {
      if (current.state === 'voided') return current;
      // The verified counters move with the void exactly when the handover is verified at the commit: the
      // condition pins the verification as read, and a verify or unverify in between makes us read again.
      const verified = current.verifiedAt !== undefined;
      const outcome = await transactWrite(this.client, [
        {
          Update: {
            TableName: this.handoversTableName,
            Key: keys.handover(current.campaignId, current.id),
            UpdateExpression: 'SET #state = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
            ConditionExpression: `#state = :recorded AND ${verified ? 'attribute_exists' : 'attribute_not_exists'}(verifiedAt)`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':voided': 'voided',
              ':recorded': 'recorded',
              ':at': change.at,
              ':by': change.by,
              ':reason': change.reason,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...(current.pledgeId
          ? [this.pledgeCounterUpdate(current.campaignId, current.pledgeId, -1, verified ? -1 : 0)]
          : []),
        ...this.counterUpdates(current, -1, verified ? -1 : 0),
        ...this.moneyUpdates(current, -1, verified ? -1 : 0),
        auditEntryPut(this.auditTableName, audit),
        ...this.householdEntryDelete(current),
        // Last: throwIfClosed reads the last cancellation reason as this check's.
        campaignOpenCheck(this.ledgerTableName, current.campaignId),
      ]);
      if (outcome.committed) {
        return {
          ...current,
          state: 'voided',
          voidedAt: change.at,
          voidedBy: change.by,
          voidReason: change.reason,
        };
      }
      const stored = outcome.reasons[0];
      if (stored?.conditionFailed) {
        if (!stored.item) throw new NotFoundError('Handover', current.id);
        // Voided by a concurrent request (that void counted; this one returns its result), or verified or
        // unverified meanwhile (void it as it is now).
        current = toHandover(stored.item);
        if (current.state === 'voided' || attempt < maxRereads) continue;
      }
      throwIfClosed(outcome.reasons, current.campaignId);
      throw outcome.error;
    }
  }

  async verify(handover: Handover, change: { by: string; at: string }, audit: AuditEntry): Promise<Handover> {
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.handoversTableName,
          Key: keys.handover(handover.campaignId, handover.id),
          UpdateExpression: 'SET verifiedAt = :at, verifiedBy = :by',
          // Four eyes, again where it cannot be raced: the recorder's id is fixed when the item is put.
          ConditionExpression:
            '#state = :recorded AND attribute_not_exists(verifiedAt) AND recordedBy <> :by',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':recorded': 'recorded', ':at': change.at, ':by': change.by },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...this.verifiedCounterUpdates(handover, 1),
      ...this.moneyUpdates(handover, 0, 1),
      auditEntryPut(this.auditTableName, audit),
      campaignOpenCheck(this.ledgerTableName, handover.campaignId),
    ]);
    if (outcome.committed) return { ...handover, verifiedAt: change.at, verifiedBy: change.by };
    const stored = outcome.reasons[0];
    if (stored?.conditionFailed) {
      if (!stored.item) throw new NotFoundError('Handover', handover.id);
      const current = toHandover(stored.item);
      if (current.state === 'voided') throw new HandoverVoidedError(handover.id);
      if (current.recordedBy === change.by) throw new FourEyesError();
      // Verified already (by a concurrent request, which counted it): nothing more to do.
      if (current.verifiedAt !== undefined) return current;
    }
    throwIfClosed(outcome.reasons, handover.campaignId);
    throw outcome.error;
  }

  async unverify(
    handover: Handover,
    // Who, when and why are the audit entry's: the handover keeps no trace of a verification withdrawn.
    _change: { reason: string; by: string; at: string },
    audit: AuditEntry,
  ): Promise<Handover> {
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.handoversTableName,
          Key: keys.handover(handover.campaignId, handover.id),
          UpdateExpression: 'REMOVE verifiedAt, verifiedBy',
          ConditionExpression: '#state = :recorded AND attribute_exists(verifiedAt)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':recorded': 'recorded' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...this.verifiedCounterUpdates(handover, -1),
      ...this.moneyUpdates(handover, 0, -1),
      auditEntryPut(this.auditTableName, audit),
      campaignOpenCheck(this.ledgerTableName, handover.campaignId),
    ]);
    if (outcome.committed) {
      const { verifiedAt: _at, verifiedBy: _by, ...unverified } = handover;
      return unverified;
    }
    const stored = outcome.reasons[0];
    if (stored?.conditionFailed) {
      if (!stored.item) throw new NotFoundError('Handover', handover.id);
      const current = toHandover(stored.item);
      if (current.state === 'voided') throw new HandoverVoidedError(handover.id);
      // Not verified (unverified by a concurrent request, which counted it): nothing more to do.
      if (current.verifiedAt === undefined) return current;
    }
    throwIfClosed(outcome.reasons, handover.campaignId);
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

  private pledgeCounterUpdate(campaignId: string, pledgeId: string, delta: 1 | -1, verifiedDelta: Delta = 0) {
    return {
      Update: {
        TableName: this.ledgerTableName,
        Key: keys.pledge(campaignId, pledgeId),
        UpdateExpression: `ADD delivered :delta${verifiedDelta ? ', verified :verifiedDelta' : ''}`,
        ExpressionAttributeValues: {
          ':delta': delta,
          ...(verifiedDelta ? { ':verifiedDelta': verifiedDelta } : {}),
        } as Record<string, unknown>,
      },
    };
  }

  /**
   * Verifying moves only the `verified` counters, of the pledge the handover credited (if any), its category
   * and its ward; `delivered` stays, so verified ≤ delivered on every counter at every commit.
   */
  private verifiedCounterUpdates(handover: Handover, delta: 1 | -1): TransactItem[] {
    const values = { ':delta': delta, ':category': handover.category };
    return [
      ...(handover.pledgeId
        ? [
            {
              Update: {
                TableName: this.ledgerTableName,
                Key: keys.pledge(handover.campaignId, handover.pledgeId),
                UpdateExpression: 'ADD verified :delta',
                ExpressionAttributeValues: { ':delta': delta },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.categoryTotal(handover.campaignId, handover.category),
          UpdateExpression:
            'ADD verified :delta SET #type = :type, category = :category, ' +
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
          UpdateExpression: 'ADD verified :delta SET #type = :type, category = :category, ward = :ward',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ...values, ':type': keys.types.wardTotal, ':ward': handover.ward },
        },
      },
    ];
  }

  /**
   * The category and ward totals count every handover, with a pledge or without; `verifiedDelta` takes a
   * verified handover out of the verified counts in the same update (a void).
   */
  private counterUpdates(handover: Handover, delta: 1 | -1, verifiedDelta: Delta = 0): TransactItem[] {
    const add = `ADD delivered :delta${verifiedDelta ? ', verified :verifiedDelta' : ''}`;
    const values = {
      ':delta': delta,
      ':category': handover.category,
      ...(verifiedDelta ? { ':verifiedDelta': verifiedDelta } : {}),
    };
    return [
      {
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.categoryTotal(handover.campaignId, handover.category),
          // The last handover's ids ride on the total so the ledger stream can announce it.
          UpdateExpression:
            `${add} SET #type = :type, category = :category, ` +
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
          UpdateExpression: `${add} SET #type = :type, category = :category, ward = :ward`,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ...values, ':type': keys.types.wardTotal, ':ward': handover.ward },
        },
      },
    ];
  }

  /**
   * The money counters (#15) move with the counts: one house's value and funding split on its category and
   * organization's item, its cash on each source's item. `delta` moves the recorded sums, `verifiedDelta` the
   * verified ones; a co-funded house is one contribution, to the organization that recorded it.
   */
  private moneyUpdates(handover: Handover, delta: Delta, verifiedDelta: Delta = 0): TransactItem[] {
    const { sums, sources } = moneyContribution(handover);
    const adds: string[] = [];
    // Every name through a placeholder: some (`valued`) are DynamoDB reserved words.
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const add = (name: string, amount: number) => {
      adds.push(`#${name} :${name}`);
      names[`#${name}`] = name;
      values[`:${name}`] = amount;
    };
    for (const field of moneySumFields) {
      if (delta) add(field, sums[field] * delta);
      if (verifiedDelta) add(verifiedMoneyField(field), sums[field] * verifiedDelta);
    }
    if (adds.length === 0) return [];
    return [
      {
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.moneyTotal(handover.campaignId, handover.category, handover.organizationId),
          UpdateExpression: `ADD ${adds.join(', ')} SET #type = :type, category = :category, organizationId = :organizationId`,
          ExpressionAttributeNames: { ...names, '#type': 'type' },
          ExpressionAttributeValues: {
            ...values,
            ':type': keys.types.moneyTotal,
            ':category': handover.category,
            ':organizationId': handover.organizationId,
          },
        },
      },
      ...sources.map(({ key, source, amountVnd }) => ({
        Update: {
          TableName: this.ledgerTableName,
          Key: keys.cashSource(handover.campaignId, key),
          UpdateExpression: `ADD ${[delta ? 'amountVnd :amount' : '', verifiedDelta ? 'verifiedAmountVnd :verifiedAmount' : ''].filter(Boolean).join(', ')} SET #type = :type, #source = if_not_exists(#source, :source)`,
          ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
          ExpressionAttributeValues: {
            ...(delta ? { ':amount': amountVnd * delta } : {}),
            ...(verifiedDelta ? { ':verifiedAmount': amountVnd * verifiedDelta } : {}),
            ':type': keys.types.cashSource,
            ':source': source,
          },
        },
      })),
    ];
  }
}

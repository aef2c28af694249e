// Driven adapter: the ledger table (organizations, campaigns, pledges and counters) in DynamoDB.
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AuditEntry, OrganizationAuditEntry } from '../domain/audit';
import type { Category } from '../domain/categories';
import { ConflictError, NotFoundError } from '../domain/errors';
import type {
  Campaign,
  CampaignSnapshot,
  CampaignSummary,
  Organization,
  Page,
  Pledge,
} from '../domain/model';
import { type MoneySums, moneySumFields, verifiedMoneyField } from '../domain/money';
import type { HandoverContext, LedgerRepository, PledgeChange, PledgeWrite } from '../ports';
import { withRetries } from '../retry';
import { keys } from '../tables';
import { auditEntryPut } from './dynamo-audit';
import { campaignOpenCheck, throwIfClosed } from './dynamo-campaign-open';
import { queryPage } from './dynamo-support';
import { type TransactItem, transactWrite } from './dynamo-transaction';
import { HandoverContextCache } from './handover-context-cache';
import { campaignItem, organizationItem, pledgeItem, toCampaign, toOrganization, toPledge } from './items';

export class DynamoLedger implements LedgerRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  /** Absent for functions that only read. */
  private readonly auditTableName: string | undefined;

  private readonly contextCache: HandoverContextCache;

  /** `handoverContextTtlMs` 0 (the default) reads the handover context every time. */
  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    auditTableName?: string;
    handoverContextTtlMs?: number;
  }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.auditTableName = options.auditTableName;
    this.contextCache = new HandoverContextCache(options.handoverContextTtlMs ?? 0);
  }

  async createOrganization(organization: Organization): Promise<void> {
    await this.putNew(organizationItem(organization), `Organization ${organization.id} already exists`);
  }

  async listOrganizations(cursor: string | undefined, limit: number): Promise<Page<Organization>> {
    return this.pageOf(keys.organizationsPartition, keys.organizationPrefix, cursor, limit, toOrganization);
  }

  async getOrganization(id: string): Promise<Organization | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.organization(id) }),
    );
    return Item ? toOrganization(Item) : undefined;
  }

  async createCampaign(campaign: Campaign, audit: AuditEntry): Promise<void> {
    const { id, name, startsOn, endsOn } = campaign;
    const outcome = await transactWrite(this.client, [
      {
        Put: {
          TableName: this.tableName,
          Item: campaignItem(campaign),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.campaignEntry(id), type: keys.types.campaignEntry, id, name, startsOn, endsOn },
        },
      },
      auditEntryPut(this.auditTableName, audit),
    ]);
    if (outcome.committed) return;
    if (outcome.reasons[0]?.conditionFailed) throw new ConflictError(`Campaign ${id} already exists`);
    throw outcome.error;
  }

  async updateCampaign(before: Campaign, after: Campaign, audit: AuditEntry): Promise<void> {
    const { id, name, startsOn, endsOn, wards } = after;
    const outcome = await transactWrite(this.client, [
      {
        // On condition nobody changed it since it was read: the checks against handovers were made on `before`.
        Update: {
          TableName: this.tableName,
          Key: keys.campaign(id),
          UpdateExpression: 'SET #name = :name, startsOn = :startsOn, endsOn = :endsOn, wards = :wards',
          ConditionExpression:
            '#name = :beforeName AND startsOn = :beforeStartsOn AND endsOn = :beforeEndsOn AND wards = :beforeWards',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': name,
            ':startsOn': startsOn,
            ':endsOn': endsOn,
            ':wards': wards,
            ':beforeName': before.name,
            ':beforeStartsOn': before.startsOn,
            ':beforeEndsOn': before.endsOn,
            ':beforeWards': before.wards,
          },
        },
      },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.campaignEntry(id), type: keys.types.campaignEntry, id, name, startsOn, endsOn },
        },
      },
      auditEntryPut(this.auditTableName, audit),
    ]);
    if (outcome.committed) return;
    if (outcome.reasons[0]?.conditionFailed) {
      throw new ConflictError(`Campaign ${id} was changed meanwhile: read it again and retry`);
    }
    throw outcome.error;
  }

  async renameOrganization(id: string, name: string, audit: OrganizationAuditEntry): Promise<Organization> {
    if (!this.auditTableName)
      throw new Error('This function was not given the audit table, so it cannot change data');
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.organization(id),
          UpdateExpression: 'SET #name = :name',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: { ':name': name },
        },
      },
      {
        Put: {
          TableName: this.auditTableName,
          Item: { ...keys.organizationAuditEntry(audit.at, audit.id), type: keys.types.auditEntry, ...audit },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ]);
    if (!outcome.committed) {
      if (outcome.reasons[0]?.conditionFailed) throw new NotFoundError('Organization', id);
      throw outcome.error;
    }
    const renamed = await this.getOrganization(id);
    if (!renamed) throw new NotFoundError('Organization', id);
    return renamed;
  }

  async listCampaigns(cursor: string | undefined, limit: number): Promise<Page<CampaignSummary>> {
    return this.pageOf(keys.campaignsPartition, keys.campaignEntryPrefix, cursor, limit, (item) => ({
      id: String(item.id),
      name: String(item.name),
      startsOn: String(item.startsOn),
      endsOn: String(item.endsOn),
    }));
  }

  async getCampaign(id: string): Promise<Campaign | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.campaign(id) }),
    );
    return Item ? toCampaign(Item) : undefined;
  }

  async closeCampaign(
    campaign: Campaign,
    change: { by: string; at: string },
    audit: AuditEntry,
  ): Promise<Campaign> {
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.campaign(campaign.id),
          UpdateExpression: 'SET closedAt = :at, closedBy = :by',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(closedAt)',
          ExpressionAttributeValues: { ':at': change.at, ':by': change.by },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      auditEntryPut(this.auditTableName, audit),
    ]);
    if (outcome.committed) return { ...campaign, closedAt: change.at, closedBy: change.by };
    const stored = outcome.reasons[0];
    // Closed already (by a concurrent request, which wrote the one audit entry): nothing more to do.
    if (stored?.conditionFailed && stored.item?.closedAt !== undefined) return toCampaign(stored.item);
    throw outcome.error;
  }

  async registerPledge(
    pledge: Pledge,
    audit: AuditEntry,
    limits: { maxWithdrawn?: number } = {},
  ): Promise<void> {
    const guard = keys.activePledge(pledge.campaignId, pledge.organizationId, pledge.category);
    const outcome = await transactWrite(this.client, [
      {
        Put: {
          TableName: this.tableName,
          Item: pledgeItem(pledge),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        // The guard item decides "one active pledge per organization and category" atomically.
        Put: {
          TableName: this.tableName,
          Item: { ...guard, type: keys.types.activePledge, pledgeId: pledge.id },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      auditEntryPut(this.auditTableName, audit),
      ...(limits.maxWithdrawn === undefined
        ? []
        : [
            {
              // Checked in the same transaction: no cycle can slip in between a read and the write.
              ConditionCheck: {
                TableName: this.tableName,
                Key: keys.withdrawnPledges(pledge.campaignId, pledge.organizationId, pledge.category),
                ConditionExpression: 'attribute_not_exists(withdrawn) OR withdrawn < :max',
                ExpressionAttributeValues: { ':max': limits.maxWithdrawn },
              },
            },
          ]),
      campaignOpenCheck(this.tableName, pledge.campaignId),
    ]);
    if (outcome.committed) return;
    throwIfClosed(outcome.reasons, pledge.campaignId);
    const existing = outcome.reasons[1];
    if (existing?.conditionFailed) {
      throw new ConflictError(
        `${pledge.organizationId} already has an active ${pledge.category} pledge (${String(existing.item?.pledgeId)}): revise it instead`,
      );
    }
    if (outcome.reasons[3]?.conditionFailed) {
      throw new ConflictError(
        `${pledge.organizationId} has withdrawn ${limits.maxWithdrawn} ${pledge.category} pledges in this ` +
          'campaign already: ask the front committee to register it',
      );
    }
    throw outcome.error;
  }

  async getPledge(campaignId: string, pledgeId: string): Promise<Pledge | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.pledge(campaignId, pledgeId),
        ConsistentRead: true,
      }),
    );
    return Item ? toPledge(Item) : undefined;
  }

  async revisePledgeTarget(
    before: Pledge,
    change: PledgeChange & { target: number },
    audit: AuditEntry,
  ): Promise<PledgeWrite> {
    return this.writePledgeChange(before, change.at, audit, {
      UpdateExpression: 'SET target = :target, updatedAt = :at, lastChange = :change',
      ExpressionAttributeValues: {
        ':target': change.target,
        ':change': { kind: 'revised', reason: change.reason, by: change.by, at: change.at },
      },
    });
  }

  async withdrawPledge(before: Pledge, change: PledgeChange, audit: AuditEntry): Promise<PledgeWrite> {
    return this.writePledgeChange(
      before,
      change.at,
      audit,
      {
        UpdateExpression: 'SET #state = :withdrawn, updatedAt = :at, lastChange = :change',
        ExpressionAttributeValues: {
          ':withdrawn': 'withdrawn',
          ':change': { kind: 'withdrawn', reason: change.reason, by: change.by, at: change.at },
        },
      },
      // The guard goes with the pledge, so the organization may register a new one.
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.activePledge(before.campaignId, before.organizationId, before.category),
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: keys.withdrawnPledges(before.campaignId, before.organizationId, before.category),
          UpdateExpression: 'ADD withdrawn :one SET #type = :type',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':type': keys.types.withdrawnPledges },
        },
      },
    );
  }

  /**
   * The change and its audit entry in one transaction, on condition the pledge is still as read
   * (`updatedAt` moves with every change; handovers move only `delivered`), so the entry's "from" is true.
   * The item as stored comes back with a failed condition (ALL_OLD), so no second read is needed.
   */
  private async writePledgeChange(
    before: Pledge,
    at: string,
    audit: AuditEntry,
    update: { UpdateExpression: string; ExpressionAttributeValues: Record<string, unknown> },
    ...more: TransactItem[]
  ): Promise<PledgeWrite> {
    const outcome = await transactWrite(this.client, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.pledge(before.campaignId, before.id),
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: '#state = :active AND updatedAt = :seen',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':at': at,
            ':active': 'active',
            ':seen': before.updatedAt,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      ...more,
      auditEntryPut(this.auditTableName, audit),
      campaignOpenCheck(this.tableName, before.campaignId),
    ]);
    if (outcome.committed) return { written: true };
    throwIfClosed(outcome.reasons, before.campaignId);
    const pledge = outcome.reasons[0];
    if (pledge?.conditionFailed) {
      return { written: false, current: pledge.item ? toPledge(pledge.item) : undefined };
    }
    throw outcome.error;
  }

  async listPledges(campaignId: string, cursor: string | undefined, limit: number): Promise<Page<Pledge>> {
    return this.pageOf(keys.campaignPartition(campaignId), keys.pledgePrefix, cursor, limit, toPledge);
  }

  async loadHandoverContext(
    campaignId: string,
    organizationIds: string[],
    credit: { organizationId: string; category: Category },
    options: { fresh?: boolean } = {},
  ): Promise<HandoverContext> {
    return this.contextCache.get(
      { campaignId, organizationIds, credit },
      () => this.readHandoverContext(campaignId, organizationIds, credit),
      { fresh: options.fresh ?? false },
    );
  }

  private async readHandoverContext(
    campaignId: string,
    organizationIds: string[],
    credit: { organizationId: string; category: Category },
  ): Promise<HandoverContext> {
    const wanted = [
      keys.campaign(campaignId),
      keys.activePledge(campaignId, credit.organizationId, credit.category),
      ...[...new Set(organizationIds)].map((id) => keys.organization(id)),
    ];
    const items = await this.batchGet(wanted);
    const context: HandoverContext = { organizations: new Map() };
    for (const item of items) {
      if (item.type === keys.types.campaign) context.campaign = toCampaign(item);
      else if (item.type === keys.types.activePledge) context.activePledgeId = String(item.pledgeId);
      else if (item.type === keys.types.organization) {
        const organization = toOrganization(item);
        context.organizations.set(organization.id, organization);
      }
    }
    return context;
  }

  async loadSnapshot(campaignId: string): Promise<CampaignSnapshot | undefined> {
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      // Eventually consistent on purpose: half the read cost, and aggregates a second old are fine.
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.campaignPartition(campaignId) },
          ExclusiveStartKey: startKey,
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const campaignRecord = items.find((item) => item.type === keys.types.campaign);
    if (!campaignRecord) return undefined;
    const snapshot: CampaignSnapshot = {
      campaign: toCampaign(campaignRecord),
      pledges: [],
      categoryTotals: [],
      wardTotals: [],
      money: { counters: [], sources: [] },
    };
    const money = snapshot.money as NonNullable<CampaignSnapshot['money']>;
    for (const item of items) {
      if (item.type === keys.types.pledge) snapshot.pledges.push(toPledge(item));
      else if (item.type === keys.types.categoryTotal) {
        snapshot.categoryTotals.push({
          category: item.category as Category,
          delivered: Number(item.delivered ?? 0),
          verified: Number(item.verified ?? 0),
        });
      } else if (item.type === keys.types.wardTotal) {
        snapshot.wardTotals.push({
          ward: String(item.ward),
          category: item.category as Category,
          delivered: Number(item.delivered ?? 0),
          verified: Number(item.verified ?? 0),
        });
      } else if (item.type === keys.types.moneyTotal) {
        const sums = (verified: boolean) =>
          Object.fromEntries(
            moneySumFields.map((field) => [
              field,
              Number(item[verified ? verifiedMoneyField(field) : field] ?? 0),
            ]),
          ) as unknown as MoneySums;
        money.counters.push({
          category: item.category as Category,
          organizationId: String(item.organizationId),
          recorded: sums(false),
          verified: sums(true),
        });
      } else if (item.type === keys.types.cashSource) {
        money.sources.push({
          key: String(item.sk).slice('CASH#'.length),
          source: String(item.source),
          recordedVnd: Number(item.amountVnd ?? 0),
          verifiedVnd: Number(item.verifiedAmountVnd ?? 0),
        });
      }
    }
    return snapshot;
  }

  private async putNew(item: Record<string, unknown>, conflictMessage: string): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnConsumedCapacity: 'TOTAL',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError(conflictMessage);
      throw error;
    }
  }

  private async pageOf<T>(
    partition: string,
    prefix: string,
    cursor: string | undefined,
    limit: number,
    map: (item: Record<string, unknown>) => T,
  ): Promise<Page<T>> {
    const page = await queryPage(
      this.client,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
      },
      cursor,
      limit,
    );
    return { ...page, items: page.items.map(map) };
  }

  private async batchGet(wanted: Record<string, string>[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] = wanted;
    await withRetries(
      async () => {
        const result: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            ReturnConsumedCapacity: 'TOTAL',
          }),
        );
        found.push(...(result.Responses?.[this.tableName] ?? []));
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (pending.length > 0) throw new UnprocessedKeysError(pending.length);
      },
      (error) => error instanceof UnprocessedKeysError,
    );
    return found;
  }
}

/** BatchGetItem answered without some keys (throttled or too large): only those are asked for again. */
class UnprocessedKeysError extends Error {
  constructor(count: number) {
    super(`BatchGetItem left keys unprocessed: ${count}`);
    this.name = 'UnprocessedKeysError';
  }
}

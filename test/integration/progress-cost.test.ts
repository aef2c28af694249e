// What progress costs: one Query of the campaign's partition, the same at 10 and at 1,000 handovers.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { localAwsSettings } from '../../infra/local/dynamodb-local';
import { DynamoHandovers } from '../../shared/adapters/dynamo-handovers';
import { DynamoLedger } from '../../shared/adapters/dynamo-ledger';
import { recordHandover } from '../../shared/use-cases/handovers';
import { getProgress } from '../../shared/use-cases/progress';
import { campaignBody, handoverBody, organizationBody, wards } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi } from '../support/api';
import { freshTables, type TestTables } from '../support/dynamo';

interface Capacity {
  command: string;
  units: number;
}

/** A client that notes the ConsumedCapacity of every call, as AWS's console would show it. */
function meteredClient(tables: TestTables, seen: Capacity[]) {
  const client = new DynamoDBClient({ endpoint: tables.endpoint, ...localAwsSettings });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const output = result.output as {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      const consumed = [output.ConsumedCapacity ?? []].flat();
      seen.push({
        command: context.commandName ?? '?',
        units: consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0),
      });
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

let tables: TestTables;
let api: Api;
let campaignId: string;
let organizationId: string;

beforeAll(async () => {
  tables = await freshTables();
  api = handlerApi(tables.deps());
  const campaign = campaignBody();
  const organization = organizationBody();
  campaignId = campaign.id;
  organizationId = organization.id;
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  await api('CreateOrganization', { body: organization, as: frontCommittee });
  await api('RegisterPledge', {
    pathParameters: { campaignId },
    body: { organizationId, category: 'great-unity-house', target: 15 },
    as: frontCommittee,
  });
});

async function recordMany(from: number, to: number, seen: Capacity[]) {
  const client = meteredClient(tables, seen);
  const deps = {
    ledger: new DynamoLedger({ client, tableName: tables.ledgerTableName }),
    handovers: new DynamoHandovers({
      client,
      ledgerTableName: tables.ledgerTableName,
      handoversTableName: tables.handoversTableName,
      auditTableName: tables.auditTableName,
    }),
    clock: { now: () => new Date() },
  };
  const caller = { sub: 'cost-test', roles: ['front-committee' as const] };
  const indexes = Array.from({ length: to - from }, (_, i) => from + i);
  // 16 at a time, like a busy day at the front committee.
  for (let i = 0; i < indexes.length; i += 16) {
    await Promise.all(
      indexes.slice(i, i + 16).map((n) =>
        recordHandover(deps, {
          campaignId,
          idempotencyKey: `cost-test-${n}`,
          input: handoverBody(organizationId, { ward: wards[n % wards.length] }),
          caller,
        }),
      ),
    );
  }
}

async function progressCost(): Promise<Capacity[]> {
  const seen: Capacity[] = [];
  const client = meteredClient(tables, seen);
  await getProgress(
    {
      ledger: new DynamoLedger({ client, tableName: tables.ledgerTableName }),
      clock: { now: () => new Date() },
    },
    campaignId,
  );
  return seen;
}

describe('the cost of progress and of a handover', () => {
  it('reads progress with one Query whose consumed capacity does not grow with handovers', async () => {
    const writes: Capacity[] = [];
    await recordMany(0, 10, writes);
    const atTen = await progressCost();

    await recordMany(10, 1000, writes);
    const atThousand = await progressCost();

    expect(atTen).toEqual([{ command: 'QueryCommand', units: expect.any(Number) }]);
    expect(atThousand).toEqual(atTen);
    const progress = await api('GetProgress', { pathParameters: { campaignId } });
    expect(progress.body.totals[0]).toMatchObject({ pledged: 15, delivered: 1000, surplus: 985 });
    // Each handover: one BatchGet (campaign, organization, active pledge) and one five-item transaction
    // (handover, pledge counter, category and ward totals, audit entry).
    expect(writes.filter((w) => w.command === 'TransactWriteItemsCommand')).toHaveLength(1000);
    expect(writes.filter((w) => w.command === 'BatchGetItemCommand')).toHaveLength(1000);
    console.info(
      `progress read: ${atTen[0]?.units} RCU at 10 and ${atThousand[0]?.units} RCU at 1,000 handovers; ` +
        `a handover transaction as DynamoDB Local reports it: ${writes.find((w) => w.command === 'TransactWriteItemsCommand')?.units} WCU`,
    );
  });

  it('pages through 1,000 handovers a hundred at a time', async () => {
    const seen = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api('ListHandovers', {
        pathParameters: { campaignId },
        ...(cursor ? { query: { cursor } } : {}),
        as: frontCommittee,
      });
      expect(page.status).toBe(200);
      for (const item of page.body.items) seen.add(item.id);
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor);

    expect(seen.size).toBe(1000);
    expect(pages).toBe(10);
  });

  it('filters a ward across pages without losing or repeating one', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api('ListHandovers', {
        pathParameters: { campaignId },
        query: { ward: 'Cự Khối', ...(cursor ? { cursor } : {}) },
        as: frontCommittee,
      });
      ids.push(...page.body.items.map((h: { id: string; ward: string }) => h.id));
      expect(page.body.items.every((h: { ward: string }) => h.ward === 'Cự Khối')).toBe(true);
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
  });
});

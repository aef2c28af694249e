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

beforeAll(async () => {
  tables = await freshTables();
  api = handlerApi(tables.deps());
});

/** A fresh campaign, organization and pledge of 15 great-unity houses: each test reads only its own. */
async function campaignWithPledge(): Promise<{ campaignId: string; organizationId: string }> {
  const campaign = campaignBody();
  const organization = organizationBody();
  await api('CreateCampaign', { body: campaign, as: frontCommittee });
  await api('CreateOrganization', { body: organization, as: frontCommittee });
  await api('RegisterPledge', {
    pathParameters: { campaignId: campaign.id },
    body: { organizationId: organization.id, category: 'great-unity-house', target: 15 },
    as: frontCommittee,
  });
  return { campaignId: campaign.id, organizationId: organization.id };
}

type Seeded = Awaited<ReturnType<typeof campaignWithPledge>>;

/** Records handovers `from`..`to - 1` through the use case, wards in turn; returns what was recorded. */
async function recordMany(
  { campaignId, organizationId }: Seeded,
  from: number,
  to: number,
  seen: Capacity[] = [],
): Promise<{ id: string; ward: string }[]> {
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
  const recorded: { id: string; ward: string }[] = [];
  // 16 at a time, like a busy day at the front committee.
  for (let i = 0; i < indexes.length; i += 16) {
    const outcomes = await Promise.all(
      indexes.slice(i, i + 16).map((n) =>
        recordHandover(deps, {
          campaignId,
          idempotencyKey: `cost-test-${n}`,
          input: handoverBody(organizationId, { ward: wards[n % wards.length] }),
          caller,
        }),
      ),
    );
    recorded.push(...outcomes.map(({ view }) => ({ id: view.id, ward: view.ward })));
  }
  return recorded;
}

async function progressCost(campaignId: string): Promise<Capacity[]> {
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

/** Every page of ListHandovers for the campaign, the cursor of each fed to the next. */
async function listAll(campaignId: string, query: Record<string, string> = {}) {
  const pages: { id: string; ward: string }[][] = [];
  let cursor: string | undefined;
  do {
    const parameters = { ...query, ...(cursor ? { cursor } : {}) };
    // As API Gateway: no queryStringParameters at all when the URL has none.
    const page = await api('ListHandovers', {
      pathParameters: { campaignId },
      ...(Object.keys(parameters).length > 0 ? { query: parameters } : {}),
      as: frontCommittee,
    });
    expect(page.status).toBe(200);
    pages.push(page.body.items.map((h: { id: string; ward: string }) => ({ id: h.id, ward: h.ward })));
    cursor = page.body.nextCursor;
  } while (cursor);
  return pages;
}

describe('the cost of progress and of a handover', () => {
  it('reads progress with one Query whose consumed capacity does not grow with handovers', async () => {
    const seeded = await campaignWithPledge();
    const writes: Capacity[] = [];
    await recordMany(seeded, 0, 10, writes);
    const atTen = await progressCost(seeded.campaignId);

    await recordMany(seeded, 10, 1000, writes);
    const atThousand = await progressCost(seeded.campaignId);

    expect(atTen).toEqual([{ command: 'QueryCommand', units: expect.any(Number) }]);
    expect(atThousand).toEqual(atTen);
    const progress = await api('GetProgress', { pathParameters: { campaignId: seeded.campaignId } });
    expect(progress.body.totals[0]).toMatchObject({ pledged: 15, delivered: 1000, surplus: 985 });
    // Each handover: one BatchGet (campaign, organization, active pledge) and one five-item transaction
    // (handover, pledge counter, category and ward totals, audit entry).
    expect(writes.filter((w) => w.command === 'TransactWriteItemsCommand')).toHaveLength(1000);
    expect(writes.filter((w) => w.command === 'BatchGetItemCommand')).toHaveLength(1000);
  });
});

describe('listing 1,000 handovers', () => {
  let seeded: Seeded;
  let recorded: { id: string; ward: string }[];

  // Both tests only read: they share one campaign of their own, seeded here.
  beforeAll(async () => {
    seeded = await campaignWithPledge();
    recorded = await recordMany(seeded, 0, 1000);
  });

  it('pages through 1,000 handovers a hundred at a time', async () => {
    const pages = await listAll(seeded.campaignId);

    expect(pages.map((page) => page.length)).toEqual(Array(10).fill(100));
    expect(new Set(pages.flat().map((h) => h.id))).toEqual(new Set(recorded.map((h) => h.id)));
  });

  it('filters a ward across pages without losing or repeating one', async () => {
    const ids = (await listAll(seeded.campaignId, { ward: 'Cự Khối' })).flat().map((h) => h.id);

    const inWard = recorded.filter((h) => h.ward === 'Cự Khối').map((h) => h.id);
    expect(inWard).toHaveLength(250);
    expect(ids.toSorted()).toEqual(inWard.toSorted());
  });
});

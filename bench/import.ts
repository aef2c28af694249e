// Import throughput (#13): rows committed through the batch route against the same recording transactions
// sent straight to DynamoDB Local, the same number in flight on both sides; counts checked exact.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { localAwsSettings } from '../infra/local/dynamodb-local';
import { DynamoHandovers } from '../shared/adapters/dynamo-handovers';
import { handoverRecorded } from '../shared/domain/audit';
import { householdKey } from '../shared/domain/household';
import { fingerprint, handoverIdFor } from '../shared/domain/identity';
import type { Handover } from '../shared/domain/model';
import { auditTable, handoversTable, ledgerTable } from '../shared/tables';
import { batchConcurrency, maxBatchItems } from '../shared/use-cases/handover-import';

export interface ImportFigure {
  rows: number;
  inFlight: number;
  batchPerSecond: number;
  rawPerSecond: number;
  ratio: number;
  countsExact: boolean;
  failed: number;
}

async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/**
 * `inFlight` recording transactions at once on both sides: the batch route runs `batchConcurrency` items of each
 * request at once, so ours sends inFlight / batchConcurrency requests of 100 rows at a time.
 */
export async function measureImport(options: {
  base: string;
  dynamoEndpoint: string;
  staff: string;
  year: string;
  rows: number;
  inFlight: number;
}): Promise<ImportFigure> {
  const { base, staff, rows, inFlight } = options;
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status >= 300) throw new Error(`${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as { results: { status: string }[] };
  };
  const suffix = Date.now().toString(36);
  const wards = ['Bồ Đề', 'Gia Thụy'];
  const campaignOf = (side: string) => `bench-import-${side}-${suffix}`;
  for (const side of ['batch', 'raw']) {
    await call('/v1/campaigns', {
      id: campaignOf(side),
      name: 'Đo nhập sổ bàn giao',
      startsOn: `${options.year}-01-01`,
      endsOn: `${options.year}-12-31`,
      wards,
    });
  }
  const organizationId = 'bench-org-1';
  const today = new Date().toISOString().slice(0, 10);
  const body = (i: number) => ({
    organizationId,
    category: 'love-shelter' as const,
    ward: wards[i % 2] as string,
    handedOverOn: today,
    beneficiary: { name: `Hộ nhập số ${i}`, address: `Tổ ${i % 40}` },
  });
  const delivered = async (campaignId: string) => {
    const progress = (await (await fetch(`${base}/v1/campaigns/${campaignId}/progress`)).json()) as {
      totals: { category: string; delivered: number }[];
    };
    return progress.totals.find((t: { category: string }) => t.category === 'love-shelter')?.delivered ?? 0;
  };

  // Ours: the rows as the console sends them, 100 a request.
  const chunks: number[][] = [];
  for (let i = 0; i < rows; i += maxBatchItems) {
    chunks.push(Array.from({ length: Math.min(maxBatchItems, rows - i) }, (_, k) => i + k));
  }
  let failed = 0;
  const batchStarted = performance.now();
  await pool(chunks, Math.max(1, Math.round(inFlight / batchConcurrency)), async (chunk) => {
    const answer = await call(`/v1/campaigns/${campaignOf('batch')}/handovers/batch`, {
      items: chunk.map((i) => ({ idempotencyKey: `bench-import-${suffix}-${i}`, handover: body(i) })),
    });
    failed += (answer.results as { status: string }[]).filter((r) => r.status !== 'recorded').length;
  });
  const batchSeconds = (performance.now() - batchStarted) / 1000;

  // The floor: the adapter's own recording transaction for each row, sent straight, inFlight at a time.
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: options.dynamoEndpoint, ...localAwsSettings }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const adapter = new DynamoHandovers({
    client,
    ledgerTableName: ledgerTable.localName,
    handoversTableName: handoversTable.localName,
    auditTableName: auditTable.localName,
  });
  const campaignId = campaignOf('raw');
  const transactions = Array.from({ length: rows }, (_, i) => {
    const input = body(i);
    const handover: Handover = {
      id: handoverIdFor(campaignId, `bench-import-${suffix}-${i}`),
      campaignId,
      ...input,
      state: 'recorded',
      recordedAt: new Date().toISOString(),
      recordedBy: 'bench',
      requestFingerprint: fingerprint({ campaignId, ...input }),
      household: householdKey({ name: input.beneficiary.name, ward: input.ward, category: input.category }),
    };
    return adapter.recordTransaction(
      handover,
      handoverRecorded(handover, { sub: 'bench', roles: ['front-committee'] }),
    );
  });
  const rawStarted = performance.now();
  await pool(transactions, inFlight, async (items) => {
    await client.send(new TransactWriteCommand({ TransactItems: items, ReturnConsumedCapacity: 'TOTAL' }));
  });
  const rawSeconds = (performance.now() - rawStarted) / 1000;
  client.destroy();

  const [batchCount, rawCount] = [await delivered(campaignOf('batch')), await delivered(campaignId)];
  const batchPerSecond = rows / batchSeconds;
  const rawPerSecond = rows / rawSeconds;
  return {
    rows,
    inFlight,
    batchPerSecond: Math.round(batchPerSecond * 10) / 10,
    rawPerSecond: Math.round(rawPerSecond * 10) / 10,
    ratio: Math.round((batchPerSecond / rawPerSecond) * 100) / 100,
    countsExact: batchCount === rows && rawCount === rows && failed === 0,
    failed,
  };
}

// npm run bench [-- --quick]: what the system costs, each figure a ratio against a floor measured in the
// same run. Prints one table and writes bench/results.json.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import autocannon from 'autocannon';
import { localAwsSettings, startDynamoDbLocal } from '../infra/local/dynamodb-local';
import { issueToken, loadSigningKey } from '../infra/local/tokens';
import { DynamoHandovers, type TransactItem } from '../shared/adapters/dynamo-handovers';
import { DynamoLedger } from '../shared/adapters/dynamo-ledger';
import { handoverRecorded } from '../shared/domain/audit';
import { categoryCodes } from '../shared/domain/categories';
import { fingerprint, handoverIdFor } from '../shared/domain/identity';
import type { Handover } from '../shared/domain/model';
import { auditTable, handoversTable, keys, ledgerTable } from '../shared/tables';
import { type ColdStart, measureColdStarts } from './cold-start';
import { itemSize, transactionalWriteUnits } from './item-size';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const quick = process.argv.includes('--quick');
const requests = quick ? 200 : 2000;
const root = new URL('..', import.meta.url).pathname;
const wards = ['Bồ Đề', 'Cự Khối', 'Đức Giang', 'Gia Thụy', 'Giang Biên', 'Long Biên', 'Ngọc Lâm'];
const today = new Date().toISOString().slice(0, 10);
const year = today.slice(0, 4);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const median = (values: number[]) => percentile(values, 50);
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---- the runtime under test, in its own process ----

interface Served {
  url: string;
  dynamoEndpoint: string;
  pid: number;
  child: ChildProcess;
}

async function serve(dataDir: string): Promise<Served> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'bench/serve.ts'), dataDir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const first = out.split('\n').find((l) => l.startsWith('{'));
      if (first) resolve(first);
    });
    child.once('exit', (code) => reject(new Error(`bench/serve.ts exited with ${code}`)));
  });
  return { ...JSON.parse(line), child };
}

function stopServe(served: Served): Promise<void> {
  return new Promise((resolve) => {
    served.child.once('exit', () => resolve());
    served.child.kill('SIGTERM');
  });
}

function peakRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kb * 1024;
}

async function call(
  base: string,
  path: string,
  init: { method?: string; token?: string; body?: unknown; key?: string } = {},
) {
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.key ? { 'idempotency-key': init.key } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

// ---- load ----

interface Load {
  p50: number;
  p95: number;
  perSecond: number;
  ok: number;
  errors: number;
}

type NextBody = (i: number) => { body: string; headers?: Record<string, string> };

/** autocannon with a fresh body per request; latencies are kept per request for exact percentiles. */
async function load(options: autocannon.Options & { nextBody: NextBody }): Promise<Load> {
  const { nextBody, ...rest } = options;
  const latencies: number[] = [];
  const statuses = new Set<number>();
  let i = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        ...rest,
        requests: [
          {
            setupRequest: (request) => {
              const next = nextBody(i++);
              return { ...request, body: next.body, headers: { ...request.headers, ...next.headers } };
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime);
      if (status >= 300 && statuses.size < 3 && !statuses.has(status)) {
        statuses.add(status);
        log(`unexpected status ${status} from ${rest.url}`);
      }
    });
  });
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    perSecond: result.requests.total / (result.duration || 1),
    ok: result['2xx'],
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

function rawTransactionLoad(served: Served, transaction: (i: number) => TransactItem[]) {
  const amzDate = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  return (options: { connections: number; amount: number }) =>
    load({
      url: served.dynamoEndpoint,
      method: 'POST',
      connections: options.connections,
      amount: options.amount,
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.TransactWriteItems',
        'x-amz-date': amzDate,
        // DynamoDB Local wants the header's shape, not a valid signature.
        authorization: `AWS4-HMAC-SHA256 Credential=local/${amzDate.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00`,
      },
      nextBody: (i) => ({ body: JSON.stringify({ TransactItems: transaction(i).map(marshallItem) }) }),
    });
}

/** The document-client form of a transact item, marshalled as the SDK sends it on the wire. */
function marshallItem(item: TransactItem): unknown {
  const [[kind, spec]] = Object.entries(item) as unknown as [[string, Record<string, unknown>]];
  const out: Record<string, unknown> = { ...spec };
  for (const field of ['Item', 'Key', 'ExpressionAttributeValues']) {
    if (spec[field])
      out[field] = marshall(spec[field] as Record<string, unknown>, { removeUndefinedValues: true });
  }
  return { [kind]: out };
}

// ---- the figures ----

async function main() {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'pledge-bench-'));
  const key = await loadSigningKey(dataDir);
  const staff = await issueToken(key, { role: 'front-committee' });
  const leader = await issueToken(key, { role: 'leadership' });

  const startup = process.argv.includes('--skip-startup')
    ? { dynamoMs: 0, firstMs: 0, restartMs: 0, ratio: 0 }
    : await measureStartup();
  log(
    `start-up: npm start ${startup.restartMs} ms (first, with demo: ${startup.firstMs} ms), DynamoDB Local alone ${startup.dynamoMs} ms`,
  );

  const served = await serve(dataDir);
  const base = served.url;
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: served.dynamoEndpoint, ...localAwsSettings }),
  );
  const handovers = new DynamoHandovers({
    client: documentClient,
    ledgerTableName: ledgerTable.localName,
    handoversTableName: handoversTable.localName,
    auditTableName: auditTable.localName,
  });
  const campaignId = `bench-${year}`;
  const organizationId = 'bench-org-0';
  for (let n = 0; n < 10; n++) {
    await call(base, '/v1/organizations', {
      method: 'POST',
      token: staff,
      body: { id: `bench-org-${n}`, name: `Đơn vị ${n}`, kind: 'other' },
    });
  }
  for (const id of [campaignId, `bench-read-${year}`, `bench-notify-${year}`]) {
    await call(base, '/v1/campaigns', {
      method: 'POST',
      token: staff,
      body: { id, name: 'Đo hiệu năng', startsOn: `${year}-01-01`, endsOn: `${year}-12-31`, wards },
    });
  }
  const pledge = await call(base, `/v1/campaigns/${campaignId}/pledges`, {
    method: 'POST',
    token: staff,
    body: { organizationId, category: 'great-unity-house', target: 15 },
  });

  const handoverBody = (i: number) => ({
    organizationId,
    category: 'great-unity-house',
    ward: wards[i % wards.length],
    handedOverOn: today,
  });
  const rawHandover = (prefix: string, forCampaign: string, pledgeId: string | undefined) => (i: number) => {
    const body = handoverBody(i);
    const handover: Handover = {
      id: handoverIdFor(forCampaign, `${prefix}-${i}`),
      campaignId: forCampaign,
      organizationId: body.organizationId,
      category: 'great-unity-house',
      ward: body.ward as string,
      handedOverOn: body.handedOverOn,
      ...(pledgeId ? { pledgeId } : {}),
      state: 'recorded',
      recordedAt: new Date().toISOString(),
      recordedBy: 'bench',
      requestFingerprint: fingerprint({ forCampaign, ...body }),
    };
    return handovers.recordTransaction(
      handover,
      handoverRecorded(handover, { sub: 'bench', roles: ['front-committee'] }),
    );
  };
  const gatewayLoad =
    (run: string, forCampaign: string) => (options: { connections: number; amount: number }) =>
      load({
        url: `${base}/v1/campaigns/${forCampaign}/handovers`,
        method: 'POST',
        connections: options.connections,
        amount: options.amount,
        headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
        nextBody: (i) => ({
          body: JSON.stringify(handoverBody(i)),
          headers: { 'idempotency-key': `bench-${run}-${i}` },
        }),
      });

  // One request first, so a setup mistake fails loudly with its answer instead of as a fast error rate.
  await call(base, `/v1/campaigns/${campaignId}/handovers`, {
    method: 'POST',
    token: staff,
    body: handoverBody(0),
    key: 'first-request',
  });
  let expected = 1;

  // API overhead and throughput: the same transaction through the gateway and sent raw.
  const overhead: Record<string, { gateway: Load; raw: Load }> = {};
  for (const connections of [1, 16, 32]) {
    const gateway = await gatewayLoad(`c${connections}`, campaignId)({ connections, amount: requests });
    const raw = await rawTransactionLoad(
      served,
      rawHandover(`raw-c${connections}`, campaignId, pledge.id),
    )({
      connections,
      amount: requests,
    });
    expected += gateway.ok + raw.ok;
    overhead[connections] = { gateway, raw };
    log(
      `c=${connections}: gateway p50 ${gateway.p50} ms, raw p50 ${raw.p50} ms; ${round(gateway.perSecond)} vs ${round(raw.perSecond)} per second`,
    );
  }
  const peakRss = peakRssBytes(served.pid);
  const progress = await call(base, `/v1/campaigns/${campaignId}/progress`);
  const counted = progress.pledges[0].delivered as number;

  // Read cost at 10, 1,000 and 10,000 handovers.
  const readCampaign = `bench-read-${year}`;
  const readPledge = await call(base, `/v1/campaigns/${readCampaign}/pledges`, {
    method: 'POST',
    token: staff,
    body: { organizationId, category: 'great-unity-house', target: 15 },
  });
  await gatewayLoad('read', readCampaign)({ connections: 1, amount: 10 });
  const readCost: Record<string, number> = { 10: await progressReadUnits(served, readCampaign) };
  const rawRead = rawTransactionLoad(served, rawHandover('read-raw', readCampaign, readPledge.id));
  await rawRead({ connections: 16, amount: 990 });
  readCost[1000] = await progressReadUnits(served, readCampaign);
  if (!quick) {
    await rawTransactionLoad(served, (i) => rawHandover('read-raw', readCampaign, readPledge.id)(i + 990))({
      connections: 32,
      amount: 9000,
    });
    readCost[10000] = await progressReadUnits(served, readCampaign);
  }
  log(`read cost: ${JSON.stringify(readCost)}`);

  // Write cost of one handover in AWS's terms, from the items as stored.
  const sample = await call(base, `/v1/campaigns/${campaignId}/handovers`, {
    method: 'POST',
    token: staff,
    body: handoverBody(0),
    key: 'write-cost-sample',
  });
  const stored = await Promise.all(
    [
      [handoversTable.localName, keys.handover(campaignId, sample.id)],
      [ledgerTable.localName, keys.pledge(campaignId, pledge.id)],
      [ledgerTable.localName, keys.categoryTotal(campaignId, 'great-unity-house')],
      [ledgerTable.localName, keys.wardTotal(campaignId, wards[0] as string, 'great-unity-house')],
    ].map(async ([table, itemKey]) => {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName: table as string, Key: itemKey as Record<string, string> }),
      );
      return itemSize(Item ?? {});
    }),
  );
  const writeUnits = transactionalWriteUnits(stored);

  // Notification latency: 50 pledges of target 1, each crossed by its second handover.
  const latency = await notificationLatency(base, `bench-notify-${year}`, staff, leader, quick ? 10 : 50);
  log(`notification latency p50 ${latency.p50} ms, p95 ${latency.p95} ms`);

  await stopServe(served);

  const cold = await measureColdStarts({
    workDir: join(dataDir, 'cold-start'),
    runs: quick ? 1 : 5,
    env: {
      ...process.env,
      LEDGER_TABLE_NAME: 'bench',
      HANDOVERS_TABLE_NAME: 'bench',
      EVENT_BUS_NAME: 'bench',
      LEADERSHIP_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench',
      AWS_REGION: 'us-east-1',
    },
  });

  const results = {
    when: new Date().toISOString(),
    quick,
    requestsPerRun: requests,
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    apiOverhead: Object.fromEntries(
      [1, 16].map((c) => {
        const o = overhead[c] as { gateway: Load; raw: Load };
        return [
          `c${c}`,
          {
            gatewayP50: o.gateway.p50,
            gatewayP95: o.gateway.p95,
            rawP50: o.raw.p50,
            rawP95: o.raw.p95,
            p50Ratio: round(o.gateway.p50 / o.raw.p50),
            errors: o.gateway.errors + o.raw.errors,
          },
        ];
      }),
    ),
    throughput: {
      connections: 32,
      gatewayPerSecond: round(overhead[32]?.gateway.perSecond ?? 0),
      rawPerSecond: round(overhead[32]?.raw.perSecond ?? 0),
      ratio: round((overhead[32]?.gateway.perSecond ?? 0) / (overhead[32]?.raw.perSecond ?? 1)),
      errors: (overhead[32]?.gateway.errors ?? 0) + (overhead[32]?.raw.errors ?? 0),
      finalCountExact: counted === expected,
      counted,
      expected,
    },
    readCostRcu: readCost,
    writeCost: { itemBytes: stored, wcuPerHandover: writeUnits },
    coldStart: cold,
    notificationLatencyMs: latency,
    startup,
    peakRssBytes: peakRss,
    benchSeconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(join(root, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results, cold);
  rmSync(dataDir, { recursive: true, force: true });
}

async function progressReadUnits(served: Served, campaignId: string): Promise<number> {
  let units = 0;
  const client = new DynamoDBClient({ endpoint: served.dynamoEndpoint, ...localAwsSettings });
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      units +=
        (result.output as { ConsumedCapacity?: { CapacityUnits?: number } }).ConsumedCapacity
          ?.CapacityUnits ?? 0;
      return result;
    },
    { step: 'initialize', name: 'meter' },
  );
  const ledger = new DynamoLedger({
    client: DynamoDBDocumentClient.from(client),
    tableName: ledgerTable.localName,
  });
  await ledger.loadSnapshot(campaignId);
  return units;
}

async function notificationLatency(
  base: string,
  campaignId: string,
  staff: string,
  leader: string,
  count: number,
) {
  const pledges: { organizationId: string; category: string }[] = [];
  for (let i = 0; i < count; i++) {
    const pledge = {
      organizationId: `bench-org-${Math.floor(i / categoryCodes.length)}`,
      category: categoryCodes[i % categoryCodes.length] as string,
    };
    await call(base, `/v1/campaigns/${campaignId}/pledges`, {
      method: 'POST',
      token: staff,
      body: { ...pledge, target: 1 },
    });
    await call(base, `/v1/campaigns/${campaignId}/handovers`, {
      method: 'POST',
      token: staff,
      key: `notify-first-${i}`,
      body: { ...pledge, ward: wards[0], handedOverOn: today },
    });
    pledges.push(pledge);
  }
  const feedSize = async () =>
    (await call(base, `/v1/notifications?campaignId=${campaignId}`, { token: leader })).items
      .length as number;
  const samples: number[] = [];
  for (const [i, pledge] of pledges.entries()) {
    const before = await feedSize();
    await call(base, `/v1/campaigns/${campaignId}/handovers`, {
      method: 'POST',
      token: staff,
      key: `notify-second-${i}`,
      body: { ...pledge, ward: wards[1], handedOverOn: today },
    });
    const t0 = performance.now();
    const deadline = t0 + 30_000;
    while ((await feedSize()) <= before) {
      if (performance.now() > deadline) throw new Error('No notification within 30 s');
      await new Promise((r) => setTimeout(r, 5));
    }
    samples.push(performance.now() - t0);
  }
  return { p50: round(median(samples), 0), p95: round(percentile(samples, 95), 0), samples: samples.length };
}

async function measureStartup() {
  const dynamo: number[] = [];
  for (let i = 0; i < 3; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'pledge-bench-ddb-'));
    const t0 = performance.now();
    const db = await startDynamoDbLocal({ dataDir: dir });
    dynamo.push(performance.now() - t0);
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pledge-bench-start-'));
  const firstMs = await npmStartToReady(dataDir);
  const restarts: number[] = [];
  for (let i = 0; i < 3; i++) restarts.push(await npmStartToReady(dataDir));
  rmSync(dataDir, { recursive: true, force: true });
  const dynamoMs = round(median(dynamo), 0);
  const restartMs = round(median(restarts), 0);
  return { dynamoMs, firstMs: round(firstMs, 0), restartMs, ratio: round(restartMs / dynamoMs) };
}

async function npmStartToReady(dataDir: string): Promise<number> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const t0 = performance.now();
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let ready = 0;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk;
      if (!ready && out.includes('Ready:')) {
        ready = performance.now() - t0;
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      ready ? resolve() : reject(new Error(`npm start exited ${code}: ${out.slice(-400)}`)),
    );
  });
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    process.kill(-(child.pid as number), 'SIGTERM');
  });
  return ready;
}

function log(line: string) {
  console.error(`bench: ${line}`);
}

// biome-ignore lint/suspicious/noExplicitAny: the results object is printed as built above
function printTable(r: Record<string, any>, cold: ColdStart[]) {
  const worstCold = cold.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const rows: [string, string, string, string][] = [
    [
      'API overhead c=1',
      `p50 ${r.apiOverhead.c1.gatewayP50} / ${r.apiOverhead.c1.rawP50} ms, p95 ${r.apiOverhead.c1.gatewayP95} / ${r.apiOverhead.c1.rawP95} ms`,
      `${r.apiOverhead.c1.p50Ratio}`,
      '≤ 1.3',
    ],
    [
      'API overhead c=16',
      `p50 ${r.apiOverhead.c16.gatewayP50} / ${r.apiOverhead.c16.rawP50} ms, p95 ${r.apiOverhead.c16.gatewayP95} / ${r.apiOverhead.c16.rawP95} ms`,
      `${r.apiOverhead.c16.p50Ratio}`,
      '≤ 1.3',
    ],
    [
      'throughput c=32',
      `${r.throughput.gatewayPerSecond} / ${r.throughput.rawPerSecond} per s, counts exact: ${r.throughput.finalCountExact}, errors ${r.throughput.errors}`,
      `${r.throughput.ratio}`,
      '≥ 0.8',
    ],
    [
      'read cost (RCU)',
      Object.entries(r.readCostRcu)
        .map(([n, u]) => `${n}: ${u}`)
        .join(', '),
      'same',
      'same',
    ],
    [
      'write cost (WCU)',
      `items ${r.writeCost.itemBytes.join(' + ')} bytes`,
      `${r.writeCost.wcuPerHandover}`,
      '≤ 10',
    ],
    [
      'cold start (worst)',
      `${worstCold.handler}: ${round(worstCold.ms, 0)} / ${round(worstCold.baselineMs, 0)} ms, ${Math.round(worstCold.bundleBytes / 1024)} KB`,
      `${round(worstCold.ratio)}`,
      '≤ 1.15',
    ],
    [
      'notification latency',
      `p50 ${r.notificationLatencyMs.p50} ms, p95 ${r.notificationLatencyMs.p95} ms (${r.notificationLatencyMs.samples} crossings)`,
      '',
      'report',
    ],
    [
      'start-up',
      `npm start ${r.startup.restartMs} ms (first with demo ${r.startup.firstMs}) / DynamoDB Local ${r.startup.dynamoMs} ms`,
      `${r.startup.ratio}`,
      '≤ 1.5',
    ],
    [
      'memory',
      `peak RSS ${Math.round(r.peakRssBytes / 1024 / 1024)} MB (runtime's Node process)`,
      '',
      'report',
    ],
  ];
  console.log('| figure | measured (ours / floor) | ratio | goal |');
  console.log('| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  console.log('\nCold start per function (ms ours / baseline, bundle KB):');
  for (const c of cold) {
    console.log(
      `  ${c.handler.padEnd(24)} ${round(c.ms, 0)} / ${round(c.baselineMs, 0)} = ${round(c.ratio)}  ${Math.round(c.bundleBytes / 1024)} KB (baseline ${Math.round(c.baselineBytes / 1024)} KB)`,
    );
  }
}

await main();

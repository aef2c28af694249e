// Cold start: each handler bundled as Lambda gets it, then a fresh Node process imports it and answers once,
// against a baseline bundle that only builds the same AWS SDK clients.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { routes } from '../functions/routes';
import { handlerBuildOptions, handlerEntryFile, handlerNodeOptions, handlerSource } from '../infra/bundling';
import { eventRules, ledgerStreamConsumer } from '../shared/event-routing';

const root = new URL('..', import.meta.url).pathname;

export interface ColdStart {
  handler: string;
  /** What a cold start loads: the entry module and the chunks it imports statically. */
  bundleBytes: number;
  baselineBytes: number;
  ms: number;
  baselineMs: number;
  ratio: number;
  /** Set when the bundle failed to load or answer: its error, in one line. */
  error?: string;
}

/**
 * Bundles as the stack does, into `outdir`, and counts the bytes a cold start loads: the entry module and
 * every chunk it imports statically (chunks behind a dynamic `import()` load only when used).
 */
async function bundle(entry: string, outdir: string): Promise<{ file: string; bytes: number }> {
  const { metafile } = await build({
    ...handlerBuildOptions(entry, outdir),
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) => path.endsWith(`/${handlerEntryFile}`));
  if (!entryOutput) throw new Error(`esbuild wrote no ${handlerEntryFile} for ${entry}`);
  const loaded = new Set<string>();
  const visit = (path: string) => {
    if (loaded.has(path)) return;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entryOutput);
  const bytes = [...loaded].reduce((sum, path) => sum + (outputs[path]?.bytes ?? 0), 0);
  return { file: join(outdir, handlerEntryFile), bytes };
}

/** The clients a handler builds: DynamoDB for all; EventBridge and SNS for the event pipeline. */
function baselineSource(handler: string): string {
  const extra =
    handler === ledgerStreamConsumer.handler
      ? "import { EventBridgeClient } from '@aws-sdk/client-eventbridge'; new EventBridgeClient({});"
      : eventRules.some((r) => r.target.handler === handler)
        ? "import { SNSClient } from '@aws-sdk/client-sns'; new SNSClient({});"
        : '';
  return `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
${extra}
DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => ({ statusCode: 200, body: '{}' });
`;
}

/** The name under which the libraries-only reference is reported beside the functions. */
export const librariesOnly = 'libraries-only';

/**
 * Where the floor is for a function of ours: the baseline's SDK clients plus the libraries every handler
 * loads (middy, our Powertools logger, zod/mini building the largest route's schemas: record-handover's)
 * and none of our code. A function near this figure has no overhead of its own to remove.
 */
function librariesOnlySource(): string {
  const shared = (path: string) => join(root, 'shared', path);
  return `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { logger } from '${shared('http/logger.ts')}';
import { RecordHandoverSchemas } from '${shared('schemas/route-schemas.ts')}';
DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = middy(async () => {
  logger.debug('answering');
  return { statusCode: 200, body: String(Object.keys(RecordHandoverSchemas).length) };
});
`;
}

/**
 * A request each handler answers without a network call, so the figure is our code's import and first
 * answer against the SDK's, not DynamoDB's latency: protected routes without a token (401), public ones
 * with an id that is not a slug (404, through zod) or a cursor they never gave out (400), the stream
 * processor with an empty batch, the notifier with an event it refuses.
 */
function sampleEvent(handler: string): unknown {
  const route = routes.find((r) => r.handler === handler);
  if (!route) return handler === ledgerStreamConsumer.handler ? { Records: [] } : { detail: {} };
  const params = { campaignId: 'Not A Slug', pledgeId: 'x', handoverId: 'x' };
  const rawPath = route.path.replace(/\{(\w+)\}/g, (_, name: keyof typeof params) => params[name]);
  return {
    version: '2.0',
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    // A cursor this list never gave out is refused before any DynamoDB call.
    queryStringParameters: { cursor: 'not-a-cursor' },
    pathParameters: params,
    requestContext: { http: { method: route.method, path: rawPath } },
    body: route.method === 'GET' ? undefined : '{}',
    isBase64Encoded: false,
  };
}

const runner = `
const started = process.hrtime.bigint();
const { handler } = await import(process.argv[1]);
const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'bench', functionName: 'bench' };
try { await handler(JSON.parse(process.argv[2]), context); } catch {}
process.stdout.write(String(Number(process.hrtime.bigint() - started) / 1e6));
`;

function timeOnce(file: string, event: unknown, env: NodeJS.ProcessEnv): number {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', runner, file, JSON.stringify(event)],
    {
      // Lambda's NODE_OPTIONS for both sides: source maps are read when a module loads.
      env: { ...env, NODE_OPTIONS: handlerNodeOptions },
      encoding: 'utf8',
    },
  );
  return Number(out);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The first line of a failed run's stderr that names an error, so one broken function reads as such. */
function failure(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? error);
  return stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.slice(0, 200);
}

/** Every function's figure, and last the libraries-only reference (`librariesOnly`), measured alike. */
export async function measureColdStarts(options: {
  workDir: string;
  env: NodeJS.ProcessEnv;
  runs: number;
}): Promise<ColdStart[]> {
  mkdirSync(options.workDir, { recursive: true });
  const handlers = [
    ...new Set([
      ...routes.map((r) => r.handler),
      ledgerStreamConsumer.handler,
      ...eventRules.map((r) => r.target.handler),
    ]),
  ];
  // Every bundle first, all at once (esbuild works in parallel), and each distinct baseline once: built one
  // after the other they took about 20 s of the bench.
  const baselines = new Map<string, Promise<{ file: string; bytes: number }>>();
  const baselineOf = (handler: string) => {
    const source = baselineSource(handler);
    let built = baselines.get(source);
    if (!built) {
      const entry = join(options.workDir, `baseline-${baselines.size}-entry.mjs`);
      writeFileSync(entry, source);
      built = bundle(entry, join(options.workDir, `baseline-${baselines.size}`));
      baselines.set(source, built);
    }
    return built;
  };
  const librariesEntry = join(options.workDir, `${librariesOnly}-entry.mjs`);
  writeFileSync(librariesEntry, librariesOnlySource());
  const entryOf = (handler: string) => (handler === librariesOnly ? librariesEntry : handlerSource(handler));
  const bundled = await Promise.all(
    [...handlers, librariesOnly].map(async (handler) => {
      const [ours, baseline] = await Promise.all([
        bundle(entryOf(handler), join(options.workDir, handler)),
        baselineOf(handler),
      ]);
      return { handler, ours, baseline, event: sampleEvent(handler), samples: [] as number[], error: '' };
    }),
  );
  // Rounds outermost, each function right after its baseline: a noisy moment on the machine hits both alike
  // and no function gets all its runs in one bad second. A baseline's samples are pooled over every function
  // that shares it (three distinct baselines for 22 functions), which steadies the denominator.
  const baselineSamples = new Map<string, number[]>();
  for (let round = 0; round < options.runs; round++) {
    for (const fn of bundled) {
      if (fn.error) continue;
      try {
        const base = timeOnce(fn.baseline.file, fn.event, options.env);
        fn.samples.push(timeOnce(fn.ours.file, fn.event, options.env));
        baselineSamples.set(fn.baseline.file, [...(baselineSamples.get(fn.baseline.file) ?? []), base]);
      } catch (error) {
        // One broken function should not cost the run's other figures: it is reported as failed instead.
        fn.error = failure(error);
      }
    }
  }
  return bundled.map(({ handler, ours, baseline, samples, error }) => {
    const bytes = { handler, bundleBytes: ours.bytes, baselineBytes: baseline.bytes };
    if (error) return { ...bytes, ms: Number.NaN, baselineMs: Number.NaN, ratio: Number.NaN, error };
    const ms = median(samples);
    const baselineMs = median(baselineSamples.get(baseline.file) ?? []);
    return { ...bytes, ms, baselineMs, ratio: ms / baselineMs };
  });
}

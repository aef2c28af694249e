// Cold start: each handler bundled as Lambda gets it, then a fresh Node process imports it and answers once,
// against a baseline bundle that only builds the same AWS SDK clients.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { routes } from '../functions/routes';
import { eventRules, ledgerStreamConsumer } from '../shared/event-routing';

export interface ColdStart {
  handler: string;
  bundleBytes: number;
  baselineBytes: number;
  ms: number;
  baselineMs: number;
  ratio: number;
  /** Set when the bundle failed to load or answer: its error, in one line. */
  error?: string;
}

const root = new URL('..', import.meta.url).pathname;

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    // Lambda's ESM bundles need require for CommonJS dependencies, as CDK's banner gives them.
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
    // Baseline entries are written outside the project; they resolve the project's packages.
    nodePaths: [join(root, 'node_modules')],
  });
  return statSync(outfile).size;
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
      env,
      encoding: 'utf8',
    },
  );
  return Number(out);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

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
      const file = join(options.workDir, `baseline-${baselines.size}.mjs`);
      writeFileSync(entry, source);
      built = bundle(entry, file).then((bytes) => ({ file, bytes }));
      baselines.set(source, built);
    }
    return built;
  };
  const bundled = await Promise.all(
    handlers.map(async (handler) => {
      const bundleFile = join(options.workDir, `${handler}.mjs`);
      const [bundleBytes, baseline] = await Promise.all([
        bundle(join(root, 'functions', `${handler}.ts`), bundleFile),
        baselineOf(handler),
      ]);
      return { handler, bundleFile, bundleBytes, baselineFile: baseline.file, baselineBytes: baseline.bytes };
    }),
  );
  const results: ColdStart[] = [];
  for (const { handler, bundleFile, bundleBytes, baselineFile, baselineBytes } of bundled) {
    const event = sampleEvent(handler);
    const ours: number[] = [];
    const base: number[] = [];
    try {
      // Interleaved, so a noisy moment on the machine hits both alike.
      for (let i = 0; i < options.runs; i++) {
        base.push(timeOnce(baselineFile, event, options.env));
        ours.push(timeOnce(bundleFile, event, options.env));
      }
    } catch (error) {
      // One broken function should not cost the run's other figures: it is reported as failed instead.
      const stderr = String((error as { stderr?: unknown }).stderr ?? error);
      const message = stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.slice(0, 200);
      const nan = Number.NaN;
      results.push({
        handler,
        bundleBytes,
        baselineBytes,
        ms: nan,
        baselineMs: nan,
        ratio: nan,
        error: message,
      });
      continue;
    }
    const ms = median(ours);
    const baselineMs = median(base);
    results.push({ handler, bundleBytes, baselineBytes, ms, baselineMs, ratio: ms / baselineMs });
  }
  return results;
}

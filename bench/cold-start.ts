// Cold start: each handler bundled as Lambda gets it, then a fresh Node process imports it and answers once,
// against a baseline bundle that only builds the same AWS SDK clients (none, for a function that builds none).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
  handlerBuildOptions,
  handlerEntryFile,
  handlerNodeOptions,
  handlerSource,
  repoRoot,
} from '../infra/bundling';
import { eventRules, ledgerStreamConsumer } from '../shared/event-routing';
import { routes } from '../shared/routes';

/** The AWS SDK clients a function builds, and so which baseline it is measured against. */
export type Clients =
  | 'none'
  | 'dynamodb'
  | 'dynamodb+eventbridge'
  | 'dynamodb+sns'
  | 'cognito'
  | 'dynamodb+cognito';

export interface ColdStart {
  handler: string;
  clients: Clients;
  /**
   * The sample request's answer, a status code, `no status` or `threw <name>`: how far into the function the
   * measured request went.
   */
  answered: string;
  /** The code a cold start loads: the entry module and the chunks it imports statically (their maps aside). */
  bundleBytes: number;
  baselineBytes: number;
  /** Medians over the rounds. */
  ms: number;
  baselineMs: number;
  /** The median of each round's ours / baseline, the two measured one right after the other. */
  ratio: number;
  /** Set when the bundle failed to load or answer: its error, in one line. */
  error?: string;
}

/**
 * Where the floor is for a function of ours: its baseline's SDK clients plus the libraries every handler loads
 * (middy, our Powertools logger, zod/mini building a route's schemas) and none of our code. A function near
 * its reference has no overhead of its own left to remove. Reported beside the functions under these names.
 */
export const librariesOnly = { withSdk: 'libraries-only', withoutSdk: 'libraries-only-no-sdk' } as const;

/** Median; the mean of the middle two for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2
    ? (sorted[Math.floor(middle)] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Bundles as the stack does, into `outdir`, and counts the code a cold start loads: the entry module and every
 * chunk it imports statically (chunks behind a dynamic `import()` load only when used).
 */
async function bundle(entry: string, outdir: string): Promise<{ file: string; bytes: number }> {
  const { metafile } = await build({
    ...handlerBuildOptions(entry),
    outdir,
    metafile: true,
    logLevel: 'silent',
    // Entries written outside the project (baselines, references) resolve the project's packages.
    nodePaths: [join(repoRoot, 'node_modules')],
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

function clientsOf(handler: string): Clients {
  if (handler === ledgerStreamConsumer.handler) return 'dynamodb+eventbridge';
  if (eventRules.some((rule) => rule.target.handler === handler)) return 'dynamodb+sns';
  if (handler === librariesOnly.withoutSdk) return 'none';
  const route = routes.find((r) => r.handler === handler);
  // Staff administration builds a Cognito client, and a DynamoDB one where it writes the audit trail.
  if (route && 'userPool' in route && route.userPool) {
    return Object.values(route.tables).every((access) => access === 'none') ? 'cognito' : 'dynamodb+cognito';
  }
  // A route that touches no table builds no client: the container builds them on first use.
  return route && Object.values(route.tables).every((access) => access === 'none') ? 'none' : 'dynamodb';
}

/** Each SDK client a function may build: its import, and the expression that builds it as the container does. */
const sdkClients = {
  dynamodb: {
    imports:
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
    build: 'DynamoDBDocumentClient.from(new DynamoDBClient({}))',
  },
  eventbridge: {
    imports: "import { EventBridgeClient } from '@aws-sdk/client-eventbridge';",
    build: 'new EventBridgeClient({})',
  },
  sns: { imports: "import { SNSClient } from '@aws-sdk/client-sns';", build: 'new SNSClient({})' },
  cognito: {
    imports: "import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';",
    build: 'new CognitoIdentityProviderClient({})',
  },
};

/** The SDK imports of a function's clients, and the expressions that build them. */
function clientsCode(clients: Clients): { imports: string; builds: string[] } {
  const used =
    clients === 'none' ? [] : clients.split('+').map((name) => sdkClients[name as keyof typeof sdkClients]);
  return {
    imports: used.map((client) => client.imports).join('\n'),
    builds: used.map((client) => client.build),
  };
}

/** The issue's baseline: a module that builds the same clients at import, and answers at once. */
function baselineSource(clients: Clients): string {
  const { imports, builds } = clientsCode(clients);
  return `${imports}
${builds.map((build) => `${build};`).join('\n')}
export const handler = async () => ({ statusCode: 200, body: '{}' });
`;
}

/**
 * The libraries-only references. As our container does, they load the SDK's code but build its client only
 * when a request needs one, which the sample requests do not. With the SDK, record-handover's schemas (the
 * largest of any route); without, the dashboard asset route's, as the functions that build no client
 * validate little.
 */
function librariesOnlySource(clients: 'dynamodb' | 'none'): string {
  const shared = (path: string) => join(repoRoot, 'shared', path);
  const { imports, builds } = clientsCode(clients);
  const schemas = clients === 'dynamodb' ? 'RecordHandoverSchemas' : 'GetDashboardAssetSchemas';
  return `${imports}
import middy from '@middy/core';
import { logger } from '${shared('http/logger.ts')}';
import { ${schemas} } from '${shared('schemas/route-schemas.ts')}';
export const clients = () => [${builds.join(', ')}];
export const handler = middy(async () => {
  logger.debug('answering');
  return { statusCode: 200, body: String(Object.keys(${schemas}).length) };
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

/** A function's configuration as Lambda would give it, with names that reach nothing: no request here does. */
const coldStartEnv: NodeJS.ProcessEnv = {
  ...process.env,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  LEDGER_TABLE_NAME: 'bench',
  HANDOVERS_TABLE_NAME: 'bench',
  EVENT_BUS_NAME: 'bench',
  LEADERSHIP_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench',
  AWS_REGION: 'us-east-1',
};

/** Marks the runner's result, so that whatever the handler logs to stdout before it cannot be mistaken for it. */
const resultMark = '@@cold-start-result@@';

const runner = `
const started = process.hrtime.bigint();
const { handler } = await import(process.argv[1]);
const context = { getRemainingTimeInMillis: () => 10000, awsRequestId: 'bench', functionName: 'bench' };
let answered;
try {
  const answer = await handler(JSON.parse(process.argv[2]), context);
  answered = answer?.statusCode === undefined ? 'no status' : String(answer.statusCode);
} catch (error) {
  answered = 'threw ' + (error?.name ?? 'a value');
}
const ms = Number(process.hrtime.bigint() - started) / 1e6;
process.stdout.write('\\n${resultMark}' + JSON.stringify({ ms, answered }));
`;

/** Milliseconds from a fresh process's first line to the handler's answer, and what the answer was. */
export function timeOnce(file: string, event: unknown): { ms: number; answered: string } {
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', runner, file, JSON.stringify(event)],
    {
      // Lambda's NODE_OPTIONS for both sides: source maps are read when a module loads.
      env: { ...coldStartEnv, NODE_OPTIONS: handlerNodeOptions },
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.slice(out.lastIndexOf(resultMark) + resultMark.length)) as {
    ms: number;
    answered: string;
  };
}

/** The first line of a failed run's stderr that names an error, so one broken function reads as such. */
function failure(error: unknown): string {
  const stderr = String((error as { stderr?: unknown }).stderr ?? error);
  return stderr.split('\n').find((line) => /^\w*Error\b/.test(line)) ?? stderr.slice(0, 200);
}

/** A bundle to time, its baseline's bundle, and the sample request it answers. */
export interface ColdStartTarget {
  handler: string;
  clients: Clients;
  ours: { file: string; bytes: number };
  baseline: { file: string; bytes: number };
  event: unknown;
}

/**
 * Bundles every function, the two libraries-only references (`librariesOnly`) and each distinct baseline into
 * `workDir`, all at once (esbuild works in parallel; one after the other they took about 20 s of the bench).
 */
export async function bundleColdStartTargets(workDir: string): Promise<ColdStartTarget[]> {
  mkdirSync(workDir, { recursive: true });
  const handlers = [
    ...new Set([
      ...routes.map((r) => r.handler),
      ledgerStreamConsumer.handler,
      ...eventRules.map((r) => r.target.handler),
    ]),
  ];
  const writtenEntry = (name: string, source: string) => {
    const entry = join(workDir, `${name}-entry.mjs`);
    writeFileSync(entry, source);
    return entry;
  };
  const entries = new Map<string, string>([
    ...handlers.map((handler) => [handler, handlerSource(handler)] as const),
    [librariesOnly.withSdk, writtenEntry(librariesOnly.withSdk, librariesOnlySource('dynamodb'))],
    [librariesOnly.withoutSdk, writtenEntry(librariesOnly.withoutSdk, librariesOnlySource('none'))],
  ]);
  const baselines = new Map<Clients, Promise<{ file: string; bytes: number }>>();
  const baselineOf = (clients: Clients) => {
    let built = baselines.get(clients);
    if (!built) {
      const name = `baseline-${clients}`;
      built = bundle(writtenEntry(name, baselineSource(clients)), join(workDir, name));
      baselines.set(clients, built);
    }
    return built;
  };
  return Promise.all(
    [...entries].map(async ([handler, entry]) => {
      const clients = clientsOf(handler);
      const [ours, baseline] = await Promise.all([
        bundle(entry, join(workDir, handler)),
        baselineOf(clients),
      ]);
      return { handler, clients, ours, baseline, event: sampleEvent(handler) };
    }),
  );
}

/** Every function's figure, then the two libraries-only references (`librariesOnly`), all measured alike. */
export async function measureColdStarts(options: { workDir: string; runs: number }): Promise<ColdStart[]> {
  const bundled = (await bundleColdStartTargets(options.workDir)).map((target) => ({
    ...target,
    samples: [] as { ours: number; base: number }[],
    answers: new Set<string>(),
    error: '',
  }));
  // Rounds outermost, and in each a function next to its baseline, first one then the other by turns: a busy
  // moment on the machine falls on both of a pair alike (the ratio is taken per pair), and no function gets
  // all its runs in one bad second. The two references, which every function is read against, get three
  // pairs a round: at its start, middle and end.
  const references = bundled.filter((fn) => (Object.values(librariesOnly) as string[]).includes(fn.handler));
  const functions = bundled.filter((fn) => !references.includes(fn));
  const middle = Math.ceil(functions.length / 2);
  const schedule = [
    ...references,
    ...functions.slice(0, middle),
    ...references,
    ...functions.slice(middle),
    ...references,
  ];
  for (let round = 0; round < options.runs; round++) {
    for (const fn of schedule) {
      if (fn.error) continue;
      try {
        const timeBaseline = () => timeOnce(fn.baseline.file, fn.event).ms;
        const timeOurs = () => timeOnce(fn.ours.file, fn.event);
        let base: number;
        let ours: { ms: number; answered: string };
        if (round % 2 === 0) {
          base = timeBaseline();
          ours = timeOurs();
        } else {
          ours = timeOurs();
          base = timeBaseline();
        }
        fn.samples.push({ base, ours: ours.ms });
        fn.answers.add(ours.answered);
      } catch (error) {
        // One broken function should not cost the run's other figures: it is reported as failed instead.
        fn.error = failure(error);
      }
    }
  }
  for (const fn of bundled) {
    // The figure means something only if every round took the same path, and not the path of an error.
    if (fn.error) continue;
    if (fn.answers.size > 1) fn.error = `answered differently between rounds: ${[...fn.answers].join(', ')}`;
    else if ([...fn.answers].some((answer) => Number(answer) >= 500))
      fn.error = `answered ${[...fn.answers][0]}`;
  }
  return bundled.map(({ handler, clients, ours, baseline, samples, answers, error }) => {
    const answered = [...answers].join(', ');
    const bytes = { handler, clients, answered, bundleBytes: ours.bytes, baselineBytes: baseline.bytes };
    if (error) return { ...bytes, ms: Number.NaN, baselineMs: Number.NaN, ratio: Number.NaN, error };
    return {
      ...bytes,
      ms: median(samples.map((s) => s.ours)),
      baselineMs: median(samples.map((s) => s.base)),
      ratio: median(samples.map((s) => s.ours / s.base)),
    };
  });
}

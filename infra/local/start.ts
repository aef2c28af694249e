// `npm start`: the whole system on this machine (DESIGN.md section 6); one-line errors, clean stop on Ctrl-C or SIGTERM.
import net from 'node:net';
import type { LaunchedDynamoDb, SpawnedJava } from './dynamodb-local';
import type { LocalRuntime } from './runtime';
import { dataPaths, listenHost, resolveAllowedOrigins, resolveDataDir, resolvePort } from './settings';

// The AWS SDK warns about Node 20 when it loads, so this is set before it is imported below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Light: it loads the SDK only once Java runs. The runtime, which loads everything, comes after Java starts.
const { JavaMissingError, awaitDynamoDbLocal, launchDynamoDbLocal } = await import('./dynamodb-local');

/** The port and java that launch-early.mjs took before tsx loaded, when `npm start` ran it. */
const early = (globalThis as Record<symbol, unknown>)[Symbol.for('pledge-tracker.early-start')] as
  | { port: number; dynamoDir: string | undefined; held: net.Server; java: SpawnedJava }
  | undefined;

const usage =
  'usage: npm start -- [--no-demo] [--in-memory]   (env: PORT, default 3000; DATA_DIR, default .data/; ' +
  "CORS_ALLOWED_ORIGINS, default none; DEMO_PASSWORD, the demo users' password on first start, default random)";

/** Stopping should take a second or two; past this, give up on a clean stop. */
const stopTimeoutMs = 10_000;

function fail(line: string, exitCode = 1): never {
  process.stderr.write(`${line}\n`);
  process.exit(exitCode);
}

const flags = new Set(process.argv.slice(2));
if (flags.has('--help') || flags.has('-h')) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
for (const flag of flags) {
  if (flag !== '--no-demo' && flag !== '--in-memory') fail(`Unknown option ${flag}; ${usage}`, 2);
}

let port: number;
let allowedOrigins: string[];
try {
  port = resolvePort();
  allowedOrigins = resolveAllowedOrigins();
} catch (error) {
  fail((error as Error).message);
}

let runtime: LocalRuntime | undefined;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), stopTimeoutMs).unref();
  // Without a runtime yet, exiting is enough: DynamoDB Local's exit hook kills java.
  await runtime?.stop();
  process.exit(0);
};
// A terminal's Ctrl-C reaches every process in the group, and tsx relays it too: later signals are ignored.
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

const portInUse = () => fail(`Port ${port} is in use: stop what uses it or run PORT=${port + 1} npm start`);

/** Holds the port until the runtime takes it; undefined when something else has it. */
function holdPort(): Promise<net.Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    server.listen(port, listenHost, () => resolve(server));
  });
}

const dataDir = resolveDataDir();
const inMemory = flags.has('--in-memory');
const dynamoDir = inMemory ? undefined : dataPaths.dynamoDb(dataDir);
let dynamoDb: LaunchedDynamoDb;
let held: net.Server | undefined;
try {
  if (early && early.port === port && early.dynamoDir === dynamoDir) {
    held = early.held;
    dynamoDb = awaitDynamoDbLocal(early.java);
  } else {
    if (early) {
      early.java.kill();
      await new Promise((resolve) => early.held.close(resolve));
    }
    // The port first, so that one in use fails at once and leaves nothing to clean up; then Java, whose JVM
    // takes seconds, so that it starts while the rest of the runtime loads.
    held = await holdPort();
    if (!held) portInUse();
    dynamoDb = await launchDynamoDbLocal(dynamoDir ? { dataDir: dynamoDir } : {});
  }
} catch (error) {
  if (error instanceof JavaMissingError) fail(error.message);
  fail(`Could not start the local runtime: ${(error as Error).message}`);
}
const { PortInUseError, startLocalRuntime } = await import('./runtime');
await new Promise((resolve) => held?.close(resolve));

try {
  runtime = await startLocalRuntime({
    port,
    dataDir,
    inMemory,
    demo: !flags.has('--no-demo'),
    allowedOrigins,
    dynamoDb,
    ...(process.env.DEMO_PASSWORD ? { demoPassword: process.env.DEMO_PASSWORD } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
    logError: (message, error) => console.error(message, error ?? ''),
  });
} catch (error) {
  if (stopping) process.exit(0);
  if (error instanceof PortInUseError) portInUse();
  if (error instanceof JavaMissingError) fail(error.message);
  fail(`Could not start the local runtime: ${(error as Error).message}`);
}
process.stdout.write(`Ready: ${runtime.url}\n`);

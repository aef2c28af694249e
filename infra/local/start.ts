// `npm start`: the whole system on this machine (DESIGN.md section 6); one-line errors, clean stop on Ctrl-C or SIGTERM.
import type { LocalRuntime } from './runtime';
import { resolveDataDir, resolvePort } from './settings';

// The AWS SDK warns about Node 20 when it loads, so this is set before it is imported below.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { JavaMissingError } = await import('./dynamodb-local');
const { PortInUseError, startLocalRuntime } = await import('./runtime');

const usage =
  'usage: npm start -- [--no-demo] [--in-memory]   (env: PORT, default 3000; DATA_DIR, default .data/)';

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
try {
  port = resolvePort();
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

try {
  runtime = await startLocalRuntime({
    port,
    dataDir: resolveDataDir(),
    inMemory: flags.has('--in-memory'),
    demo: !flags.has('--no-demo'),
    log: (line) => process.stdout.write(`${line}\n`),
    logError: (message, error) => console.error(message, error ?? ''),
  });
} catch (error) {
  if (stopping) process.exit(0);
  if (error instanceof PortInUseError) {
    fail(`Port ${port} is in use: stop what uses it or run PORT=${port + 1} npm start`);
  }
  if (error instanceof JavaMissingError) fail(error.message);
  fail(`Could not start the local runtime: ${(error as Error).message}`);
}
process.stdout.write(`Ready: ${runtime.url}\n`);

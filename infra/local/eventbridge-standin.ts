// Local EventBridge: PutEvents over the AWS JSON 1.1 protocol, rules from the declarations, targets with retries and a dead-letter list.
import { randomUUID } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import type { EventRuleDeclaration } from '../../shared/event-routing';
import { type DurableLog, openDurableLog, readJsonLines } from './durable-log';
import { assertValidEventPattern, matchesEventPattern } from './event-pattern';
import { HandlerUnavailableError } from './handler-modules';

/** An event as EventBridge hands it to rules and targets. */
export interface EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

/** A PutEvents request entry as the SDK sends it (`Time` in epoch seconds). */
export interface PutEventsRequestEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Resources?: string[];
  Time?: number;
  TraceHeader?: string;
}

/** Shaped like what lands in a rule target's SQS dead-letter queue: the event, and why, as message attributes. */
export interface DeadLetter {
  event: EventBridgeEvent;
  attributes: {
    RULE_ARN: string;
    TARGET_ARN: string;
    ERROR_CODE: string;
    ERROR_MESSAGE: string;
    EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds';
    RETRY_ATTEMPTS: number;
  };
  at: string;
}

export interface EventBridgeFaults {
  /** Return true to answer this entry with `InternalFailure`, without accepting or delivering it. */
  putEventsFailEntry?(entry: PutEventsRequestEntry): boolean;
}

export interface EventBridgeStandInOptions {
  busName: string;
  rules: readonly EventRuleDeclaration[];
  region: string;
  accountId: string;
  /** Runs the rule's target with the event; rejects when the invocation fails. */
  invokeTarget(rule: EventRuleDeclaration, event: EventBridgeEvent): Promise<void>;
  /** Dead letters are appended here as JSON lines when set. */
  deadLetterFile?: string;
  /**
   * When set, every accepted event a rule matches is written here, synced, before PutEvents answers, and
   * each delivery is marked done once its target finished or it went to the dead-letter list; what is not
   * done is delivered again after a restart (see `resume`).
   */
  journalFile?: string;
  /**
   * A delivery that was running (or waiting for a retry) when the process died is retried this long after
   * `resume`, as Lambda retries a failed asynchronous invocation about a minute later: a claim its
   * handler took before the crash must run out first. 61 s by default.
   */
  interruptedRetryDelayMs?: number;
  faults?: EventBridgeFaults;
  /** Reuse this port (a second runtime in one process: imported handlers keep their endpoint). */
  port?: number;
  /**
   * First retry delay, doubling per retry up to `maxRetryDelayMs`. EventBridge spreads retries over
   * up to 24 hours; locally they are milliseconds apart so a failure resolves while you watch.
   */
  retryBaseDelayMs?: number;
  maxRetryDelayMs?: number;
  log?: (line: string) => void;
  logError?: (message: string, error?: unknown) => void;
}

export interface EventBridgeStandIn {
  endpoint: string;
  port: number;
  /** Every accepted event, in the order accepted. */
  readonly events: readonly EventBridgeEvent[];
  readonly deadLetters: readonly DeadLetter[];
  /** PutEvents calls received, whatever their outcome. */
  readonly putEventsCalls: number;
  /** Target invocations made (first tries and retries). */
  readonly deliveries: number;
  /** Resolves when no delivery is running or waiting for a retry. */
  idle(): Promise<void>;
  /**
   * Starts the deliveries the journal held from before the last stop (call once targets can be invoked);
   * returns how many there were.
   */
  resume(): number;
  /** Syncs of the journal so far (one per PutEvents call that accepted a matched event, or fewer). */
  readonly journalSyncs: number;
  activity(): number;
  describe(): string;
  stop(): Promise<void>;
}

/** PutEvents limits: 10 entries per call; 256 KB for the whole request, counted as AWS counts entry sizes. */
export const putEventsLimits = { maxEntries: 10, maxRequestBytes: 256 * 1024 } as const;

const jsonContentType = 'application/x-amz-json-1.1';

class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly statusCode = 400,
  ) {
    super(message);
  }
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

/** The journal's lines: an accepted event with the rules it still has to reach, a delivery begun, one finished. */
type JournalLine =
  | { accepted: { event: EventBridgeEvent; rules: string[]; at: number; interrupted?: string[] } }
  | { started: { id: string; rule: string } }
  | { done: { id: string; rule: string } };

interface Unfinished {
  event: EventBridgeEvent;
  at: number;
  rules: Set<string>;
  interrupted: Set<string>;
}

/** The deliveries a journal holds that never finished, in the order their events were accepted. */
export function unfinishedDeliveries(lines: readonly JournalLine[]): Unfinished[] {
  const open = new Map<string, Unfinished>();
  for (const line of lines) {
    if ('accepted' in line) {
      const { event, rules, at, interrupted } = line.accepted;
      open.set(event.id, { event, at, rules: new Set(rules), interrupted: new Set(interrupted ?? []) });
    } else if ('started' in line) {
      open.get(line.started.id)?.interrupted.add(line.started.rule);
    } else {
      const entry = open.get(line.done.id);
      entry?.rules.delete(line.done.rule);
      if (entry && entry.rules.size === 0) open.delete(line.done.id);
    }
  }
  return [...open.values()];
}

/** Past this size, the journal starts afresh the next time no delivery is unfinished. */
const journalCompactBytes = 4 * 1024 * 1024;

export async function startEventBridgeStandIn(
  options: EventBridgeStandInOptions,
): Promise<EventBridgeStandIn> {
  for (const rule of options.rules) assertValidEventPattern(rule.pattern);
  const log = options.log ?? (() => {});
  const logError = options.logError ?? ((message, error) => console.error(message, error ?? ''));
  const baseDelay = options.retryBaseDelayMs ?? 50;
  const maxDelay = options.maxRetryDelayMs ?? 1000;
  const arn = (resource: string) => `arn:aws:events:${options.region}:${options.accountId}:${resource}`;

  const interruptedDelay = options.interruptedRetryDelayMs ?? 61_000;
  const rulesByName = new Map(options.rules.map((rule) => [rule.name, rule]));
  let journal: DurableLog | undefined;
  let replay: Unfinished[] = [];
  if (options.journalFile) {
    replay = unfinishedDeliveries(readJsonLines<JournalLine>(options.journalFile));
    // Compacted at each start: only what is still to be delivered is kept.
    journal = await openDurableLog(
      options.journalFile,
      replay.map(
        (entry): JournalLine => ({
          accepted: {
            event: entry.event,
            rules: [...entry.rules],
            at: entry.at,
            interrupted: [...entry.interrupted].filter((rule) => entry.rules.has(rule)),
          },
        }),
      ),
    );
  }
  /** Deliveries accepted and not finished (for the journal's compaction). */
  let unfinished = 0;

  const events: EventBridgeEvent[] = [];
  const deadLetters: DeadLetter[] = [];
  const retryTimers = new Set<NodeJS.Timeout>();
  const idleWaiters = new Set<() => void>();
  let putEventsCalls = 0;
  let deliveries = 0;
  let pending = 0;
  let activity = 0;
  let stopped = false;
  let unavailableLogged = false;

  function finished(rule: EventRuleDeclaration, event: EventBridgeEvent): void {
    if (!journal) return;
    journal.note({ done: { id: event.id, rule: rule.name } } satisfies JournalLine);
    unfinished--;
    if (unfinished === 0 && journal.size > journalCompactBytes) journal.replace([], () => unfinished === 0);
  }

  function settle(): void {
    pending--;
    activity++;
    if (pending === 0) {
      for (const resolve of idleWaiters) resolve();
      idleWaiters.clear();
    }
  }

  function deliver(
    rule: EventRuleDeclaration,
    event: EventBridgeEvent,
    acceptedAt: number,
    retries: number,
  ): void {
    const { maximumRetryAttempts, maximumEventAgeSeconds } = rule.target.retry;
    deliveries++;
    if (retries === 0) journal?.note({ started: { id: event.id, rule: rule.name } } satisfies JournalLine);
    // Each invocation gets its own copy, as each Lambda invocation gets its own parsed event.
    options.invokeTarget(rule, structuredClone(event)).then(
      () => {
        unavailableLogged = false;
        finished(rule, event);
        settle();
      },
      (error: unknown) => {
        if (stopped) return settle();
        if (error instanceof HandlerUnavailableError) {
          if (!unavailableLogged) log(`EventBridge: ${error.message}; deliveries wait until it loads`);
          unavailableLogged = true;
          return schedule(1000, () => deliver(rule, event, acceptedAt, retries));
        }
        const delay = Math.min(maxDelay, baseDelay * 2 ** retries);
        const tooOld = Date.now() + delay - acceptedAt > maximumEventAgeSeconds * 1000;
        if (retries < maximumRetryAttempts && !tooOld) {
          logError(
            `EventBridge: ${rule.target.name} failed on event ${event.id} (${event['detail-type']}); ` +
              `retry ${retries + 1} of ${maximumRetryAttempts} in ${delay} ms:`,
            summary(error),
          );
          return schedule(delay, () => deliver(rule, event, acceptedAt, retries + 1));
        }
        deadLetter(rule, event, error, retries, tooOld ? 'MaximumEventAgeInSeconds' : 'MaximumRetryAttempts');
        finished(rule, event);
        settle();
      },
    );
  }

  function schedule(delay: number, action: () => void): void {
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      if (stopped) return settle();
      action();
    }, delay);
    retryTimers.add(timer);
  }

  function deadLetter(
    rule: EventRuleDeclaration,
    event: EventBridgeEvent,
    error: unknown,
    retries: number,
    condition: DeadLetter['attributes']['EXHAUSTED_RETRY_CONDITION'],
  ): void {
    const letter: DeadLetter = {
      event,
      attributes: {
        RULE_ARN: arn(`rule/${options.busName}/${rule.name}`),
        TARGET_ARN: `arn:aws:lambda:${options.region}:${options.accountId}:function:pledge-tracker-${rule.target.name}`,
        ERROR_CODE: error instanceof Error ? error.name : 'Error',
        ERROR_MESSAGE: error instanceof Error ? error.message : String(error),
        EXHAUSTED_RETRY_CONDITION: condition,
        RETRY_ATTEMPTS: retries,
      },
      at: new Date().toISOString(),
    };
    deadLetters.push(letter);
    if (options.deadLetterFile) {
      // Synced before the journal marks the delivery done: a dead letter is never lost between the two.
      mkdirSync(dirname(options.deadLetterFile), { recursive: true });
      const fd = openSync(options.deadLetterFile, 'a');
      try {
        writeSync(fd, `${JSON.stringify(letter)}\n`);
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    // Ids and names only: events carry no personal data, and the log line stays one line.
    log(
      `EventBridge: dead letter for rule ${rule.name}, event ${event.id} (${event['detail-type']}) ` +
        `after ${retries} retries: ${condition}`,
    );
  }

  /** Checks an entry and builds its event; nothing is kept until the whole call is journaled. */
  function acceptEntry(entry: PutEventsRequestEntry): EntryResult | { event: EventBridgeEvent } {
    const invalid = (name: string) => ({
      ErrorCode: 'InvalidArgument',
      ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
    });
    if (!entry.Source) return invalid('Source');
    if (!entry.DetailType) return invalid('DetailType');
    if (entry.Detail === undefined) return invalid('Detail');
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail);
    } catch {
      detail = undefined;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    // Stricter than AWS, which puts an entry without a bus on the default bus, where no rule of ours listens.
    const bus = (entry.EventBusName ?? 'default').replace(/^arn:aws:events:[^:]*:[^:]*:event-bus\//, '');
    if (bus !== options.busName) {
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${bus} does not exist.` };
    }
    if (options.faults?.putEventsFailEntry?.(entry)) {
      return { ErrorCode: 'InternalFailure', ErrorMessage: 'Injected fault: the entry was not accepted.' };
    }
    const event: EventBridgeEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: options.accountId,
      time: isoSeconds(entry.Time === undefined ? new Date() : new Date(entry.Time * 1000)),
      region: options.region,
      resources: entry.Resources ?? [],
      detail: detail as Record<string, unknown>,
    };
    return { event };
  }

  async function putEvents(body: unknown): Promise<{ FailedEntryCount: number; Entries: EntryResult[] }> {
    const entries = (body as { Entries?: unknown })?.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > putEventsLimits.maxEntries) {
      throw new AwsJsonError(
        'ValidationException',
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: ` +
          `Member must have length less than or equal to ${putEventsLimits.maxEntries} and greater than or equal to 1`,
      );
    }
    const typed = entries as PutEventsRequestEntry[];
    if (typed.reduce((sum, entry) => sum + entrySize(entry), 0) > putEventsLimits.maxRequestBytes) {
      throw new AwsJsonError(
        'ValidationException',
        'Total size of the entries in the request is over the limit.',
      );
    }
    const outcomes = typed.map(acceptEntry);
    const acceptedAt = Date.now();
    const accepted = outcomes
      .filter((outcome) => 'event' in outcome)
      .map(({ event }) => ({
        event,
        rules: options.rules.filter((rule) => matchesEventPattern(rule.pattern, event)),
      }));
    const kept = accepted.filter((entry) => entry.rules.length > 0);
    if (journal && kept.length > 0) {
      // Only events a rule matches are kept: the others have nowhere to go, in AWS too. One sync per call.
      const count = kept.reduce((sum, entry) => sum + entry.rules.length, 0);
      unfinished += count;
      try {
        await journal.append(
          kept.map(
            ({ event, rules }): JournalLine => ({
              accepted: { event, rules: rules.map((rule) => rule.name), at: acceptedAt },
            }),
          ),
        );
      } catch (error) {
        unfinished -= count;
        logError('EventBridge: the journal could not be written; PutEvents answers 500:', error);
        throw new AwsJsonError('InternalException', 'The event could not be stored', 500);
      }
    }
    for (const { event, rules } of accepted) {
      events.push(event);
      activity++;
      for (const rule of rules) {
        pending++;
        // Asynchronous, as in AWS: PutEvents answers once the event is accepted, not once it is delivered.
        setImmediate(() => deliver(rule, event, acceptedAt, 0));
      }
    }
    const results = outcomes.map(
      (outcome): EntryResult => ('event' in outcome ? { EventId: outcome.event.id } : outcome),
    );
    return { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': jsonContentType,
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': requestId,
        ...extra,
      });
      res.end(text);
    };
    const raw = await readAll(req);
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const [service, operation] = target.split('.');
      if (req.method !== 'POST' || service !== 'AWSEvents' || !operation) {
        throw new AwsJsonError(
          'UnknownOperationException',
          `Unknown operation ${target || '(no x-amz-target)'}`,
        );
      }
      if (operation !== 'PutEvents') {
        throw new AwsJsonError(
          'UnknownOperationException',
          `The local EventBridge stand-in implements PutEvents only, not ${operation}`,
        );
      }
      putEventsCalls++;
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        throw new AwsJsonError('SerializationException', 'The request body is not valid JSON');
      }
      answer(200, await putEvents(body));
    } catch (error) {
      if (error instanceof AwsJsonError) {
        answer(
          error.statusCode,
          { __type: error.type, message: error.message },
          { 'x-amzn-errortype': error.type },
        );
        return;
      }
      logError('EventBridge stand-in error:', error);
      answer(500, { __type: 'InternalException', message: 'Internal error' });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      logError('EventBridge stand-in error:', error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listenOnLoopback(server, options.port ?? 0);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    events,
    deadLetters,
    get putEventsCalls() {
      return putEventsCalls;
    },
    get deliveries() {
      return deliveries;
    },
    idle: () =>
      pending === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.add(resolve)),
    activity: () => activity,
    resume() {
      const entries = replay;
      replay = [];
      let interrupted = 0;
      let count = 0;
      for (const entry of entries) {
        for (const name of entry.rules) {
          const rule = rulesByName.get(name);
          if (!rule) {
            log(`EventBridge: rule ${name} no longer exists; event ${entry.event.id} is not delivered to it`);
            journal?.note({ done: { id: entry.event.id, rule: name } } satisfies JournalLine);
            continue;
          }
          count++;
          pending++;
          unfinished++;
          if (entry.interrupted.has(name)) {
            interrupted++;
            schedule(interruptedDelay, () => deliver(rule, entry.event, entry.at, 0));
          } else setImmediate(() => deliver(rule, entry.event, entry.at, 0));
        }
      }
      if (count > 0) {
        log(
          `EventBridge: delivering ${count} event(s) accepted before the last stop` +
            (interrupted > 0
              ? `; ${interrupted} whose delivery was cut short are retried in ${interruptedDelay / 1000} s`
              : ''),
        );
      }
      return count;
    },
    get journalSyncs() {
      return journal?.syncs ?? 0;
    },
    describe: () => `eventbridge: ${events.length} event(s) accepted, ${pending} delivery(ies) pending`,
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      pending -= retryTimers.size;
      retryTimers.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await journal?.close();
      for (const resolve of idleWaiters) resolve();
      idleWaiters.clear();
    },
  };
}

/** AWS counts an entry as its Source, DetailType, Detail and Resources in UTF-8, plus 14 bytes for a Time. */
function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (value: string | undefined) => (value ? Buffer.byteLength(value, 'utf8') : 0);
  return (
    (entry.Time !== undefined ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

/** EventBridge writes event times to the second: `2015-11-11T21:29:54Z`. */
function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function summary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function listenOnLoopback(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.removeListener('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

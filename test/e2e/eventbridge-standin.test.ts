// The local EventBridge over the wire, driven by the real EventBridgeClient: PutEvents, rules, retries, dead letters.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBridgeClient, ListRulesCommand, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { localAwsSettings } from '../../infra/local/dynamodb-local';
import {
  type EventBridgeEvent,
  type EventBridgeStandIn,
  type EventBridgeStandInOptions,
  startEventBridgeStandIn,
} from '../../infra/local/eventbridge-standin';
import type { EventRuleDeclaration } from '../../shared/event-routing';

const busName = 'pledge-tracker';
const exceededRule: EventRuleDeclaration = {
  name: 'NotifyOnExceeded',
  description: 'test rule',
  pattern: { source: ['pledge-tracker'], 'detail-type': ['Pledge Exceeded'], detail: { version: [1] } },
  target: {
    handler: 'unused',
    name: 'Notifier',
    retry: { maximumRetryAttempts: 3, maximumEventAgeSeconds: 60 },
    tables: { ledger: 'write', handovers: 'none', audit: 'none' },
    publishesToLeadership: true,
  },
};
const recordedRule: EventRuleDeclaration = {
  name: 'AuditHandovers',
  description: 'test rule',
  pattern: { source: ['pledge-tracker'], 'detail-type': [{ prefix: 'Handover' }] },
  target: {
    handler: 'unused',
    name: 'Auditor',
    retry: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    publishesToLeadership: false,
  },
};

const dataDir = mkdtempSync(join(tmpdir(), 'eventbridge-standin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let running: { standIn: EventBridgeStandIn; client: EventBridgeClient } | undefined;
afterEach(async () => {
  running?.client.destroy();
  await running?.standIn.stop();
  running = undefined;
});

async function start(overrides: Partial<EventBridgeStandInOptions> = {}) {
  const delivered: { target: string; event: EventBridgeEvent }[] = [];
  const standIn = await startEventBridgeStandIn({
    busName,
    rules: [exceededRule, recordedRule],
    region: 'us-east-1',
    accountId: '000000000000',
    invokeTarget: async (rule, event) => {
      delivered.push({ target: rule.target.name, event });
    },
    retryBaseDelayMs: 1,
    logError: () => {},
    ...overrides,
  });
  const client = new EventBridgeClient({ endpoint: standIn.endpoint, ...localAwsSettings, maxAttempts: 1 });
  running = { standIn, client };
  return { standIn, client, delivered };
}

const entry = (detailType: string, detail: Record<string, unknown> = { version: 1, eventId: 'e1' }) => ({
  EventBusName: busName,
  Source: 'pledge-tracker',
  DetailType: detailType,
  Detail: JSON.stringify(detail),
});

describe('the EventBridge stand-in', () => {
  it('accepts PutEvents from the SDK and delivers each event to the targets of the rules it matches', async () => {
    const { standIn, client, delivered } = await start();

    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('Pledge Exceeded', { version: 1, eventId: 'a'.repeat(32), campaignId: 'c1' }),
          entry('Pledge Fulfilled'),
          entry('Handover Recorded'),
        ],
      }),
    );
    await standIn.idle();

    expect(answer.FailedEntryCount).toBe(0);
    expect(answer.Entries?.map((e) => e.EventId)).toEqual(standIn.events.map((e) => e.id));
    expect(standIn.events[0]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Pledge Exceeded',
      source: 'pledge-tracker',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'us-east-1',
      resources: [],
      detail: { version: 1, eventId: 'a'.repeat(32), campaignId: 'c1' },
    });
    expect(delivered.map((d) => [d.target, d.event['detail-type']]).sort()).toEqual([
      ['Auditor', 'Handover Recorded'],
      ['Notifier', 'Pledge Exceeded'],
    ]);
    expect({ calls: standIn.putEventsCalls, deadLetters: standIn.deadLetters }).toEqual({
      calls: 1,
      deadLetters: [],
    });
  });

  it('answers each bad entry with its own error and accepts the others', async () => {
    const { standIn, client, delivered } = await start();

    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          { ...entry('Pledge Exceeded'), Detail: '{not json' },
          { ...entry('Pledge Exceeded'), Detail: '[1, 2]' },
          { ...entry('Pledge Exceeded'), EventBusName: 'someone-elses-bus' },
          { ...entry('Pledge Exceeded'), EventBusName: undefined },
          { ...entry('Pledge Exceeded'), Source: undefined },
          {
            ...entry('Pledge Exceeded'),
            EventBusName: `arn:aws:events:us-east-1:000000000000:event-bus/${busName}`,
          },
        ],
      }),
    );
    await standIn.idle();

    expect(answer.FailedEntryCount).toBe(5);
    expect(answer.Entries).toEqual([
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus someone-elses-bus does not exist.' },
      { ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'Event bus default does not exist.' },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      { EventId: expect.any(String) },
    ]);
    expect(delivered).toHaveLength(1);
  });

  it('refuses a call of more than 10 entries, or over 256 KB, as a whole, like AWS', async () => {
    const { standIn, client } = await start();

    const tooMany = client.send(
      new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry('Handover Recorded')) }),
    );
    await expect(tooMany).rejects.toMatchObject({
      name: 'ValidationException',
      $metadata: { httpStatusCode: 400 },
    });
    const big = { version: 1, eventId: 'e', padding: 'x'.repeat(200 * 1024) };
    const tooBig = client.send(
      new PutEventsCommand({ Entries: [entry('Handover Recorded', big), entry('Handover Recorded', big)] }),
    );
    await expect(tooBig).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });

    expect({ events: standIn.events.length, calls: standIn.putEventsCalls }).toEqual({ events: 0, calls: 2 });
  });

  it('answers an operation it does not implement with an AWS JSON error', async () => {
    const { client } = await start();

    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('reports an entry as InternalFailure when the fault hook says so, and neither keeps nor delivers it', async () => {
    const { standIn, client, delivered } = await start({
      faults: { putEventsFailEntry: (e) => e.DetailType === 'Pledge Exceeded' },
    });

    const answer = await client.send(
      new PutEventsCommand({ Entries: [entry('Pledge Exceeded'), entry('Handover Recorded')] }),
    );
    await standIn.idle();

    expect(answer).toMatchObject({
      FailedEntryCount: 1,
      Entries: [
        { ErrorCode: 'InternalFailure', ErrorMessage: expect.stringContaining('Injected fault') },
        { EventId: expect.any(String) },
      ],
    });
    expect(standIn.events.map((e) => e['detail-type'])).toEqual(['Handover Recorded']);
    expect(delivered.map((d) => d.target)).toEqual(['Auditor']);
  });

  it('retries a failing target with backoff until it succeeds', async () => {
    let calls = 0;
    const { standIn, client } = await start({
      invokeTarget: async () => {
        calls++;
        if (calls < 3) throw new Error('not yet');
      },
    });

    await client.send(new PutEventsCommand({ Entries: [entry('Pledge Exceeded')] }));
    await standIn.idle();

    expect({ calls, deliveries: standIn.deliveries, deadLetters: standIn.deadLetters }).toEqual({
      calls: 3,
      deliveries: 3,
      deadLetters: [],
    });
  });

  it('puts the event in the dead-letter list (and file) once the retry policy is spent', async () => {
    const deadLetterFile = join(dataDir, 'eventbridge-dlq.jsonl');
    const { standIn, client } = await start({
      deadLetterFile,
      invokeTarget: async () => {
        throw new TypeError('the notifier broke');
      },
    });

    await client.send(new PutEventsCommand({ Entries: [entry('Pledge Exceeded')] }));
    await standIn.idle();

    const expected = {
      event: standIn.events[0],
      attributes: {
        RULE_ARN: 'arn:aws:events:us-east-1:000000000000:rule/pledge-tracker/NotifyOnExceeded',
        TARGET_ARN: 'arn:aws:lambda:us-east-1:000000000000:function:pledge-tracker-Notifier',
        ERROR_CODE: 'TypeError',
        ERROR_MESSAGE: 'the notifier broke',
        EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        RETRY_ATTEMPTS: 3,
      },
      at: expect.any(String),
    };
    expect(standIn.deadLetters).toEqual([expected]);
    expect(standIn.deliveries).toBe(1 + exceededRule.target.retry.maximumRetryAttempts);
    expect(
      readFileSync(deadLetterFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([expected]);
  });

  it('stops retrying when the event would outlive its maximum age', async () => {
    const shortLived: EventRuleDeclaration = {
      ...exceededRule,
      target: { ...exceededRule.target, retry: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 0.05 } },
    };
    const { standIn, client } = await start({
      rules: [shortLived],
      retryBaseDelayMs: 20,
      invokeTarget: async () => {
        throw new Error('down');
      },
    });

    await client.send(new PutEventsCommand({ Entries: [entry('Pledge Exceeded')] }));
    await standIn.idle();

    expect(standIn.deadLetters).toMatchObject([
      { attributes: { EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds' } },
    ]);
    expect(standIn.deliveries).toBeLessThan(5);
  });
});

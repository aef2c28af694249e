// The leadership notifier with mocked DynamoDB and SNS: claim, publish, mark sent; once per crossing.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../../shared/domain/ledger-changes';
import * as z from '../../../shared/schemas/zod';
import { lambdaContext } from '../../support/http-events';
import { buildHandler, conditionalCheckFailed, ledgerTableName, topicArn } from './support';

const ddb = mockClient(DynamoDBDocumentClient);
const sns = mockClient(SNSClient);
let handler: (event: EventBridgeEvent<string, unknown>) => Promise<void>;

beforeAll(async () => {
  const built =
    await buildHandler<
      (event: EventBridgeEvent<string, unknown>, context: typeof lambdaContext) => Promise<void>
    >('notify-leadership');
  handler = (event) => built(event, lambdaContext);
});

const now = '2018-12-20T02:00:00.000Z';
const later = '2018-12-20T02:05:00.000Z';

/** Every SDK call in the order made, so the claim → publish → mark-sent sequence is asserted whole. */
let calls: { command: string; input: unknown }[];

beforeEach(() => {
  ddb.reset();
  sns.reset();
  calls = [];
  vi.useFakeTimers({ now: new Date(now), toFake: ['Date'] });
  ddb.on(PutCommand).callsFake(async (input) => {
    calls.push({ command: 'Put', input });
    return {};
  });
  ddb.on(UpdateCommand).callsFake(async (input) => {
    calls.push({ command: 'Update', input });
    return {};
  });
  firstOfTheDay(eventId);
  sns.on(PublishCommand).callsFake(async (input) => {
    calls.push({ command: 'Publish', input });
    return { MessageId: 'message-1' };
  });
});

afterEach(() => {
  vi.useRealTimers();
});

const eventId = eventIdFor('3b8f0c2e6a1d4f7b9e5c2a8d1f6b3e70', 'Pledge Exceeded');
const occurredAt = '2018-12-19T09:30:00.000Z';

const detail = {
  version: 1,
  eventId,
  campaignId: 'longbien-2018',
  occurredAt,
  pledgeId: 'pledgemttq00001',
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 15,
  delivered: 29,
  surplus: 14,
};

const exceeded = (eventDetail: unknown): EventBridgeEvent<string, unknown> => ({
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'Pledge Exceeded',
  source: 'pledge-tracker',
  account: '123456789012',
  time: occurredAt,
  region: 'us-east-1',
  resources: [],
  detail: eventDetail,
});

const vietnamese = 'Ủy ban MTTQ quận đã bàn giao 29 nhà đại đoàn kết (vượt 14 nhà so với đăng ký 15).';
const english =
  'Ủy ban MTTQ quận has handed over 29 great-unity houses (14 houses more than the 15 pledged).';
const subject = 'Vuot dang ky / Pledge exceeded: Uy ban MTTQ quan';
const key = { pk: 'NOTIFICATIONS#longbien-2018', sk: `${occurredAt}#${eventId}` };
// 09:30 UTC is 16:30 in Vietnam, on the 19th.
const dayKey = { pk: 'NOTIFICATION-DAYS#longbien-2018', sk: 'pledgemttq00001#2018-12-19' };

/** Counts the crossing on its pledge's day; only the day's first is notified. */
const reserve = (id = eventId, day = dayKey) => ({
  command: 'Update',
  input: {
    TableName: ledgerTableName,
    Key: day,
    UpdateExpression:
      'SET #type = :type, firstEventId = if_not_exists(firstEventId, :eventId) ADD crossings :crossing',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': 'notification-day', ':eventId': id, ':crossing': new Set([id]) },
    ReturnValues: 'ALL_NEW',
  },
});

const storedNotification = {
  ...key,
  type: 'notification',
  campaignId: 'longbien-2018',
  eventId,
  eventType: 'Pledge Exceeded',
  pledgeId: 'pledgemttq00001',
  organizationId: 'mttq-long-bien',
  organizationName: 'Ủy ban MTTQ quận',
  category: 'great-unity-house',
  target: 15,
  delivered: 29,
  surplus: 14,
  occurredAt,
  subject,
  message: { vi: vietnamese, en: english },
  status: 'pending',
  createdAt: now,
  // The claim's lease: a minute, longer than the notifier's timeout.
  claimedUntil: '2018-12-20T02:01:00.000Z',
};

const claim = {
  command: 'Put',
  input: {
    TableName: ledgerTableName,
    Item: storedNotification,
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
};

const publish = {
  command: 'Publish',
  input: {
    TopicArn: topicArn,
    Subject: subject,
    Message: `${vietnamese}\n\n${english}`,
    MessageAttributes: {
      campaignId: { DataType: 'String', StringValue: 'longbien-2018' },
      category: { DataType: 'String', StringValue: 'great-unity-house' },
      eventType: { DataType: 'String', StringValue: 'Pledge Exceeded' },
      eventId: { DataType: 'String', StringValue: eventId },
    },
  },
};

const markSent = {
  command: 'Update',
  input: {
    TableName: ledgerTableName,
    Key: key,
    UpdateExpression: 'SET #status = :sent, sentAt = :at',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':sent': 'sent', ':at': now },
  },
};

/** The pledge's day item answers that `first` was the day's first crossing. */
function firstOfTheDay(first: string) {
  ddb.on(UpdateCommand, { Key: dayKey }).callsFake(async (input) => {
    calls.push({ command: 'Update', input });
    return {
      Attributes: {
        firstEventId: first,
        crossings: new Set([first, input.ExpressionAttributeValues[':eventId']]),
      },
    };
  });
}

/** The claim of an earlier delivery is already stored: DynamoDB refuses the put and hands it back. */
function claimedBefore(status: 'pending' | 'sent', claimedUntil = '2018-12-19T09:31:05.000Z') {
  ddb.on(PutCommand).callsFake(async (input) => {
    calls.push({ command: 'Put', input });
    throw conditionalCheckFailed({
      ...storedNotification,
      createdAt: '2018-12-19T09:30:05.000Z',
      claimedUntil,
      status,
      ...(status === 'sent' ? { sentAt: '2018-12-19T09:30:06.000Z' } : {}),
    });
  });
}

const takeOver = (previous: string, until = storedNotification.claimedUntil) => ({
  command: 'Update',
  input: {
    TableName: ledgerTableName,
    Key: key,
    UpdateExpression: 'SET claimedUntil = :until',
    ConditionExpression: '#status = :pending AND claimedUntil = :previous',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':until': until, ':pending': 'pending', ':previous': previous },
  },
});

const release = (mine = storedNotification.claimedUntil) => ({
  command: 'Update',
  input: {
    TableName: ledgerTableName,
    Key: key,
    UpdateExpression: 'SET claimedUntil = :released',
    ConditionExpression: '#status = :pending AND claimedUntil = :mine',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':released': '1970-01-01T00:00:00.000Z',
      ':pending': 'pending',
      ':mine': mine,
    },
  },
});

describe('notifying leadership of an exceeded pledge', () => {
  it('claims the crossing, publishes one SNS message in Vietnamese then English, then marks it sent', async () => {
    const result = await handler(exceeded(detail));

    expect(calls).toEqual([reserve(), claim, publish, markSent]);
    expect(result).toBeUndefined();
  });

  it('gives SNS a printable ASCII subject under 100 characters', async () => {
    await handler(exceeded(detail));

    const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject ?? '');
    expect(subjects.map((s) => [s, /^[\x20-\x7e]*$/.test(s), s.length < 100])).toEqual([
      [subject, true, true],
    ]);
  });

  it('publishes nothing for a redelivered event whose notification was already sent', async () => {
    claimedBefore('sent');

    await handler(exceeded(detail));

    expect(calls).toEqual([reserve(), claim]);
  });

  it('takes over, publishes once and marks sent when an earlier attempt died between its claim and its publish', async () => {
    claimedBefore('pending', '2018-12-19T09:31:05.000Z');

    await handler(exceeded(detail));

    expect(calls).toEqual([reserve(), claim, takeOver('2018-12-19T09:31:05.000Z'), publish, markSent]);
  });

  it('waits (rejects, to be retried) while another delivery of the same event holds a live claim', async () => {
    claimedBefore('pending', '2018-12-20T02:00:30.000Z');

    const outcome = handler(exceeded(detail));

    await expect(outcome).rejects.toThrow(`Another delivery of ${eventId} is publishing it; retry later`);
    expect(calls).toEqual([reserve(), claim]);
  });

  it('waits when another delivery took over the expired claim first', async () => {
    claimedBefore('pending', '2018-12-19T09:31:05.000Z');
    ddb.on(UpdateCommand).callsFake(async (input) => {
      calls.push({ command: 'Update', input });
      throw conditionalCheckFailed({ ...storedNotification, claimedUntil: '2018-12-20T02:00:59.000Z' });
    });
    firstOfTheDay(eventId);

    await expect(handler(exceeded(detail))).rejects.toThrow('retry later');
    expect(calls).toEqual([reserve(), claim, takeOver('2018-12-19T09:31:05.000Z')]);
  });

  it('rejects when SNS fails, so EventBridge retries, and marks nothing sent', async () => {
    const failure = new Error('SNS is unavailable');
    sns.on(PublishCommand).callsFake(async (input) => {
      calls.push({ command: 'Publish', input });
      throw failure;
    });

    const outcome = handler(exceeded(detail));

    await expect(outcome).rejects.toBe(failure);
    expect(calls).toEqual([reserve(), claim, publish, release()]);
  });

  it('publishes after a retry that follows a failed SNS call: the pending claim is not mistaken for sent', async () => {
    sns
      .on(PublishCommand)
      .rejectsOnce(new Error('SNS is unavailable'))
      .callsFake(async (input) => {
        calls.push({ command: 'Publish', input });
        return { MessageId: 'message-2' };
      });
    await expect(handler(exceeded(detail))).rejects.toThrow('SNS is unavailable');
    // The failed attempt gave its claim back, so the retry takes it over at once.
    claimedBefore('pending', '1970-01-01T00:00:00.000Z');
    vi.setSystemTime(new Date(later));

    await handler(exceeded(detail));

    const laterLease = '2018-12-20T02:06:00.000Z';
    expect(calls).toEqual([
      reserve(),
      claim,
      release(),
      reserve(),
      {
        ...claim,
        input: {
          ...claim.input,
          Item: { ...storedNotification, createdAt: later, claimedUntil: laterLease },
        },
      },
      takeOver('1970-01-01T00:00:00.000Z', laterLease),
      publish,
      {
        ...markSent,
        input: { ...markSent.input, ExpressionAttributeValues: { ':sent': 'sent', ':at': later } },
      },
    ]);
  });

  it('counts a later crossing of the same pledge on the same day and sends nothing for it', async () => {
    const laterEventId = eventIdFor('9c1d7e5a3b2f4e6d8a0b1c2d3e4f5a6b', 'Pledge Exceeded');
    firstOfTheDay(eventId);

    const result = await handler(exceeded({ ...detail, eventId: laterEventId, delivered: 30, surplus: 15 }));

    expect(result).toBeUndefined();
    expect(calls).toEqual([reserve(laterEventId)]);
    expect(sns.commandCalls(PublishCommand)).toEqual([]);
  });

  it("notifies a crossing on the pledge's next day in Vietnam, though it is the same day in UTC", async () => {
    // 17:30 UTC on the 19th is 00:30 on the 20th in Vietnam.
    const nextDay = { pk: dayKey.pk, sk: 'pledgemttq00001#2018-12-20' };
    ddb.on(UpdateCommand, { Key: nextDay }).callsFake(async (input) => {
      calls.push({ command: 'Update', input });
      return { Attributes: { firstEventId: eventId } };
    });

    await handler(exceeded({ ...detail, occurredAt: '2018-12-19T17:30:00.000Z' }));

    expect(calls[0]).toEqual(reserve(eventId, nextDay));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it.each<{ what: string; eventDetail: unknown }>([
    { what: 'a detail without its surplus', eventDetail: { ...detail, surplus: undefined } },
    { what: 'a detail of an unknown version', eventDetail: { ...detail, version: 2 } },
    { what: 'an event id that is not one of ours', eventDetail: { ...detail, eventId: 'not-an-event-id' } },
    {
      what: 'a detail with a field it should not carry',
      eventDetail: { ...detail, beneficiary: 'Nguyễn Thị A' },
    },
    { what: 'no detail at all', eventDetail: undefined },
  ])('rejects $what without touching DynamoDB or SNS', async ({ eventDetail }) => {
    const outcome = handler(exceeded(eventDetail));

    await expect(outcome).rejects.toBeInstanceOf(z.core.$ZodError);
    expect([calls, ddb.calls().length, sns.calls().length]).toEqual([[], 0, 0]);
  });
});

// EventBridgePublisher with a mocked EventBridge: batches of 10, only refused entries sent again, bounded attempts.
import {
  EventBridgeClient,
  EventBridgeServiceException,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
  type PutEventsResultEntry,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBridgePublisher } from '../../shared/adapters/eventbridge-publisher';
import { retryPolicy } from '../../shared/retry';

const eventBridge = mockClient(EventBridgeClient);
const busName = 'pledge-tracker-unit';

beforeEach(() => {
  eventBridge.reset();
});

const events = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    detailType: 'Handover Recorded',
    detail: { version: 1, eventId: `event-${i}`, categoryDelivered: i + 1 },
  }));

const entry = (i: number): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: 'pledge-tracker',
  DetailType: 'Handover Recorded',
  Detail: JSON.stringify({ version: 1, eventId: `event-${i}`, categoryDelivered: i + 1 }),
});

const entries = (...indexes: number[]) => ({ Entries: indexes.map(entry) });
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

const accepted = (i: number): PutEventsResultEntry => ({ EventId: `eb-${i}` });
const refused: PutEventsResultEntry = {
  ErrorCode: 'InternalFailure',
  ErrorMessage: 'Internal service error',
};

/** PutEvents answers one result entry per request entry, in order, refusing those `refuses` picks. */
function answerRefusing(refuses: (e: PutEventsRequestEntry) => boolean) {
  return (input: PutEventsCommandInput) => {
    const results = (input.Entries ?? []).map((e, i) => (refuses(e) ? refused : accepted(i)));
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  };
}

const putEventsInputs = () => eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input);

const publisher = (sleep = async (_ms: number) => {}) =>
  new EventBridgePublisher({
    client: new EventBridgeClient({ region: 'us-east-1' }),
    busName,
    retry: { sleep },
  });

describe('EventBridgePublisher', () => {
  it('sends 25 events as three PutEvents calls of 10, 10 and 5 entries, in order', async () => {
    eventBridge.on(PutEventsCommand).callsFake(answerRefusing(() => false));

    const failed = await publisher().publish(events(25));

    expect(putEventsInputs()).toEqual([
      entries(...range(0, 10)),
      entries(...range(10, 20)),
      entries(...range(20, 25)),
    ]);
    expect(failed).toEqual([]);
  });

  it('sends again only the entry PutEvents refused, and reports nothing failed once it is taken', async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({ FailedEntryCount: 1, Entries: [accepted(0), refused, accepted(2)] })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [accepted(0)] });

    const failed = await publisher().publish(events(3));

    expect(putEventsInputs()).toEqual([entries(0, 1, 2), entries(1)]);
    expect(failed).toEqual([]);
  });

  it(`returns the index of an entry that is still refused after ${retryPolicy.attempts} calls`, async () => {
    eventBridge
      .on(PutEventsCommand)
      .callsFake(answerRefusing((e) => e.Detail === JSON.stringify(events(12)[11]?.detail)));
    const sleep = vi.fn(async (_ms: number) => {});

    const failed = await publisher(sleep).publish(events(12));

    expect(putEventsInputs()).toEqual([
      entries(...range(0, 10)),
      entries(10, 11),
      ...Array.from({ length: retryPolicy.attempts - 1 }, () => entries(11)),
    ]);
    expect(failed).toEqual([11]);
    expect(sleep).toHaveBeenCalledTimes(retryPolicy.attempts - 1);
  });

  it('tries a whole call that threw again, with the same entries', async () => {
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(
        new EventBridgeServiceException({
          name: 'ServiceUnavailable',
          $fault: 'server',
          $metadata: { httpStatusCode: 503 },
          message: 'Service unavailable',
        }),
      )
      .callsFake(answerRefusing(() => false));

    const failed = await publisher().publish(events(3));

    expect(putEventsInputs()).toEqual([entries(0, 1, 2), entries(0, 1, 2)]);
    expect(failed).toEqual([]);
  });

  it('reports every entry of a batch whose calls all threw, and still sends the next batch', async () => {
    eventBridge.on(PutEventsCommand).callsFake((input: PutEventsCommandInput) => {
      if (input.Entries?.length === 10) throw new Error('socket hang up');
      return answerRefusing(() => false)(input);
    });

    const failed = await publisher().publish(events(12));

    expect(putEventsInputs()).toEqual([
      ...Array.from({ length: retryPolicy.attempts }, () => entries(...range(0, 10))),
      entries(10, 11),
    ]);
    expect(failed).toEqual(range(0, 10));
  });

  it('makes no call for no events', async () => {
    const failed = await publisher().publish([]);

    expect([putEventsInputs(), failed]).toEqual([[], []]);
  });
});

// Configuration and the composition root: one schema names a bad variable; a function lacking a table or a
// client learns which, on first use, and nothing reads process.env but readConfig.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, vi } from 'vitest';
import { eventPublisherFor } from '../../shared/adapters/eventbridge-publisher';
import { leadershipChannelFor } from '../../shared/adapters/sns-leadership-channel';
import { ConfigError, readConfig } from '../../shared/config';
import { createDeps, documentClient } from '../../shared/container';
import { deferred } from '../../shared/lazy-handler';
import { type Handler, invoke } from '../support/http-events';
import { campaignItem } from './handlers/support';

const dynamo = documentClient(new DynamoDBClient({ region: 'us-east-1' }));

describe('readConfig', () => {
  it('reads the tables, the bus, the topic and the cache setting a function is given', () => {
    const config = readConfig({
      LEDGER_TABLE_NAME: 'ledger',
      HANDOVERS_TABLE_NAME: 'handovers',
      AUDIT_TABLE_NAME: 'audit',
      EVENT_BUS_NAME: 'bus',
      LEADERSHIP_TOPIC_ARN: 'arn:aws:sns:ap-southeast-1:123456789012:leadership',
      HANDOVER_CONTEXT_CACHE_SECONDS: '60',
    });

    expect(config).toEqual({
      ledgerTableName: 'ledger',
      handoversTableName: 'handovers',
      auditTableName: 'audit',
      eventBusName: 'bus',
      leadershipTopicArn: 'arn:aws:sns:ap-southeast-1:123456789012:leadership',
      handoverContextCacheSeconds: 60,
      // Invitations are e-mailed unless a runtime without mail says otherwise.
      staffInviteDelivery: 'email',
      requireMfa: 'false',
    });
  });

  it('keeps the handover context for five minutes unless told otherwise, and treats empty as absent', () => {
    expect(readConfig({ LEDGER_TABLE_NAME: 'ledger', HANDOVERS_TABLE_NAME: '' })).toEqual({
      ledgerTableName: 'ledger',
      handoverContextCacheSeconds: 300,
      staffInviteDelivery: 'email',
      requireMfa: 'false',
    });
  });

  it.each([
    [{ LEDGER_TABLE_NAME: 'ab' }, 'LEDGER_TABLE_NAME'],
    [{ HANDOVER_CONTEXT_CACHE_SECONDS: 'soon' }, 'HANDOVER_CONTEXT_CACHE_SECONDS'],
    [{ HANDOVER_CONTEXT_CACHE_SECONDS: '7200' }, 'HANDOVER_CONTEXT_CACHE_SECONDS'],
    [{ LEADERSHIP_TOPIC_ARN: 'leadership' }, 'LEADERSHIP_TOPIC_ARN'],
    [{ USER_POOL_ID: 'pool' }, 'USER_POOL_ID'],
    [{ STAFF_INVITE_DELIVERY: 'sms' }, 'STAFF_INVITE_DELIVERY'],
  ])('refuses %o, naming %s', (env, variable) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(new RegExp(`^Invalid environment variable ${variable}: `));
  });
});

describe('createDeps', () => {
  it('builds what the configuration and clients allow, and names what a function lacks on first use', async () => {
    const deps = createDeps(readConfig({ LEDGER_TABLE_NAME: 'ledger' }), { dynamo });

    expect(typeof deps.ledger.getCampaign).toBe('function');
    expect(() => deps.handovers.get).toThrow(
      'This function was not given environment variable HANDOVERS_TABLE_NAME (needed for get)',
    );
    expect(() => deps.publisher.publish).toThrow(
      'This function was not given the event publisher (EventBridge) (needed for publish)',
    );
  });

  it('builds an adapter on another service from its setting, or names the variable it lacks', () => {
    const client = new EventBridgeClient({ region: 'us-east-1' });

    expect(typeof eventPublisherFor(readConfig({ EVENT_BUS_NAME: 'bus' }), client).publish).toBe('function');
    expect(() => eventPublisherFor(readConfig({}), client).publish).toThrow(
      'This function was not given environment variable EVENT_BUS_NAME (needed for publish)',
    );
    expect(
      () => leadershipChannelFor(readConfig({}), new SNSClient({ region: 'us-east-1' })).publish,
    ).toThrow('This function was not given environment variable LEADERSHIP_TOPIC_ARN (needed for publish)');
  });

  it('names the missing client when the configuration is complete', () => {
    const deps = createDeps(readConfig({ LEDGER_TABLE_NAME: 'ledger' }), {});

    expect(() => deps.ledger.getCampaign).toThrow('This function was not given a DynamoDB client');
  });

  it('can be logged or awaited without failing: only a real use fails', async () => {
    const deps = createDeps(readConfig({}), {});

    expect(JSON.stringify({ audit: deps.audit })).toBe('{"audit":{}}');
    await expect(Promise.resolve(deps.audit)).resolves.toBe(deps.audit);
  });
});

describe('deferred', () => {
  it('builds the deps on their first use only, once', () => {
    let builds = 0;
    const deps = deferred(() => {
      builds++;
      return { clock: { now: () => new Date(0) } };
    });

    expect(builds).toBe(0);
    expect(deps.clock.now()).toEqual(new Date(0));
    expect(deps.clock.now()).toEqual(new Date(0));
    expect(builds).toBe(1);
  });
});

describe('a deployed handler', () => {
  it('reads its table from the environment on its first request, as Lambda gives it', async () => {
    const ddb = mockClient(DynamoDBDocumentClient);
    ddb.on(GetCommand).resolves({ Item: { ...campaignItem } });
    vi.stubEnv('LEDGER_TABLE_NAME', 'ledger-deployed');
    vi.stubEnv('AWS_REGION', 'us-east-1');
    const { handler } = await import('../../functions/get-campaign');

    const answer = await invoke(handler as Handler, 'GET /v1/campaigns/{campaignId}', {
      pathParameters: { campaignId: 'longbien-2018' },
    });

    expect(answer.status).toBe(200);
    expect(ddb.commandCalls(GetCommand).map((call) => call.args[0].input)).toEqual([
      { TableName: 'ledger-deployed', Key: { pk: 'CAMPAIGN#longbien-2018', sk: 'CAMPAIGN' } },
    ]);
    vi.unstubAllEnvs();
  });
});

// The event pipeline's templates, checked against shared/event-routing.ts: the stream trigger, the bus, its archive
// and rules, the leadership topic, every failure queue with its alarm, and who may put or publish what.
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RuleConsumer, WatchedQueue } from '../../infra/stateless-stack';
import { eventSource } from '../../shared/domain/events';
import { eventBus, eventRules, leadershipTopic, ledgerStreamConsumer } from '../../shared/event-routing';
import { ledgerTable } from '../../shared/tables';
import {
  actionsOf,
  exportOf,
  exportsReferring,
  importOf,
  logicalId,
  resource,
  resources,
  type Statement,
  type Synthesized,
  statementsOf,
  synthesize,
  testStages,
} from './synth';

const emails = testStages.prod.leadershipEmails;

/** Deployed with two leadership addresses; a throwaway copy. Synthesized once for the file. */
let lasting: Synthesized;
let throwaway: Synthesized;

beforeAll(() => {
  lasting = synthesize();
  throwaway = synthesize({ ephemeral: 'true' });
});

/** The stateful stack's exports, as the stateless stack imports them. */
function imported(value: unknown): { 'Fn::ImportValue': string } {
  return importOf(exportOf(lasting.stateful, value));
}

function keyOf(owner: { node: { path: string }; encryptionKey?: IKey; masterKey?: IKey }): IKey {
  const key = owner.encryptionKey ?? owner.masterKey;
  if (!key) throw new Error(`${owner.node.path} has no customer-managed key`);
  return key;
}

/** Logical ids in the stateful stack. */
function ids() {
  const { stateful } = lasting.tracker;
  return {
    bus: logicalId(stateful.eventBus),
    topic: logicalId(stateful.leadershipTopic),
    topicKey: logicalId(keyOf(stateful.leadershipTopic)),
    ledger: logicalId(stateful.ledger),
    ledgerKey: logicalId(keyOf(stateful.ledger)),
    handovers: logicalId(stateful.handovers),
    handoversKey: logicalId(keyOf(stateful.handovers)),
  };
}

function ruleConsumer(name: string): RuleConsumer {
  const found = lasting.tracker.stateless.ruleConsumers.get(name);
  if (!found) throw new Error(`No rule consumer ${name}`);
  return found;
}

function notifier(): RuleConsumer {
  const found = [...lasting.tracker.stateless.ruleConsumers.values()].find(
    (c) => c.declaration.target.handler === 'notify-leadership',
  );
  if (!found) throw new Error('No rule targets notify-leadership');
  return found;
}

function watchedQueues(synthesized: Synthesized): { name: string; watched: WatchedQueue }[] {
  const { streamProcessor, ruleConsumers, scheduledJobs } = synthesized.tracker.stateless;
  return [
    { name: `${ledgerStreamConsumer.name} on-failure`, watched: streamProcessor.onFailure },
    ...[...ruleConsumers.values()].map((c) => ({
      name: `${c.declaration.name} dead letters`,
      watched: c.deadLetters,
    })),
    // Runs of a schedule that failed past EventBridge Scheduler's retries (#15).
    ...[...scheduledJobs.values()].map((job) => ({
      name: `${job.declaration.name} dead letters`,
      watched: job.deadLetters,
    })),
  ];
}

function allStatements(synthesized: Synthesized): { roles: unknown; statement: Statement }[] {
  return Object.values(resources(synthesized.stateless, 'AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement.map((statement) => ({
      roles: policy.Properties.Roles,
      statement,
    })),
  );
}

describe('the event bus', () => {
  it('is a custom bus named after its stack, retained with the stateful data', () => {
    const bus = resource(lasting.stateful, ids().bus);

    expect(bus).toEqual({
      Type: 'AWS::Events::EventBus',
      Properties: {
        Name: `${lasting.tracker.stateful.stackName}-events`,
        Description: expect.any(String),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it(`archives every ${eventSource} event for ${eventBus.archiveRetentionDays} days, for replay`, () => {
    const archives = Object.values(resources(lasting.stateful, 'AWS::Events::Archive'));

    expect(archives).toEqual([
      {
        Type: 'AWS::Events::Archive',
        Properties: {
          SourceArn: { 'Fn::GetAtt': [ids().bus, 'Arn'] },
          EventPattern: { source: [eventSource] },
          RetentionDays: eventBus.archiveRetentionDays,
          Description: expect.any(String),
          // CDK's way of saying "no customer-managed key": events carry no personal data.
          KmsKeyIdentifier: '',
        },
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
      },
    ]);
  });

  it('is deleted with its archive in a throwaway stack', () => {
    const policies = [
      ...Object.values(resources(throwaway.stateful, 'AWS::Events::EventBus')),
      ...Object.values(resources(throwaway.stateful, 'AWS::Events::Archive')),
    ].map((r) => r.DeletionPolicy);

    expect(policies).toEqual(['Delete', 'Delete']);
  });
});

describe('the leadership topic', () => {
  it('is encrypted with its own rotating customer-managed key and retained', () => {
    const { topic, topicKey } = ids();

    const found = resource(lasting.stateful, topic);
    const key = resource(lasting.stateful, topicKey);

    expect(found).toEqual({
      Type: 'AWS::SNS::Topic',
      Properties: { DisplayName: 'Pledge Tracker', KmsMasterKeyId: { 'Fn::GetAtt': [topicKey, 'Arn'] } },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('refuses publishing without TLS', () => {
    const policies = Object.values(resources(lasting.stateful, 'AWS::SNS::TopicPolicy'))
      .map((p) => p.Properties)
      .filter((p) => JSON.stringify(p.Topics) === JSON.stringify([{ Ref: ids().topic }]));

    expect(policies).toEqual([
      {
        Topics: [{ Ref: ids().topic }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'AllowPublishThroughSSLOnly',
              Effect: 'Deny',
              Principal: '*',
              Action: 'sns:Publish',
              Resource: { Ref: ids().topic },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            },
          ],
        },
      },
    ]);
  });

  it("subscribes each address of the stage's leadershipEmails by email", () => {
    const subscriptions = Object.values(resources(lasting.stateful, 'AWS::SNS::Subscription'))
      .map((s) => s.Properties)
      .filter((s) => JSON.stringify(s.TopicArn) === JSON.stringify({ Ref: ids().topic }));

    expect(subscriptions).toEqual(
      emails.map((email) => ({ Protocol: 'email', Endpoint: email, TopicArn: { Ref: ids().topic } })),
    );
  });

  it('has no subscriptions in a stage without leadership addresses', () => {
    const dev = synthesize({ stage: 'dev' });
    const topic = logicalId(dev.tracker.stateful.leadershipTopic);

    const subscriptions = Object.values(resources(dev.stateful, 'AWS::SNS::Subscription')).filter(
      (s) => JSON.stringify(s.Properties.TopicArn) === JSON.stringify({ Ref: topic }),
    );

    expect(subscriptions).toEqual([]);
  });

  it('is deleted with its key, after the shortest wait, in a throwaway stack', () => {
    const { leadershipTopic: topic } = throwaway.tracker.stateful;

    const found = resource(throwaway.stateful, logicalId(topic));
    const keyResource = resource(throwaway.stateful, logicalId(keyOf(topic)));

    expect([
      found.DeletionPolicy,
      keyResource.DeletionPolicy,
      keyResource.Properties.PendingWindowInDays,
    ]).toEqual(['Delete', 'Delete', 7]);
  });
});

describe('the ledger stream processor', () => {
  it('is triggered by the ledger stream with the declared settings, filters and on-failure queue', () => {
    const { streamProcessor } = lasting.tracker.stateless;
    const mappings = Object.values(resources(lasting.stateless, 'AWS::Lambda::EventSourceMapping'));
    const consumer = ledgerStreamConsumer;

    const properties = mappings.map((m) => m.Properties);
    const patterns = (
      properties[0]?.FilterCriteria as { Filters: { Pattern: string }[] } | undefined
    )?.Filters.map((f) => JSON.parse(f.Pattern));

    expect(properties).toEqual([
      {
        EventSourceArn: imported({ 'Fn::GetAtt': [ids().ledger, 'StreamArn'] }),
        FunctionName: { Ref: logicalId(streamProcessor.function.lambda) },
        StartingPosition: consumer.startingPosition,
        BatchSize: consumer.batchSize,
        MaximumBatchingWindowInSeconds: consumer.maxBatchingWindowSeconds,
        BisectBatchOnFunctionError: consumer.bisectBatchOnError,
        MaximumRetryAttempts: consumer.retryAttempts,
        MaximumRecordAgeInSeconds: consumer.maxRecordAgeSeconds,
        ParallelizationFactor: consumer.parallelizationFactor,
        FunctionResponseTypes: consumer.reportBatchItemFailures ? ['ReportBatchItemFailures'] : undefined,
        FilterCriteria: { Filters: consumer.filters.map(() => ({ Pattern: expect.any(String) })) },
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(streamProcessor.onFailure.queue), 'Arn'] } },
        },
      },
    ]);
    expect(patterns).toEqual(consumer.filters);
  });

  it('learns the bus name and nothing else', () => {
    const fn = lasting.tracker.stateless.streamProcessor.function;

    const environment = resource(lasting.stateless, logicalId(fn.lambda)).Properties.Environment;

    expect(environment).toEqual({
      Variables: {
        NODE_OPTIONS: '--enable-source-maps',
        [eventBus.envVar]: imported({ Ref: ids().bus }),
      },
    });
  });

  it("may read the ledger's stream, put events on the bus and report failures, and nothing more", () => {
    const { function: fn, onFailure } = lasting.tracker.stateless.streamProcessor;
    const { bus, ledger, ledgerKey } = ids();

    const statements = statementsOf(lasting.stateless, logicalId(fn.role));

    expect(statements.map((s) => ({ Action: s.Action, Resource: s.Resource })).sort(byJson)).toEqual(
      [
        {
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] },
        },
        { Action: 'events:PutEvents', Resource: imported({ 'Fn::GetAtt': [bus, 'Arn'] }) },
        {
          Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
          Resource: { 'Fn::GetAtt': [logicalId(onFailure.queue), 'Arn'] },
        },
        { Action: 'dynamodb:ListStreams', Resource: '*' },
        {
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: imported({ 'Fn::GetAtt': [ledgerKey, 'Arn'] }),
        },
        {
          Action: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
          Resource: imported({ 'Fn::GetAtt': [ledger, 'StreamArn'] }),
        },
      ].sort(byJson),
    );
  });

  it('has a 30 s timeout, so a slow batch is not bisected for nothing, and otherwise our defaults', () => {
    const fn = lasting.tracker.stateless.streamProcessor.function;

    const properties = resource(lasting.stateless, logicalId(fn.lambda)).Properties;

    expect(properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 30,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(fn.logGroup) } },
    });
  });
});

describe.each(eventRules)('the rule $name', (declaration) => {
  it('listens on our bus for exactly the declared pattern', () => {
    const consumer = ruleConsumer(declaration.name);

    const properties = resource(lasting.stateless, logicalId(consumer.rule)).Properties;

    expect({ ...properties, Targets: undefined }).toEqual({
      EventBusName: imported({ Ref: ids().bus }),
      EventPattern: declaration.pattern,
      Description: declaration.description,
      State: 'ENABLED',
      Targets: undefined,
    });
  });

  it(`delivers to ${declaration.target.name} with the declared retry policy and a dead-letter queue`, () => {
    const consumer = ruleConsumer(declaration.name);
    const { retry } = declaration.target;

    const targets = resource(lasting.stateless, logicalId(consumer.rule)).Properties.Targets;

    expect(targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [logicalId(consumer.function.lambda), 'Arn'] },
        RetryPolicy: {
          MaximumRetryAttempts: retry.maximumRetryAttempts,
          MaximumEventAgeInSeconds: retry.maximumEventAgeSeconds,
        },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(consumer.deadLetters.queue), 'Arn'] } },
      },
    ]);
  });

  it('is the only one that may invoke its target or fill its dead-letter queue', () => {
    const consumer = ruleConsumer(declaration.name);
    const ruleArn = { 'Fn::GetAtt': [logicalId(consumer.rule), 'Arn'] };
    const queueId = logicalId(consumer.deadLetters.queue);

    const permissions = Object.values(resources(lasting.stateless, 'AWS::Lambda::Permission'))
      .map((p) => p.Properties)
      .filter((p) => p.Principal === 'events.amazonaws.com');
    const queueStatements = Object.values(resources(lasting.stateless, 'AWS::SQS::QueuePolicy'))
      .filter((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .filter((s) => s.Effect === 'Allow');

    expect(permissions).toContainEqual({
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [logicalId(consumer.function.lambda), 'Arn'] },
      Principal: 'events.amazonaws.com',
      SourceArn: ruleArn,
    });
    expect(queueStatements).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      }),
    ]);
  });
});

describe('the leadership notifier', () => {
  it('learns the ledger table and the leadership topic', () => {
    const fn = notifier().function;

    const environment = resource(lasting.stateless, logicalId(fn.lambda)).Properties.Environment;

    expect(environment).toEqual({
      Variables: {
        NODE_OPTIONS: '--enable-source-maps',
        [ledgerTable.envVar]: imported({ Ref: ids().ledger }),
        [leadershipTopic.envVar]: imported({ Ref: ids().topic }),
      },
    });
  });

  it('may read and write the ledger, publish to the leadership topic with its key, and dead-letter, nothing more', () => {
    const consumer = notifier();
    const fn = consumer.function;
    const { ledger, ledgerKey, topic, topicKey } = ids();
    const deadLetters = { 'Fn::GetAtt': [logicalId(consumer.deadLetters.queue), 'Arn'] };

    const statements = statementsOf(lasting.stateless, logicalId(fn.role));
    const actionsOn = (value: unknown) =>
      statements.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(value)).flatMap(actionsOf);

    expect(statements.map((s) => JSON.stringify(s.Resource)).sort()).toEqual(
      [
        { 'Fn::GetAtt': [logicalId(fn.logGroup), 'Arn'] },
        imported({ 'Fn::GetAtt': [ledger, 'Arn'] }),
        imported({ 'Fn::GetAtt': [ledgerKey, 'Arn'] }),
        imported({ Ref: topic }),
        imported({ 'Fn::GetAtt': [topicKey, 'Arn'] }),
        deadLetters,
      ]
        .map((r) => JSON.stringify(r))
        .sort(),
    );
    expect(actionsOn(deadLetters).sort()).toEqual([
      'sqs:GetQueueAttributes',
      'sqs:GetQueueUrl',
      'sqs:SendMessage',
    ]);
    expect(actionsOn(imported({ 'Fn::GetAtt': [ledger, 'Arn'] }))).toEqual(
      expect.arrayContaining([
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      ]),
    );
    expect(actionsOn(imported({ Ref: topic }))).toEqual(['sns:Publish']);
    expect(actionsOn(imported({ 'Fn::GetAtt': [topicKey, 'Arn'] }))).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey*',
    ]);
  });

  it('sends an event it failed on, past the two async retries, to the rule dead-letter queue', () => {
    const consumer = notifier();

    const configs = Object.values(lasting.stateless.findResources('AWS::Lambda::EventInvokeConfig'));

    expect(configs.map((c) => c.Properties)).toEqual([
      {
        FunctionName: { Ref: logicalId(consumer.function.lambda) },
        Qualifier: '$LATEST',
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: consumer.declaration.target.retry.maximumEventAgeSeconds,
        DestinationConfig: {
          OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(consumer.deadLetters.queue), 'Arn'] } },
        },
      },
    ]);
  });

  it('runs with our defaults, logging to its own retained log group', () => {
    const fn = notifier().function;

    const properties = resource(lasting.stateless, logicalId(fn.lambda)).Properties;
    const logGroup = resource(lasting.stateless, logicalId(fn.logGroup));

    expect(properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(fn.logGroup) } },
    });
    expect(logGroup.DeletionPolicy).toBe('Retain');
  });
});

describe('grants across the app', () => {
  it('lets only the stream processor put events, and only on our bus', () => {
    const processorRole = { Ref: logicalId(lasting.tracker.stateless.streamProcessor.function.role) };

    const puts = allStatements(lasting).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('events:')),
    );

    expect(puts).toEqual([
      {
        roles: [processorRole],
        statement: expect.objectContaining({
          Action: 'events:PutEvents',
          Resource: imported({ 'Fn::GetAtt': [ids().bus, 'Arn'] }),
        }),
      },
    ]);
  });

  it('lets only the notifier and the schedules publish, each to its own topic', () => {
    const roleOf = (fn: { role: IConstruct }) => ({ Ref: logicalId(fn.role) });
    const jobs = lasting.tracker.stateless.scheduledJobs;
    const job = (name: string) => {
      const found = jobs.get(name);
      if (!found) throw new Error(`No schedule ${name}`);
      return found.function;
    };
    const leadership = imported({ Ref: ids().topic });
    const organizations = imported({ Ref: logicalId(lasting.tracker.stateful.organizationTopic) });
    const publishTo = (fn: { role: IConstruct }, topic: unknown) => ({
      roles: [roleOf(fn)],
      statement: expect.objectContaining({ Action: 'sns:Publish', Resource: topic }),
    });

    const publishes = allStatements(lasting).filter(({ statement }) =>
      actionsOf(statement).some((a) => a.startsWith('sns:')),
    );

    const expected = [
      publishTo(notifier().function, leadership),
      publishTo(job('WeeklyDigest'), leadership),
      publishTo(job('DailyCheck'), organizations),
    ];
    expect(publishes).toHaveLength(expected.length);
    expect(publishes).toEqual(expect.arrayContaining(expected));
  });

  it('gives the event pipeline nothing on the handovers table or its key', () => {
    const { streamProcessor } = lasting.tracker.stateless;
    const forbidden = exportsReferring(lasting.stateful, [ids().handovers, ids().handoversKey]);
    const functions = [
      streamProcessor.function,
      ...[...lasting.tracker.stateless.ruleConsumers.values()].map((c) => c.function),
    ];

    const leaks = functions.filter((fn) => {
      const text = JSON.stringify([
        statementsOf(lasting.stateless, logicalId(fn.role)),
        resource(lasting.stateless, logicalId(fn.lambda)).Properties.Environment,
      ]);
      return forbidden.some((name) => text.includes(JSON.stringify(name)));
    });

    expect(forbidden.length).toBeGreaterThan(0);
    expect(leaks.map((fn) => fn.node.id)).toEqual([]);
  });
});

describe('failure queues', () => {
  it('exist for the stream trigger, every rule target and every schedule, and nowhere else', () => {
    const queueIds = Object.keys(resources(lasting.stateless, 'AWS::SQS::Queue'));

    expect(queueIds.sort()).toEqual(
      watchedQueues(lasting)
        .map(({ watched }) => logicalId(watched.queue))
        .sort(),
    );
  });

  it('are encrypted, refuse requests without TLS and keep messages for 14 days', () => {
    const queues = resources(lasting.stateless, 'AWS::SQS::Queue');
    const policies = Object.values(resources(lasting.stateless, 'AWS::SQS::QueuePolicy'));

    for (const [id, queue] of Object.entries(queues)) {
      const deny = policies
        .filter((p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: id }]))
        .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
        .filter((s) => s.Effect === 'Deny');

      expect(queue.Properties).toEqual({
        MessageRetentionPeriod: 14 * 24 * 60 * 60,
        SqsManagedSseEnabled: true,
      });
      expect(deny).toEqual([
        {
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 'sqs:*',
          Resource: { 'Fn::GetAtt': [id, 'Arn'] },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]);
    }
  });

  it('each have one alarm that goes off at the first visible message and tells the operations topic', () => {
    const alarms = Object.values(resources(lasting.stateless, 'AWS::CloudWatch::Alarm'))
      .map((a) => a.Properties)
      .filter((a) => a.Namespace === 'AWS/SQS');
    const opsTopic = [imported({ Ref: logicalId(lasting.tracker.stateful.opsTopic) })];

    const expected = watchedQueues(lasting).map(({ watched }) => ({
      AlarmDescription: expect.any(String),
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(watched.queue), 'QueueName'] } }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: opsTopic,
      OKActions: opsTopic,
    }));
    expect(alarms).toHaveLength(expected.length);
    expect(alarms).toEqual(expect.arrayContaining(expected));
  });

  it('are retained in a lasting stack and deleted in a throwaway one', () => {
    const policies = (synthesized: Synthesized) =>
      Object.values(resources(synthesized.stateless, 'AWS::SQS::Queue')).map((q) => [
        q.DeletionPolicy,
        q.UpdateReplacePolicy,
      ]);

    expect(policies(lasting)).toEqual(watchedQueues(lasting).map(() => ['Retain', 'Retain']));
    expect(policies(throwaway)).toEqual(watchedQueues(throwaway).map(() => ['Delete', 'Delete']));
  });
});

function byJson(a: unknown, b: unknown): number {
  return JSON.stringify(a).localeCompare(JSON.stringify(b));
}

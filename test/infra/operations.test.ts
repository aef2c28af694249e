// Operations in the synthesized templates: the operations topic and who hears from it, every alarm with its
// threshold (infra/monitoring.ts), the dashboard, and the tables' backup plan.
import { beforeAll, describe, expect, it } from 'vitest';
import { tableOperations, thresholds } from '../../infra/monitoring';
import { backupRules } from '../../infra/stateful-stack';
import { ledgerStreamConsumer } from '../../shared/event-routing';
import { metricNames } from '../../shared/metric-names';
import { routes } from '../../shared/routes';
import {
  exportOf,
  importOf,
  logicalId,
  type Resource,
  resources,
  type Synthesized,
  synthesize,
  testStages,
} from './synth';

let lasting: Synthesized;
let throwaway: Synthesized;

beforeAll(() => {
  lasting = synthesize();
  throwaway = synthesize({ ephemeral: 'true' });
});

type AlarmProperties = Record<string, unknown>;

/** Every alarm of the stateless stack, by the construct id under Monitoring (or its queue's id). */
function alarmsById(): Record<string, AlarmProperties> {
  const { stateless } = lasting.tracker;
  const byLogicalId = resources(lasting.stateless, 'AWS::CloudWatch::Alarm');
  return Object.fromEntries(
    stateless.monitoring.alarms.map((alarm) => [
      alarm.node.id,
      (byLogicalId[logicalId(alarm)] as Resource).Properties,
    ]),
  );
}

function opsTopicActions() {
  const topic = importOf(exportOf(lasting.stateful, { Ref: logicalId(lasting.tracker.stateful.opsTopic) }));
  return { AlarmActions: [topic], OKActions: [topic] };
}

function functionName(id: string) {
  const { stateless } = lasting.tracker;
  const fn =
    stateless.endpoints.get(id)?.function ??
    (id === ledgerStreamConsumer.name ? stateless.streamProcessor.function : undefined) ??
    [...stateless.ruleConsumers.values()].find((c) => c.declaration.target.name === id)?.function;
  if (!fn) throw new Error(`No function ${id}`);
  return { Ref: logicalId(fn.lambda) };
}

const common = {
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
  AlarmDescription: expect.any(String),
};

describe('the operations topic', () => {
  it("is encrypted under its own key, subscribes the stage's opsEmails, and lets only this account's alarms publish", () => {
    const topicId = logicalId(lasting.tracker.stateful.opsTopic);
    const keyId = logicalId(lasting.tracker.stateful.opsTopic.masterKey as never);

    const topic = resources(lasting.stateful, 'AWS::SNS::Topic')[topicId];
    const subscriptions = Object.values(resources(lasting.stateful, 'AWS::SNS::Subscription'))
      .map((s) => s.Properties)
      .filter((s) => JSON.stringify(s.TopicArn) === JSON.stringify({ Ref: topicId }));
    const policy = Object.values(resources(lasting.stateful, 'AWS::SNS::TopicPolicy')).find(
      (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]),
    );
    const keyStatements = (
      (resources(lasting.stateful, 'AWS::KMS::Key')[keyId]?.Properties.KeyPolicy ?? {}) as {
        Statement: unknown[];
      }
    ).Statement;

    expect(topic?.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    expect(topic?.DeletionPolicy).toBe('Retain');
    expect(subscriptions).toEqual(
      testStages.prod.opsEmails.map((email) => ({
        Protocol: 'email',
        Endpoint: email,
        TopicArn: { Ref: topicId },
      })),
    );
    const fromAlarms = {
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': ['', ['arn:aws:cloudwatch:ap-southeast-1:', { Ref: 'AWS::AccountId' }, ':alarm:*']],
        },
      },
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    };
    expect(((policy?.Properties.PolicyDocument ?? {}) as { Statement: unknown[] }).Statement).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Condition: fromAlarms,
      }),
    );
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });
});

describe('alarms', () => {
  it('every one tells the operations topic when it goes off and when it is over, and treats no data as no trouble', () => {
    const alarms = Object.values(resources(lasting.stateless, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );

    expect(alarms.length).toBe(lasting.tracker.stateless.monitoring.alarms.length);
    for (const alarm of alarms) expect(alarm).toMatchObject({ ...common, ...opsTopicActions() });
  });

  it.each([
    ...routes.map((r) => [r.name, thresholds.functionErrors, 300] as const),
    [ledgerStreamConsumer.name, thresholds.functionErrors, 300] as const,
    ['NotifyLeadership', thresholds.ruleTargetErrors, 900] as const,
  ])("watches %s's errors (≥ %i per %i s) and throttles (≥ 1 per 5 minutes)", (name, errors, period) => {
    const alarms = alarmsById();

    expect([alarms[`${name}Errors`], alarms[`${name}Throttles`]]).toEqual([
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: functionName(name) }],
        Statistic: 'Sum',
        Period: period,
        EvaluationPeriods: 1,
        Threshold: errors,
      }),
      expect.objectContaining({
        Namespace: 'AWS/Lambda',
        MetricName: 'Throttles',
        Dimensions: [{ Name: 'FunctionName', Value: functionName(name) }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: thresholds.functionThrottles,
      }),
    ]);
  });

  it('watches the share of 5xx answers of the API, once there are 10 requests in five minutes', () => {
    const alarm = alarmsById().Api5xxRate;
    const apiId = { Ref: logicalId(lasting.tracker.stateless.api) };

    expect(alarm).toMatchObject({ Threshold: 5, EvaluationPeriods: 1 });
    expect(alarm?.Metrics).toEqual([
      {
        Id: 'expr_1',
        Label: 'API 5xx %',
        Expression: 'IF(requests >= 10, 100 * errors / requests, 0)',
        ReturnData: true,
      },
      ...[
        ['requests', 'Count'],
        ['errors', '5xx'],
      ].map(([id, metricName]) => ({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApiGateway',
            MetricName: metricName,
            Dimensions: [{ Name: 'ApiId', Value: apiId }],
          },
          Period: 300,
          Stat: 'Sum',
        },
        ReturnData: false,
      })),
    ]);
  });

  it("watches the handover function's p95 duration: over 1 s for 15 minutes", () => {
    expect(alarmsById().HandoverLatencyP95).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Duration',
      Dimensions: [{ Name: 'FunctionName', Value: functionName('RecordHandover') }],
      ExtendedStatistic: 'p95',
      Period: 300,
      EvaluationPeriods: 3,
      Threshold: 1000,
    });
  });

  it("watches the ledger stream's iterator age: 5 minutes behind", () => {
    expect(alarmsById().StreamIteratorAge).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: functionName(ledgerStreamConsumer.name) }],
      Statistic: 'Maximum',
      Period: 300,
      Threshold: 300_000,
    });
  });

  it.each(['Ledger', 'Handovers', 'Audit'])(
    'watches the %s table: any throttled request, five system errors in five minutes',
    (name) => {
      const alarms = alarmsById();
      const table = (lasting.tracker.stateful as unknown as Record<string, { node: unknown }>)[
        name.toLowerCase()
      ];
      const tableName = importOf(exportOf(lasting.stateful, { Ref: logicalId(table as never) }));
      const metricIds = (alarm: AlarmProperties | undefined) =>
        ((alarm?.Metrics ?? []) as { Id: string; MetricStat?: { Metric: Record<string, unknown> } }[])
          .filter((m) => m.MetricStat)
          .map((m) => m.MetricStat?.Metric);

      expect(alarms[`${name}TableThrottles`]).toMatchObject({ Threshold: 1, EvaluationPeriods: 1 });
      expect(metricIds(alarms[`${name}TableThrottles`])).toEqual(
        ['ReadThrottleEvents', 'WriteThrottleEvents'].map((metricName) => ({
          Namespace: 'AWS/DynamoDB',
          MetricName: metricName,
          Dimensions: [{ Name: 'TableName', Value: tableName }],
        })),
      );
      expect(alarms[`${name}TableSystemErrors`]).toMatchObject({ Threshold: 5, EvaluationPeriods: 1 });
      expect(metricIds(alarms[`${name}TableSystemErrors`])).toEqual(
        tableOperations.map((operation) => ({
          Namespace: 'AWS/DynamoDB',
          MetricName: 'SystemErrors',
          Dimensions: [
            { Name: 'Operation', Value: operation },
            { Name: 'TableName', Value: tableName },
          ],
        })),
      );
    },
  );

  it("watches the notifier's failures (3 in 15 minutes) and leadership e-mails SNS could not deliver (the first)", () => {
    const alarms = alarmsById();
    const leadershipTopic = importOf(
      exportOf(lasting.stateful, {
        'Fn::GetAtt': [logicalId(lasting.tracker.stateful.leadershipTopic), 'TopicName'],
      }),
    );

    expect([alarms.NotifierFailures, alarms.LeadershipDeliveryFailures]).toEqual([
      expect.objectContaining({
        Namespace: 'PledgeTracker',
        MetricName: metricNames.notificationFailed,
        Dimensions: [{ Name: 'service', Value: 'pledge-tracker' }],
        Statistic: 'Sum',
        Period: 900,
        Threshold: 3,
      }),
      expect.objectContaining({
        Namespace: 'AWS/SNS',
        MetricName: 'NumberOfNotificationsFailed',
        Dimensions: [{ Name: 'TopicName', Value: leadershipTopic }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
      }),
    ]);
  });

  it('include the failure queues’ alarms, which now have an action too', () => {
    const { streamProcessor, ruleConsumers } = lasting.tracker.stateless;

    expect(lasting.tracker.stateless.monitoring.alarms).toEqual(
      expect.arrayContaining([
        streamProcessor.onFailure.alarm,
        ...[...ruleConsumers.values()].map((c) => c.deadLetters.alarm),
      ]),
    );
  });
});

describe('the dashboard', () => {
  it('shows every alarm, the custom metrics and the AWS metrics the alarms watch', () => {
    const dashboards = Object.values(resources(lasting.stateless, 'AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboards[0]?.Properties.DashboardBody);

    expect(dashboards).toHaveLength(1);
    for (const alarm of lasting.tracker.stateless.monitoring.alarms) {
      expect(body).toContain(`"${logicalId(alarm)}"`);
    }
    for (const name of Object.values(metricNames)) expect(body).toContain(name);
    for (const name of [
      'IteratorAge',
      '5xx',
      'Duration',
      'ReadThrottleEvents',
      'SystemErrors',
      'Throttles',
    ]) {
      expect(body).toContain(name);
    }
  });
});

describe('backups', () => {
  it('back up the three tables daily, kept 35 days, and monthly, kept a year, into a retained vault', () => {
    const plans = Object.values(resources(lasting.stateful, 'AWS::Backup::BackupPlan'));
    const selections = Object.values(resources(lasting.stateful, 'AWS::Backup::BackupSelection'));
    const vaults = Object.values(resources(lasting.stateful, 'AWS::Backup::BackupVault'));
    const { ledger, handovers, audit } = lasting.tracker.stateful;

    expect(
      ((plans[0]?.Properties.BackupPlan ?? {}) as { BackupPlanRule: Record<string, unknown>[] })
        .BackupPlanRule,
    ).toEqual([
      expect.objectContaining({
        RuleName: 'Daily',
        ScheduleExpression: backupRules.daily.schedule,
        Lifecycle: { DeleteAfterDays: 35 },
      }),
      expect.objectContaining({
        RuleName: 'Monthly',
        ScheduleExpression: backupRules.monthly.schedule,
        Lifecycle: { DeleteAfterDays: 365 },
      }),
    ]);
    expect(vaults.map((v) => v.DeletionPolicy)).toEqual(['Retain']);
    expect(((selections[0]?.Properties.BackupSelection ?? {}) as { Resources: unknown[] }).Resources).toEqual(
      [ledger, handovers, audit].map((table) => ({ 'Fn::GetAtt': [logicalId(table), 'Arn'] })),
    );
  });

  it('are not planned for a throwaway stack, whose vault could not be deleted with it', () => {
    expect(resources(throwaway.stateful, 'AWS::Backup::BackupPlan')).toEqual({});
    expect(resources(throwaway.stateful, 'AWS::Backup::BackupVault')).toEqual({});
  });
});

// Alarms that reach people, and a dashboard of the same: every alarm notifies the operations topic (infra/stages.ts
// names who subscribes). Each threshold is explained where it is set; decision 0017 says the same in prose.
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  Stats,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { type ITable, Operation } from 'aws-cdk-lib/aws-dynamodb';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { metricNames, metricsNamespace, metricsService } from '../shared/metric-names';
import type { HandlerFunction } from './handler-function';

/** The DynamoDB operations our adapters send (shared/adapters); system errors are reported per operation. */
export const tableOperations = [
  Operation.GET_ITEM,
  Operation.BATCH_GET_ITEM,
  Operation.QUERY,
  Operation.PUT_ITEM,
  Operation.UPDATE_ITEM,
  Operation.TRANSACT_WRITE_ITEMS,
] as const;

/**
 * Every threshold, with why. Periods are five minutes unless said otherwise: CloudWatch's standard resolution
 * for AWS metrics is one minute, and five smooths a single slow request without hiding an outage for long.
 */
export const thresholds = {
  /**
   * Lambda counts an error only when a function crashes, times out or fails to start: the API's handlers turn
   * every error into a response, and the stream processor reports failed records instead of throwing. None
   * happens in normal operation, so the first one alarms.
   */
  functionErrors: 1,
  /**
   * Rule targets (the notifier) throw on purpose when another delivery of the same crossing is publishing
   * (retried a minute later) and are retried twice by Lambda: three errors in 15 minutes is one crossing that
   * failed every attempt, or several failing at once.
   */
  ruleTargetErrors: 3,
  /** A throttled invocation is a request refused or delayed: the account's concurrency ran out. The first alarms. */
  functionThrottles: 1,
  /**
   * 5 % of the API's answers in five minutes being 5xx, counted only once there were at least 10 requests: our
   * errors are 4xx, so a healthy API answers no 5xx at all; below 10 requests a single failure is no rate.
   */
  api5xxPercent: 5,
  api5xxMinimumRequests: 10,
  /**
   * p95 of the handover function's duration above 1 s for three periods in a row (15 minutes). Recording is
   * one BatchGetItem and one TransactWriteItems, some 20 to 50 ms in AWS; retries of a conflicting transaction
   * add a few hundred. A clerk waiting a second, for a quarter of an hour, means DynamoDB or the function is
   * struggling. (The API's own per-route latency needs detailed metrics: about 6 metrics per route at
   * 0.30 USD each, some 85 USD a month for our routes; the function's duration is free.)
   */
  handoverP95Ms: 1000,
  handoverP95Periods: 3,
  /**
   * The oldest record the stream processor has not yet handled, at most 5 minutes old: leadership hears of a
   * crossing within seconds normally (p95 263 ms locally); at 5 minutes the processor is failing or stuck, long
   * before the mapping gives a record up (6 hours) or the stream drops it (24 hours).
   */
  iteratorAgeMs: 5 * 60 * 1000,
  /** On-demand tables throttle only past a partition's or the table's limits: each throttle is a failed or retried request. */
  tableThrottles: 1,
  /**
   * DynamoDB's own 500s; the SDK retries them, so a single one is noise, five in five minutes on one table is an
   * AWS problem worth knowing (and checking the AWS Health Dashboard for).
   */
  tableSystemErrors: 5,
  /** As ruleTargetErrors, counted by the notifier itself (NotificationFailed), over 15 minutes. */
  notificationFailures: 3,
  /** An e-mail SNS could not deliver to a subscribed leader, after its own retries: someone missed a crossing. */
  leadershipDeliveryFailures: 1,
} as const;

export interface MonitoringProps {
  opsTopic: ITopic;
  leadershipTopic: ITopic;
  api: HttpApi;
  /** By construct id: every function of the stack. */
  functions: ReadonlyMap<string, HandlerFunction>;
  /** The rule targets among them, invoked asynchronously and retried (ruleTargetErrors). */
  ruleTargets: ReadonlySet<HandlerFunction>;
  /** Absent only when a test serves other routes. */
  handoverFunction?: HandlerFunction;
  streamProcessor: HandlerFunction;
  tables: Readonly<Record<string, ITable>>;
  /** The failure queues' alarms, built with their queues. */
  queueAlarms: readonly Alarm[];
}

export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.action = new SnsAction(props.opsTopic);
    for (const alarm of props.queueAlarms) {
      this.notify(alarm);
      this.alarms.push(alarm);
    }
    const fiveMinutes = Duration.minutes(5);

    const errorWidgets: IMetric[] = [];
    const throttleWidgets: IMetric[] = [];
    for (const [name, fn] of props.functions) {
      const target = props.ruleTargets.has(fn);
      const errors = fn.lambda.metricErrors({
        period: target ? Duration.minutes(15) : fiveMinutes,
        statistic: Stats.SUM,
      });
      const throttles = fn.lambda.metricThrottles({ period: fiveMinutes, statistic: Stats.SUM });
      // Labels on the dashboard only: a labelled metric would turn each alarm into a metric-math alarm.
      errorWidgets.push(errors.with({ label: name }));
      throttleWidgets.push(throttles.with({ label: name }));
      this.alarm(`${name}Errors`, {
        metric: errors,
        threshold: target ? thresholds.ruleTargetErrors : thresholds.functionErrors,
        description: target
          ? `${name} failed ${thresholds.ruleTargetErrors} times in 15 minutes: a crossing failed every retry, or several failed. Read its logs; failed events wait in its dead-letter queue.`
          : `${name} crashed, timed out or failed to start. Read its log group for the error (function_request_id names the request).`,
      });
      this.alarm(`${name}Throttles`, {
        metric: throttles,
        threshold: thresholds.functionThrottles,
        description: `${name} was throttled: the account's Lambda concurrency ran out. Check the Lambda concurrency quota of the region (new accounts may have 10).`,
      });
    }

    const apiDimensions = { ApiId: props.api.apiId };
    const requests = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: 'Count',
      dimensionsMap: apiDimensions,
      period: fiveMinutes,
      statistic: Stats.SUM,
    });
    const serverErrors = new Metric({
      namespace: 'AWS/ApiGateway',
      metricName: '5xx',
      dimensionsMap: apiDimensions,
      period: fiveMinutes,
      statistic: Stats.SUM,
    });
    const errorRate = new MathExpression({
      expression: `IF(requests >= ${thresholds.api5xxMinimumRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests, errors: serverErrors },
      period: fiveMinutes,
      label: 'API 5xx %',
    });
    this.alarm('Api5xxRate', {
      metric: errorRate,
      threshold: thresholds.api5xxPercent,
      description: `More than ${thresholds.api5xxPercent} % of the API's answers were 5xx in five minutes (at least ${thresholds.api5xxMinimumRequests} requests). The access log group names each request; the functions' logs say why.`,
    });

    const handoverP95 = props.handoverFunction?.lambda.metricDuration({
      period: fiveMinutes,
      statistic: Stats.p(95),
    });
    if (handoverP95) {
      this.alarm('HandoverLatencyP95', {
        metric: handoverP95,
        threshold: thresholds.handoverP95Ms,
        evaluationPeriods: thresholds.handoverP95Periods,
        description: `Recording a handover took over ${thresholds.handoverP95Ms} ms at p95 for 15 minutes. Check DynamoDB's latency and throttles, and the function's logs for retried transactions.`,
      });
    }

    const iteratorAge = new Metric({
      namespace: 'AWS/Lambda',
      metricName: 'IteratorAge',
      dimensionsMap: { FunctionName: props.streamProcessor.lambda.functionName },
      period: fiveMinutes,
      statistic: Stats.MAXIMUM,
    });
    this.alarm('StreamIteratorAge', {
      metric: iteratorAge,
      threshold: thresholds.iteratorAgeMs,
      description:
        'The ledger stream processor is more than 5 minutes behind: notifications are late. Read its logs; records it gives up on (after 6 hours) go to its on-failure queue.',
    });

    const tableWidgets: GraphWidget[] = [];
    for (const [name, table] of Object.entries(props.tables)) {
      const throttles = new MathExpression({
        // Ids unique across tables: a graph may not hold two metrics of one id.
        expression: `${name.toLowerCase()}Reads + ${name.toLowerCase()}Writes`,
        usingMetrics: {
          [`${name.toLowerCase()}Reads`]: table.metric('ReadThrottleEvents', {
            period: fiveMinutes,
            statistic: Stats.SUM,
          }),
          [`${name.toLowerCase()}Writes`]: table.metric('WriteThrottleEvents', {
            period: fiveMinutes,
            statistic: Stats.SUM,
          }),
        },
        period: fiveMinutes,
        label: `${name} throttled`,
      });
      const systemErrors = table.metricSystemErrorsForOperations({
        operations: [...tableOperations],
        period: fiveMinutes,
        label: `${name} system errors`,
      });
      tableWidgets.push(
        new GraphWidget({
          title: `${name} table`,
          left: [throttles],
          right: [systemErrors],
          width: 8,
          height: 6,
        }),
      );
      this.alarm(`${name}TableThrottles`, {
        metric: throttles,
        threshold: thresholds.tableThrottles,
        description: `DynamoDB throttled requests to the ${name} table. On demand, this means a hot partition or the table's maximum throughput; see its CloudWatch contributor insights or raise the maximum.`,
      });
      this.alarm(`${name}TableSystemErrors`, {
        metric: systemErrors,
        threshold: thresholds.tableSystemErrors,
        description: `DynamoDB answered ${thresholds.tableSystemErrors} or more internal errors for the ${name} table in five minutes. Check the AWS Health Dashboard for the region.`,
      });
    }

    const custom = (metricName: string, period = fiveMinutes) =>
      new Metric({
        namespace: metricsNamespace,
        metricName,
        dimensionsMap: { service: metricsService },
        period,
        statistic: Stats.SUM,
      });
    this.alarm('NotifierFailures', {
      metric: custom(metricNames.notificationFailed, Duration.minutes(15)),
      threshold: thresholds.notificationFailures,
      description: `The notifier failed ${thresholds.notificationFailures} times in 15 minutes to tell leadership of a crossing. Read its logs; events it gave up on wait in its rule's dead-letter queue.`,
    });
    const deliveryFailures = props.leadershipTopic.metricNumberOfNotificationsFailed({
      period: fiveMinutes,
      statistic: Stats.SUM,
    });
    this.alarm('LeadershipDeliveryFailures', {
      metric: deliveryFailures,
      threshold: thresholds.leadershipDeliveryFailures,
      description:
        'SNS could not deliver a leadership e-mail after its retries. Check the subscriptions of the leadership topic (an address that bounces, or was unsubscribed).',
    });

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(1),
    });
    const wide = (title: string, left: IMetric[], right: IMetric[] = []) =>
      new GraphWidget({ title, left, right, width: 12, height: 6 });
    this.dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 6 }),
    );
    this.dashboard.addWidgets(
      wide(
        'Handovers',
        [
          custom(metricNames.handoverRecorded),
          custom(metricNames.handoverReplayed),
          custom(metricNames.handoverVoided),
          custom(metricNames.validationFailed),
        ],
        handoverP95 ? [handoverP95] : [],
      ),
      wide(
        'Crossings and notifications',
        [
          custom(metricNames.pledgeCrossed),
          custom(metricNames.notificationSent),
          custom(metricNames.notificationFailed),
          deliveryFailures,
        ],
        [iteratorAge],
      ),
    );
    this.dashboard.addWidgets(wide('API requests and 5xx', [requests, serverErrors], [errorRate]));
    this.dashboard.addWidgets(...tableWidgets);
    this.dashboard.addWidgets(
      wide('Function errors', errorWidgets),
      wide('Function throttles', throttleWidgets),
    );
  }

  private alarm(
    id: string,
    options: { metric: IMetric; threshold: number; description: string; evaluationPeriods?: number },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data is no traffic, not a failure: an idle district's night must not alarm.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: options.description,
    });
    this.notify(alarm);
    this.alarms.push(alarm);
    return alarm;
  }

  /** Tells the operations topic when the alarm goes off, and again when it is over. */
  private notify(alarm: Alarm): void {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
  }
}

// Code: the HTTP API and one function per declared route, granted exactly the table access the route declares;
// the ledger stream's processor and the bus rules with their targets, built from shared/event-routing.ts.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, TimeZone } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { type EventPattern, type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import {
  eventBus as busDeclaration,
  type EventPattern as DeclaredPattern,
  eventRules as declaredRules,
  type EventRuleDeclaration,
  ledgerStreamConsumer,
  organizationTopic as organizationTopicDeclaration,
  leadershipTopic as topicDeclaration,
} from '../shared/event-routing';
import { corsPolicy, parseAllowedOrigins } from '../shared/http/cors';
import { cognitoEndpoint, identityEnv } from '../shared/identity';
import {
  routes as declaredRoutes,
  type RouteDeclaration,
  type RouteMethod,
  routeMethods,
  type TableAccess,
} from '../shared/routes';
import {
  schedules as declaredSchedules,
  type ScheduleDeclaration,
  scheduledTimePlaceholder,
} from '../shared/schedules';
import { auditTable, handoversTable, ledgerTable } from '../shared/tables';
import { HandlerFunction, type TableUse } from './handler-function';
import { Monitoring } from './monitoring';

export interface StatelessStackProps extends StackProps {
  ledger: ITable;
  handovers: ITable;
  audit: ITable;
  userPool: UserPool;
  userPoolClient: UserPoolClient;
  eventBus: IEventBus;
  leadershipTopic: ITopic;
  /** Reminders to organizations (#15); every subscription filters on `organizationId`. */
  organizationTopic: ITopic;
  /** Where every alarm goes (infra/monitoring.ts). */
  opsTopic: ITopic;
  /** A throwaway stack: its log groups and queues are deleted with it. */
  ephemeral: boolean;
  /** The routes to serve; the declared ones unless a test passes others. */
  routes?: readonly RouteDeclaration[];
  /** The bus rules; the declared ones unless a test passes others. */
  eventRules?: readonly EventRuleDeclaration[];
  /** Origins whose pages may call the API from a browser; none by default (the dashboard is same-origin). */
  allowedOrigins?: readonly string[];
}

type TableName = 'ledger' | 'handovers' | 'audit';

/**
 * The stage's limit for all routes together, far below the account's 10,000 requests per second, so a
 * runaway script or a flood cannot run up Lambda and DynamoDB costs. A district has a few dozen officials,
 * and each open dashboard polls progress every 2.5 s (0.4 requests/s): 100 requests/s carries some 200
 * dashboards left open at once plus the officials' work. A dashboard's first load is about seven requests
 * (page, three assets, campaigns, campaign, progress), so a burst of 200 lets some 25 screens open it at
 * the same moment. Past these, API Gateway answers 429 without calling a function.
 */
export const apiThrottle = { rateLimit: 100, burstLimit: 200 } as const satisfies ThrottleSettings;

/** Lambda retries a failed asynchronous invocation at most twice. */
const asyncRetryAttempts = 2;

/** What a rule target's handler may touch besides receiving its events: declared with the rule. */
export type RuleTargetAccess = Pick<EventRuleDeclaration['target'], 'tables' | 'publishesToLeadership'>;

/**
 * One JSON line per request, without the caller's IP address, user agent or token claims:
 * access logs hold no personal data.
 */
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

/** The declaration's pattern in CDK's spelling; CDK writes `detailType` back as `detail-type`. */
function cdkEventPattern(pattern: DeclaredPattern): EventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return { ...rest, ...(detailType === undefined ? {} : { detailType }) } as EventPattern;
}

/** What the stack built for one declared route. */
export interface Endpoint {
  declaration: RouteDeclaration;
  function: HandlerFunction;
  /** The declared method's route. */
  route: HttpRoute;
  /** HEAD on a GET route's path, to the same function (see routeMethods). */
  headRoute: HttpRoute | undefined;
}

/** A queue for what could not be delivered, and the alarm that goes off as soon as it holds a message. */
export interface WatchedQueue {
  queue: Queue;
  alarm: Alarm;
}

/** The ledger stream's processor: its function and the queue where records that keep failing end up. */
export interface StreamProcessor {
  function: HandlerFunction;
  onFailure: WatchedQueue;
}

/** What the stack built for one declared schedule (#15). */
export interface ScheduledJob {
  declaration: ScheduleDeclaration;
  function: HandlerFunction;
  schedule: Schedule;
  /** What EventBridge Scheduler assumes to invoke the function, in this account only. */
  role: Role;
  deadLetters: WatchedQueue;
}

/** What the stack built for one declared bus rule. */
export interface RuleConsumer {
  declaration: EventRuleDeclaration;
  access: RuleTargetAccess;
  function: HandlerFunction;
  rule: Rule;
  deadLetters: WatchedQueue;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** By route name. */
  readonly endpoints: ReadonlyMap<string, Endpoint>;
  readonly streamProcessor: StreamProcessor;
  /** By rule name. */
  readonly ruleConsumers: ReadonlyMap<string, RuleConsumer>;
  /** By schedule name. */
  readonly scheduledJobs: ReadonlyMap<string, ScheduledJob>;
  readonly monitoring: Monitoring;
  private readonly removalPolicy: RemovalPolicy;
  private readonly tables: Record<TableName, Omit<TableUse, 'access'>>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const removalPolicy = props.ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    this.removalPolicy = removalPolicy;
    this.tables = {
      ledger: { declaration: ledgerTable, table: props.ledger },
      handovers: { declaration: handoversTable, table: props.handovers },
      audit: { declaration: auditTable, table: props.audit },
    };

    const allowedOrigins = parseAllowedOrigins(props.allowedOrigins ?? [], 'allowedOrigins');
    // Cognito's issuer, checked against the token's `iss`; the audience is checked against the ID
    // token's `aud` (or an access token's `client_id`).
    const jwtAuthorizer = new HttpJwtAuthorizer('Cognito', `https://${props.userPool.userPoolProviderUrl}`, {
      jwtAudience: [props.userPoolClient.userPoolClientId],
    });

    this.api = new HttpApi(this, 'Api', {
      apiName: this.stackName,
      description: 'Pledge Tracker API, version 1',
      // Any route added without an explicit authorizer requires a token.
      defaultAuthorizer: jwtAuthorizer,
      // The default stage is declared below, with access logging and throttling.
      createDefaultStage: false,
      // Without allowed origins there is no CORS configuration: browsers refuse cross-origin calls.
      ...(allowedOrigins.length === 0
        ? {}
        : {
            corsPreflight: {
              allowOrigins: allowedOrigins,
              allowMethods: corsPolicy.allowMethods.map((method) => CorsHttpMethod[method]),
              allowHeaders: [...corsPolicy.allowHeaders],
              exposeHeaders: [...corsPolicy.exposeHeaders],
              maxAge: Duration.seconds(corsPolicy.maxAgeSeconds),
            },
          }),
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat },
      throttle: apiThrottle,
    });

    const endpoints = new Map<string, Endpoint>();
    const serving: readonly RouteDeclaration[] = props.routes ?? declaredRoutes;
    for (const route of serving) {
      const uses = this.tableUses(route.tables);
      for (const use of uses) {
        // The design's promise: whoever may call without a token never reaches personal data.
        if (route.access === 'public' && use.declaration.personalData && use.access !== 'none') {
          throw new Error(
            `Route ${route.name} is public but declares ${use.access} access to the ${use.declaration.id} table, which holds personal data`,
          );
        }
      }

      const fn = new HandlerFunction(this, route.name, {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        tables: uses,
        // The page signs in against Cognito's API in this region, with the web client (shared/identity.ts).
        environment: {
          ...('signsIn' in route && route.signsIn
            ? {
                [identityEnv.endpoint]: cognitoEndpoint(Stack.of(this).region),
                [identityEnv.clientId]: props.userPoolClient.userPoolClientId,
              }
            : {}),
          ...(route.userPool ? { [identityEnv.userPoolId]: props.userPool.userPoolId } : {}),
          // Admins and the front committee need TOTP (decision 0013): the signed-in routes refuse them
          // without the trigger's claim, and the page offers to set it up.
          ...(route.access !== 'public' || ('signsIn' in route && route.signsIn)
            ? { [identityEnv.requireMfa]: 'true' }
            : {}),
        },
        logRemovalPolicy: removalPolicy,
      });
      // User administration: exactly the declared operations, on this pool alone.
      if (route.userPool) {
        props.userPool.grant(fn.lambda, ...route.userPool.map((action) => `cognito-idp:${action}`));
      }
      const integration = new HttpLambdaIntegration(`${route.name}Integration`, fn.lambda);
      const routeFor = (method: RouteMethod, id: string) =>
        new HttpRoute(this, id, {
          httpApi: this.api,
          routeKey: HttpRouteKey.with(route.path, HttpMethod[method]),
          integration,
          authorizer: route.access === 'public' ? new HttpNoneAuthorizer() : jwtAuthorizer,
        });
      // The declared method keeps the `<name>Route` id it always had; a GET's HEAD goes to the same function.
      const httpRoute = routeFor(route.method, `${route.name}Route`);
      const headRoute = routeMethods(route).includes('HEAD')
        ? routeFor('HEAD', `${route.name}HeadRoute`)
        : undefined;
      endpoints.set(route.name, { declaration: route, function: fn, route: httpRoute, headRoute });
    }
    this.endpoints = endpoints;

    this.streamProcessor = this.processLedgerStream(props);
    this.ruleConsumers = this.consumeRules(props);
    this.scheduledJobs = this.runSchedules(props);
    this.monitoring = this.monitor(props);

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
  }

  private monitor(props: StatelessStackProps): Monitoring {
    const functions = new Map<string, HandlerFunction>();
    for (const [name, endpoint] of this.endpoints) functions.set(name, endpoint.function);
    functions.set(ledgerStreamConsumer.name, this.streamProcessor.function);
    const ruleTargets = new Set<HandlerFunction>();
    for (const consumer of this.ruleConsumers.values()) {
      functions.set(consumer.declaration.target.name, consumer.function);
      ruleTargets.add(consumer.function);
    }
    // Scheduled runs are retried by EventBridge Scheduler, like rule targets by Lambda: alarmed the same way.
    for (const job of this.scheduledJobs.values()) {
      functions.set(job.declaration.name, job.function);
      ruleTargets.add(job.function);
    }
    const handover = [...this.endpoints.values()].find((e) => e.declaration.handler === 'record-handover');
    return new Monitoring(this, 'Monitoring', {
      opsTopic: props.opsTopic,
      leadershipTopic: props.leadershipTopic,
      api: this.api,
      functions,
      ruleTargets,
      ...(handover ? { handoverFunction: handover.function } : {}),
      streamProcessor: this.streamProcessor.function,
      tables: { Ledger: props.ledger, Handovers: props.handovers, Audit: props.audit },
      queueAlarms: [
        this.streamProcessor.onFailure.alarm,
        ...new Set([...this.ruleConsumers.values()].map((c) => c.deadLetters.alarm)),
        ...[...this.scheduledJobs.values()].map((job) => job.deadLetters.alarm),
      ],
    });
  }

  private tableUses(access: Readonly<Record<TableName, TableAccess>>): TableUse[] {
    return (Object.keys(this.tables) as TableName[]).map((name) => ({
      ...this.tables[name],
      access: access[name],
    }));
  }

  /** The outbox: stream records of pledges and totals become events on the bus. */
  private processLedgerStream(props: StatelessStackProps): StreamProcessor {
    const consumer = ledgerStreamConsumer;
    const fn = new HandlerFunction(this, consumer.name, {
      handler: consumer.handler,
      description: 'Ledger stream → domain events on the bus',
      environment: { [busDeclaration.envVar]: props.eventBus.eventBusName },
      logRemovalPolicy: this.removalPolicy,
      // A timeout fails the whole batch and starts bisection; leave room for throttled PutEvents retries.
      timeout: Duration.seconds(30),
    });
    props.eventBus.grantPutEventsTo(fn.lambda);

    // Lambda sends where the failed records are (shard, sequence numbers), not the records themselves.
    const onFailure = this.watchedQueue(
      `${consumer.name}Failures`,
      `Ledger stream records that ${consumer.name} gave up on. Each message says where they are in the stream; ` +
        'read them before the stream drops them, 24 hours after they were written.',
    );
    fn.lambda.addEventSource(
      new DynamoEventSource(props.ledger, {
        startingPosition: StartingPosition[consumer.startingPosition],
        batchSize: consumer.batchSize,
        maxBatchingWindow: Duration.seconds(consumer.maxBatchingWindowSeconds),
        bisectBatchOnError: consumer.bisectBatchOnError,
        retryAttempts: consumer.retryAttempts,
        maxRecordAge: Duration.seconds(consumer.maxRecordAgeSeconds),
        reportBatchItemFailures: consumer.reportBatchItemFailures,
        parallelizationFactor: consumer.parallelizationFactor,
        filters: consumer.filters.map((pattern) => FilterCriteria.filter(pattern)),
        onFailure: new SqsDlq(onFailure.queue),
      }),
    );
    return { function: fn, onFailure };
  }

  private consumeRules(props: StatelessStackProps): Map<string, RuleConsumer> {
    const consumers = new Map<string, RuleConsumer>();
    const functions = new Map<string, HandlerFunction>();
    for (const declaration of props.eventRules ?? declaredRules) {
      const { target } = declaration;
      const access = target;
      const deadLetters = this.watchedQueue(
        `${declaration.name}DeadLetters`,
        `Events that rule ${declaration.name} could not deliver to ${target.name}, or that ${target.name} ` +
          "failed on past its retries. Each message is the event (or Lambda's record of it); send it again " +
          'to the bus, or replay it from the archive.',
      );
      let fn = functions.get(target.name);
      if (!fn) {
        fn = new HandlerFunction(this, target.name, {
          handler: target.handler,
          description: `Bus rule target: ${target.name}`,
          tables: this.tableUses(access.tables),
          environment: access.publishesToLeadership
            ? { [topicDeclaration.envVar]: props.leadershipTopic.topicArn }
            : {},
          logRemovalPolicy: this.removalPolicy,
        });
        // Also grants the topic key's use: publishing to an encrypted topic needs a data key.
        if (access.publishesToLeadership) props.leadershipTopic.grantPublish(fn.lambda);
        // EventBridge invokes asynchronously: the rule's retry policy covers handing the event over, and
        // Lambda's own async settings cover the function failing. Without these a failed event is dropped.
        fn.lambda.configureAsyncInvoke({
          retryAttempts: asyncRetryAttempts,
          maxEventAge: Duration.seconds(target.retry.maximumEventAgeSeconds),
          onFailure: new SqsDestination(deadLetters.queue),
        });
        functions.set(target.name, fn);
      }

      const rule = new Rule(this, declaration.name, {
        eventBus: props.eventBus,
        description: declaration.description,
        eventPattern: cdkEventPattern(declaration.pattern),
        targets: [
          new LambdaFunction(fn.lambda, {
            retryAttempts: target.retry.maximumRetryAttempts,
            maxEventAge: Duration.seconds(target.retry.maximumEventAgeSeconds),
            deadLetterQueue: deadLetters.queue,
          }),
        ],
      });
      consumers.set(declaration.name, { declaration, access, function: fn, rule, deadLetters });
    }
    return consumers;
  }

  /**
   * EventBridge Scheduler runs each declared schedule's function on its expression, in its time zone, with the
   * run's scheduled time as input (so a retried run reports on its own day); runs that keep failing go to a
   * watched queue.
   */
  private runSchedules(props: StatelessStackProps): Map<string, ScheduledJob> {
    const jobs = new Map<string, ScheduledJob>();
    for (const declaration of declaredSchedules) {
      const fn = new HandlerFunction(this, declaration.name, {
        handler: declaration.handler,
        description: `Schedule: ${declaration.description}`,
        tables: this.tableUses(declaration.tables),
        environment: {
          ...(declaration.publishesToLeadership
            ? { [topicDeclaration.envVar]: props.leadershipTopic.topicArn }
            : {}),
          ...(declaration.publishesToOrganizations
            ? { [organizationTopicDeclaration.envVar]: props.organizationTopic.topicArn }
            : {}),
        },
        logRemovalPolicy: this.removalPolicy,
        timeout: Duration.seconds(declaration.timeoutSeconds),
      });
      if (declaration.publishesToLeadership) props.leadershipTopic.grantPublish(fn.lambda);
      if (declaration.publishesToOrganizations) props.organizationTopic.grantPublish(fn.lambda);
      const deadLetters = this.watchedQueue(
        `${declaration.name}DeadLetters`,
        `Runs of schedule ${declaration.name} that failed past their retries. Each message is the run's input; ` +
          `invoke ${declaration.handler} with it once the cause is fixed (reminders and digests already sent are not sent again).`,
      );
      const role = new Role(this, `${declaration.name}SchedulerRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
      });
      const schedule = new Schedule(this, `${declaration.name}Schedule`, {
        description: declaration.description,
        schedule: ScheduleExpression.expression(declaration.expression, TimeZone.of(declaration.timeZone)),
        target: new LambdaInvoke(fn.lambda, {
          role,
          input: ScheduleTargetInput.fromObject({ scheduledTime: scheduledTimePlaceholder }),
          retryAttempts: declaration.retry.maximumRetryAttempts,
          maxEventAge: Duration.seconds(declaration.retry.maximumEventAgeSeconds),
          deadLetterQueue: deadLetters.queue,
        }),
      });
      jobs.set(declaration.name, { declaration, function: fn, schedule, role, deadLetters });
    }
    return jobs;
  }

  /**
   * SQS-managed encryption: EventBridge and Lambda can write to it without a key policy, and what lands here
   * holds no personal data (events never do; stream failures are only pointers into the stream).
   */
  private watchedQueue(id: string, whatToDo: string): WatchedQueue {
    const queue = new Queue(this, id, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: this.removalPolicy,
    });
    const alarm = new Alarm(this, `${id}Alarm`, {
      alarmDescription: `At least one message is waiting (kept 14 days). ${whatToDo}`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: Stats.MAXIMUM,
      }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      // SQS stops sending metrics for a queue that stays empty and idle.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    return { queue, alarm };
  }
}

// Code: the HTTP API and one function per declared route, granted exactly the table access the route declares.
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { routes as declaredRoutes, type RouteDeclaration } from '../functions/routes';
import { handoversTable, ledgerTable } from '../shared/tables';
import { ApiFunction, type TableUse } from './api-function';

export interface StatelessStackProps extends StackProps {
  ledger: ITable;
  handovers: ITable;
  userPool: UserPool;
  userPoolClient: UserPoolClient;
  /** A throwaway stack: its log groups are deleted with it. */
  ephemeral: boolean;
  /** The routes to serve; the declared ones unless a test passes others. */
  routes?: readonly RouteDeclaration[];
}

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

/** What the stack built for one declared route. */
export interface Endpoint {
  declaration: RouteDeclaration;
  function: ApiFunction;
  route: HttpRoute;
}

export class StatelessStack extends Stack {
  readonly api: HttpApi;
  /** By route name. */
  readonly endpoints: ReadonlyMap<string, Endpoint>;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const removalPolicy = props.ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;

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
      // The default stage is declared below, with access logging.
      createDefaultStage: false,
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
    });

    const tables = {
      ledger: { declaration: ledgerTable, table: props.ledger },
      handovers: { declaration: handoversTable, table: props.handovers },
    };
    const endpoints = new Map<string, Endpoint>();
    for (const route of props.routes ?? declaredRoutes) {
      const uses: TableUse[] = (Object.keys(tables) as (keyof typeof tables)[]).map((name) => ({
        ...tables[name],
        access: route.tables[name],
      }));
      for (const use of uses) {
        // The design's promise: whoever may call without a token never reaches personal data.
        if (route.access === 'public' && use.declaration.personalData && use.access !== 'none') {
          throw new Error(
            `Route ${route.name} is public but declares ${use.access} access to the ${use.declaration.id} table, which holds personal data`,
          );
        }
      }

      const fn = new ApiFunction(this, route.name, {
        handler: route.handler,
        description: `${route.method} ${route.path}`,
        tables: uses,
        logRemovalPolicy: removalPolicy,
      });
      const httpRoute = new HttpRoute(this, `${route.name}Route`, {
        httpApi: this.api,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: new HttpLambdaIntegration(`${route.name}Integration`, fn.lambda),
        authorizer: route.access === 'public' ? new HttpNoneAuthorizer() : jwtAuthorizer,
      });
      endpoints.set(route.name, { declaration: route, function: fn, route: httpRoute });
    }
    this.endpoints = endpoints;

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
  }
}

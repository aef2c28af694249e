// cdk-nag's AwsSolutions checks for the whole app, with each accepted finding acknowledged and justified.
import { type App, type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { TableAccess } from '../shared/routes';
import type { HandlerFunction } from './handler-function';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

/** Registers the checks on the app; findings that are not acknowledged here fail synthesis. */
export function applyNagChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  for (const construct of app.node.findAll()) {
    if (construct instanceof StatefulStack) acknowledgeStateful(construct);
    if (construct instanceof StatelessStack) acknowledgeStateless(construct);
  }
}

function acknowledgeStateful(stack: StatefulStack): void {
  if (stack.backupPlan) {
    Validations.of(stack.backupPlan).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      reason:
        "The backup selection's role is AWS Backup's own service role policy, which AWS keeps current with what " +
        'backing up DynamoDB (and its customer-managed keys) needs. Only backup.amazonaws.com may assume the role, ' +
        'and the plan selects our three tables alone; restores are not granted (allowRestores: false).',
    });
  }
  Validations.of(stack.userPool).acknowledge({
    id: 'AwsSolutions-COG2',
    reason:
      'TOTP MFA is offered to every user; the pool cannot require it per group, so it is required of ' +
      'admins and the front committee by the API (decision 0013: the pre-token-generation trigger adds the ' +
      'mfa claim, signed-in routes refuse those roles without it). Ward and organization staff may have no ' +
      'authenticator app; Plus-tier threat protection blocks leaked passwords and asks risky sign-ins for one.',
  });
}

function acknowledgeStateless(stack: StatelessStack): void {
  // Listed from the route table, so the justification names every public route and nothing else.
  const publicRoutes = [...stack.endpoints.values()]
    .map(({ declaration }) => declaration)
    .filter((declaration) => declaration.access === 'public')
    .map((declaration) => `${declaration.method} ${declaration.path} ("${declaration.summary}")`);
  for (const { declaration, function: fn, route, headRoute } of stack.endpoints.values()) {
    if (declaration.access === 'public') {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${declaration.method} ${declaration.path} is declared public in shared/routes.ts, whose public ` +
          `routes are exactly these: ${publicRoutes.join(', ')}. They are meant for anyone, and anyone sees ` +
          'aggregates, never personal data: the stack refuses to give a public route any access to a table that ' +
          'holds personal data, and grants each function only the access its route declares.',
      });
      if (headRoute) {
        Validations.of(headRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `HEAD ${declaration.path} is ${declaration.method} ${declaration.path}, declared public in ` +
            'shared/routes.ts, without its body: the same function, the same answer, headers only. Every GET ' +
            'route answers HEAD (routeMethods), so HEAD is public exactly where GET is.',
        });
      }
    }
    acknowledgeDataKeys(fn, { writesTables: writesATable(declaration.tables), publishes: false });
  }

  const { function: processor, onFailure } = stack.streamProcessor;
  Validations.of(processor).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'dynamodb:ListStreams, which the event source mapping needs, has no resource-level permissions; it ' +
      "returns stream ARNs, never items. Reading records is granted on the ledger's stream ARN only.",
  });
  const deadLetterQueues = [onFailure.queue];

  const functions = new Set<HandlerFunction>();
  for (const { access, function: fn, deadLetters } of stack.ruleConsumers.values()) {
    deadLetterQueues.push(deadLetters.queue);
    if (functions.has(fn)) continue;
    functions.add(fn);
    acknowledgeDataKeys(fn, {
      writesTables: writesATable(access.tables),
      publishes: access.publishesToLeadership,
    });
  }

  for (const { declaration, function: fn, role, deadLetters } of stack.scheduledJobs.values()) {
    deadLetterQueues.push(deadLetters.queue);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(fn).getLogicalId(fn.lambda.node.defaultChild as CfnElement)}.Arn>:*]`,
      reason:
        `lambda:InvokeFunction on ${declaration.name}'s function and its versions (\`<arn>:*\`), as grantInvoke ` +
        'writes it: the role may invoke that one function and nothing else.',
    });
    acknowledgeDataKeys(fn, {
      writesTables: writesATable(declaration.tables),
      publishes: declaration.publishesToLeadership || declaration.publishesToOrganizations,
    });
  }

  for (const queue of deadLetterQueues) {
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself a dead-letter queue: the on-failure destination of an event source mapping, ' +
        'of an EventBridge target or of an EventBridge Scheduler target, which cdk-nag does not recognise as ' +
        'such. An alarm watches its depth.',
    });
  }
}

/** Writing (or appending to the audit trail) under a customer-managed key needs its data keys. */
function writesATable(tables: Readonly<Record<string, TableAccess>>): boolean {
  return Object.values(tables).some((access) => access === 'write' || access === 'append');
}

/**
 * The wildcard actions that come with using a customer-managed key: DynamoDB needs data keys to write a table,
 * SNS one to encrypt each message published to an encrypted topic.
 */
function acknowledgeDataKeys(fn: HandlerFunction, uses: { writesTables: boolean; publishes: boolean }): void {
  const why = [
    ...(uses.writesTables
      ? [
          'writing to a table under a customer-managed key (grantReadWriteData, or PutItem alone on the audit ' +
            'table; DynamoDB needs data keys to write)',
        ]
      : []),
    ...(uses.publishes
      ? ['grantPublish on an encrypted topic (SNS needs a data key to encrypt each message)']
      : []),
  ];
  const actions = [
    ...(uses.writesTables || uses.publishes ? ['kms:GenerateDataKey*'] : []),
    ...(uses.writesTables ? ['kms:ReEncrypt*'] : []),
  ];
  for (const action of actions) {
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason:
        `${action} comes with ${why.join(' and with ')}. Each statement's resource is one key's ARN, ` +
        'never a wildcard.',
    });
  }
}

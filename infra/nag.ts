// cdk-nag's AwsSolutions checks for the whole app, with each accepted finding acknowledged and justified.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
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
  Validations.of(stack.userPool).acknowledge({
    id: 'AwsSolutions-COG2',
    reason:
      'TOTP MFA is offered to every user but not required: ward and organization staff may have no ' +
      'authenticator app. Plus-tier threat protection blocks leaked passwords and requires a second ' +
      'factor for high-risk sign-ins instead.',
  });
}

function acknowledgeStateless(stack: StatelessStack): void {
  for (const { declaration, function: fn, route } of stack.endpoints.values()) {
    if (declaration.access === 'public') {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${declaration.name} is declared public in functions/routes.ts: anyone may read campaign aggregates, ` +
          'the API description and health, which hold no personal data. The stack refuses to give a public ' +
          'route any access to a table that holds personal data.',
      });
    }
    const writes = declaration.tables.ledger === 'write' || declaration.tables.handovers === 'write';
    if (writes) {
      for (const action of ['kms:ReEncrypt*', 'kms:GenerateDataKey*']) {
        Validations.of(fn).acknowledge({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            `${action} comes with grantReadWriteData on a table under a customer-managed key: DynamoDB needs ` +
            "data keys to write. The statement's resource is that one table's key ARN, never a wildcard.",
        });
      }
    }
  }
}

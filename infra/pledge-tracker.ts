// The whole deployment, used by app.ts and by the tests: the stateful stack and the stateless one, joined by props.
import type { App } from 'aws-cdk-lib';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface PledgeTracker {
  ephemeral: boolean;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * `-c ephemeral=true` makes throwaway stacks. They get their own names, so the flag can never
 * strip deletion protection from the long-lived stacks of the same account.
 */
export function isEphemeral(app: App): boolean {
  const value: unknown = app.node.tryGetContext('ephemeral');
  return value === true || value === 'true';
}

export function addPledgeTracker(app: App): PledgeTracker {
  const ephemeral = isEphemeral(app);
  const prefix = ephemeral ? 'PledgeTrackerEphemeral' : 'PledgeTracker';
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    description: 'Pledge Tracker: tables, their KMS keys and the user pool',
    ephemeral,
  });
  const stateless = new StatelessStack(app, `${prefix}Stateless`, {
    description: 'Pledge Tracker: HTTP API and its functions',
    ephemeral,
    ledger: stateful.ledger,
    handovers: stateful.handovers,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
  });
  return { ephemeral, stateful, stateless };
}

// The whole deployment, used by app.ts and by the tests: the stage's settings (infra/stages.ts), the stateful stack
// and the stateless one, joined by props.
import type { App } from 'aws-cdk-lib';
import { productionStage, StageError, type StageSettings, stageSettings } from './stages';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface PledgeTracker {
  ephemeral: boolean;
  stage: StageSettings;
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

/**
 * Settings that used to come from the command line, which a later deploy could forget and so silently drop
 * every subscription or CORS origin. They live in infra/stages.ts now; giving them fails synthesis rather than
 * being ignored.
 */
const retiredContext = ['leadershipEmails', 'opsEmails', 'allowedOrigins', 'organizationContacts'] as const;

/** The stage's settings from `-c stage=<name>` (infra/stages.ts); refuses the retired context keys. */
export function selectedStage(app: App, table?: Readonly<Record<string, unknown>>): StageSettings {
  for (const key of retiredContext) {
    if (app.node.tryGetContext(key) !== undefined) {
      throw new StageError(
        `Context ${key} is no longer read: put it in infra/stages.ts under the stage you deploy, commit, and ` +
          'deploy with -c stage=<name> alone',
      );
    }
  }
  return stageSettings(app.node.tryGetContext('stage'), table);
}

/** prod keeps the names it has always had; other stages get their own, so they can share an account. */
export function stackPrefix(stage: string, ephemeral: boolean): string {
  const staged =
    stage === productionStage ? 'PledgeTracker' : `PledgeTracker${stage[0]?.toUpperCase()}${stage.slice(1)}`;
  return ephemeral ? `${staged}Ephemeral` : staged;
}

export function addPledgeTracker(app: App, stageTable?: Readonly<Record<string, unknown>>): PledgeTracker {
  const ephemeral = isEphemeral(app);
  const stage = selectedStage(app, stageTable);
  const prefix = stackPrefix(stage.name, ephemeral);
  // Region-specific stacks: the region is part of the committed configuration, not of whoever deploys.
  const env = { region: stage.region, ...(stage.account ? { account: stage.account } : {}) };
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    env,
    description:
      'Pledge Tracker: tables, their KMS keys and backups, the user pool, the event bus, the leadership and operations topics',
    ephemeral,
    leadershipEmails: stage.leadershipEmails,
    opsEmails: stage.opsEmails,
    organizationContacts: stage.organizationContacts,
  });
  const stateless = new StatelessStack(app, `${prefix}Stateless`, {
    env,
    description:
      'Pledge Tracker: HTTP API and its functions, the ledger stream processor, the bus rules, the schedules, alarms and dashboard',
    ephemeral,
    ledger: stateful.ledger,
    handovers: stateful.handovers,
    audit: stateful.audit,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    eventBus: stateful.eventBus,
    leadershipTopic: stateful.leadershipTopic,
    organizationTopic: stateful.organizationTopic,
    opsTopic: stateful.opsTopic,
    allowedOrigins: stage.allowedOrigins,
  });
  return { ephemeral, stage, stateful, stateless };
}

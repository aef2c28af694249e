// The whole deployment, used by app.ts and by the tests: the stateful stack and the stateless one, joined by props.
import type { App } from 'aws-cdk-lib';
import { parseAllowedOrigins } from '../shared/http/cors';
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

/**
 * The leadership's email addresses, from `-c leadershipEmails=a@example.org,b@example.org` or a JSON array in
 * cdk.json / cdk.context.json. A malformed address fails synthesis: its subscription could never be confirmed.
 */
export function leadershipEmails(app: App): string[] {
  const value: unknown = app.node.tryGetContext('leadershipEmails');
  if (value === undefined || value === null) return [];
  const items = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    throw new Error('Context leadershipEmails must be a comma-separated string or an array of strings');
  }
  const emails = items.map((item) => item.trim()).filter((item) => item !== '');
  for (const email of emails) {
    if (!/^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(email)) {
      throw new Error(`Context leadershipEmails: "${email}" is not an email address`);
    }
  }
  return [...new Set(emails)];
}

/**
 * Organizations' contacts for reminders (#15), from `-c organizationContacts='{"hoi-phu-nu-long-bien":["a@example.org"]}'`
 * or an object in cdk.json / cdk.context.json: organization id → e-mail addresses. A malformed id or address
 * fails synthesis.
 */
export function organizationContacts(app: App): Record<string, string[]> {
  const value: unknown = app.node.tryGetContext('organizationContacts');
  if (value === undefined || value === null) return {};
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('Context organizationContacts must map organization ids to arrays of e-mail addresses');
  }
  const contacts: Record<string, string[]> = {};
  for (const [organizationId, emails] of Object.entries(parsed)) {
    if (!/^[a-z0-9][a-z0-9-]{2,62}$/.test(organizationId)) {
      throw new Error(`Context organizationContacts: "${organizationId}" is not an organization id`);
    }
    if (
      !Array.isArray(emails) ||
      !emails.every((e) => typeof e === 'string' && /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(e))
    ) {
      throw new Error(`Context organizationContacts: ${organizationId} needs an array of e-mail addresses`);
    }
    contacts[organizationId] = [...new Set(emails as string[])];
  }
  return contacts;
}

/**
 * Origins whose pages may call the API from a browser, from `-c allowedOrigins=https://a.example,https://b.example`
 * or a JSON array in cdk.json / cdk.context.json. None by default: the dashboard is served by the API itself.
 * A wildcard, a path or plain http (but for http://localhost) fails synthesis.
 */
export function allowedOrigins(app: App): string[] {
  return parseAllowedOrigins(app.node.tryGetContext('allowedOrigins'), 'Context allowedOrigins');
}

export function addPledgeTracker(app: App): PledgeTracker {
  const ephemeral = isEphemeral(app);
  const prefix = ephemeral ? 'PledgeTrackerEphemeral' : 'PledgeTracker';
  const stateful = new StatefulStack(app, `${prefix}Stateful`, {
    description:
      'Pledge Tracker: tables, their KMS keys, the user pool, the event bus and the leadership topic',
    ephemeral,
    leadershipEmails: leadershipEmails(app),
    organizationContacts: organizationContacts(app),
  });
  const stateless = new StatelessStack(app, `${prefix}Stateless`, {
    description:
      'Pledge Tracker: HTTP API and its functions, the ledger stream processor, the bus rules and the schedules',
    ephemeral,
    ledger: stateful.ledger,
    handovers: stateful.handovers,
    audit: stateful.audit,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    eventBus: stateful.eventBus,
    leadershipTopic: stateful.leadershipTopic,
    organizationTopic: stateful.organizationTopic,
    allowedOrigins: allowedOrigins(app),
  });
  return { ephemeral, stateful, stateless };
}

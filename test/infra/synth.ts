// Builds the CDK app as infra/app.ts does (same stacks, same cdk-nag acknowledgements) and reads its templates.
import { readFileSync } from 'node:fs';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { applyNagChecks } from '../../infra/nag';
import { addPledgeTracker, type PledgeTracker } from '../../infra/pledge-tracker';

export interface Synthesized {
  app: App;
  tracker: PledgeTracker;
  stateful: Template;
  stateless: Template;
}

export interface Resource {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/**
 * Skips bundling (the context key CDK itself sets for `cdk deploy <stack>`), so a test run does not run
 * esbuild once per function; bundling.test.ts and `npm run synth` cover it.
 */
export const skipBundling = { 'aws:cdk:bundling-stacks': [] };

/** An app with the context that the CLI gives infra/app.ts (cdk.json's feature flags), plus `context`. */
export function newApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJson.context, ...context } });
}

/**
 * The stages the tests deploy: `prod` as a district would fill it in (addresses that are not examples, which
 * prod refuses), and `dev` with origins. The committed infra/stages.ts is tested on its own (stages.test.ts).
 */
export const testStages = {
  prod: {
    region: 'ap-southeast-1',
    leadershipEmails: ['lead@quan-long-bien.vn', 'deputy@quan-long-bien.vn'],
    opsEmails: ['it@quan-long-bien.vn'],
    allowedOrigins: [],
  },
  dev: {
    region: 'ap-southeast-1',
    leadershipEmails: [],
    opsEmails: ['dev@quan-long-bien.vn'],
    allowedOrigins: [
      'https://a.example',
      ' https://b.example:8443',
      'https://a.example',
      'http://localhost:5173',
    ],
  },
};

/** Both stacks of `-c stage=prod` (or the stage the context names) from `stageTable`. */
export function synthesize(
  context: Record<string, unknown> = {},
  stageTable: Readonly<Record<string, unknown>> = testStages,
): Synthesized {
  const app = newApp({ ...skipBundling, stage: 'prod', ...context });
  const tracker = addPledgeTracker(app, stageTable);
  applyNagChecks(app);
  return {
    app,
    tracker,
    stateful: Template.fromStack(tracker.stateful),
    stateless: Template.fromStack(tracker.stateless),
  };
}

/** The logical id of an L2 construct's CloudFormation resource. */
export function logicalId(construct: IConstruct): string {
  return Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnElement);
}

/** Resources without properties get an empty object, so tests need not guard every access. */
function withProperties(found: Partial<Resource> & { Type: string }): Resource {
  return { ...found, Properties: found.Properties ?? {} };
}

export function resources(template: Template, type: string): Record<string, Resource> {
  const found = template.findResources(type) as Record<string, Partial<Resource> & { Type: string }>;
  return Object.fromEntries(Object.entries(found).map(([id, r]) => [id, withProperties(r)]));
}

export function resource(template: Template, id: string): Resource {
  const found = (template.toJSON().Resources as Record<string, Partial<Resource> & { Type: string }>)[id];
  if (!found) throw new Error(`No resource ${id} in the template`);
  return withProperties(found);
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every statement of every policy attached to the role, inline or separate. */
export function statementsOf(template: Template, roleId: string): Statement[] {
  const role = resource(template, roleId);
  const inline = (
    (role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]
  ).flatMap((policy) => policy.PolicyDocument.Statement);
  const attached = Object.values(resources(template, 'AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(JSON.stringify({ Ref: roleId })))
    .flatMap(
      (policy) =>
        (policy.Properties as { PolicyDocument: { Statement: Statement[] } }).PolicyDocument.Statement,
    );
  return [...inline, ...attached];
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/**
 * The names of the stateful stack's exports whose value refers to one of the given resources: how the
 * stateless stack's policies and variables point at them.
 */
export function exportsReferring(template: Template, ids: readonly string[]): string[] {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  return Object.values(outputs)
    .filter((output) => output.Export && ids.some((id) => JSON.stringify(output.Value).includes(`"${id}"`)))
    .map((output) => output.Export?.Name ?? '');
}

/** The name of the stateful stack's export whose value is exactly `value`. */
export function exportOf(template: Template, value: unknown): string {
  const outputs = template.toJSON().Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;
  const found = Object.values(outputs).find(
    (output) => output.Export && JSON.stringify(output.Value) === JSON.stringify(value),
  );
  if (!found?.Export) throw new Error(`No export of ${JSON.stringify(value)}`);
  return found.Export.Name;
}

export function importOf(exportName: string): { 'Fn::ImportValue': string } {
  return { 'Fn::ImportValue': exportName };
}

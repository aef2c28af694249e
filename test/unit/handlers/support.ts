// Unit-test support for handlers: deps built for unit table names, stored items as the ledger holds them,
// DynamoDB errors as the SDK raises them, and a caller of a handler by route name.

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DocxOfficialDocumentWriter } from '../../../shared/adapters/docx-document';
import { eventPublisherFor } from '../../../shared/adapters/eventbridge-publisher';
import { ExcelJsWorkbookWriter } from '../../../shared/adapters/exceljs-workbook';
import { leadershipChannelFor } from '../../../shared/adapters/sns-leadership-channel';
import { handoverContextCacheEnvVar, readConfig } from '../../../shared/config';
import { createDeps, type Deps, documentClient } from '../../../shared/container';
import 'aws-sdk-client-mock-vitest/extend';
import { expect } from 'vitest';
import { eventBus, leadershipTopic } from '../../../shared/event-routing';
import type { OfficialDocumentWriter, WorkbookWriter } from '../../../shared/ports';
import { type RouteName, routeNamed } from '../../../shared/routes';
import { auditTable, handoversTable, ledgerTable } from '../../../shared/tables';
import { type Answer, type EventOptions, type Handler, invoke } from '../../support/http-events';

export const ledgerTableName = 'ledger-unit';
export const handoversTableName = 'handovers-unit';
export const auditTableName = 'audit-unit';

export const busName = 'pledge-tracker-unit';
export const topicArn = 'arn:aws:sns:us-east-1:123456789012:pledge-tracker-leadership';

const clientSettings = { region: 'us-east-1', credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' } };

/**
 * Deps as a function with every table gets them, read through the same configuration schema. The clients
 * are real SDK clients: tests mock their classes with aws-sdk-client-mock, so no request leaves the process.
 */
export function unitDeps(): Deps & { workbook: WorkbookWriter; officialDocument: OfficialDocumentWriter } {
  const config = readConfig({
    [ledgerTable.envVar]: ledgerTableName,
    [handoversTable.envVar]: handoversTableName,
    [auditTable.envVar]: auditTableName,
    [eventBus.envVar]: busName,
    [leadershipTopic.envVar]: topicArn,
    // Each test states the reads it expects; the handover context cache has its own tests.
    [handoverContextCacheEnvVar]: '0',
  });
  const deps = createDeps(
    config,
    { dynamo: documentClient(new DynamoDBClient(clientSettings)) },
    {
      publisher: eventPublisherFor(config, new EventBridgeClient(clientSettings)),
      channel: leadershipChannelFor(config, new SNSClient(clientSettings)),
    },
  );
  return {
    ...deps,
    workbook: new ExcelJsWorkbookWriter(),
    officialDocument: new DocxOfficialDocumentWriter(),
  };
}

/** A handler module's `makeHandler`, built with `unitDeps()`. */
export async function buildHandler<H>(file: string): Promise<H> {
  const module = (await import(`../../../functions/${file}.ts`)) as { makeHandler: (deps: unknown) => H };
  return module.makeHandler(unitDeps());
}

/**
 * `headers` go with every request (an options' own win): `english` for tests that read the API's English
 * wording; without it a validation message comes in Vietnamese, the default.
 */
export async function loadHandler(
  name: RouteName,
  headers: Record<string, string> = {},
): Promise<(options?: EventOptions) => Promise<Answer>> {
  const route = routeNamed(name);
  const handler = await buildHandler<Handler>(route.handler);
  return (options = {}) =>
    invoke(handler, `${route.method} ${route.path}`, {
      ...options,
      headers: { ...headers, ...options.headers },
    });
}

/** A caller who asks for English (`Accept-Language: en`). */
export const english = { 'accept-language': 'en' } as const;

/** API Gateway's request id of every test event (test/support/http-events.ts), which each answer names. */
export const requestIdHeader = { 'x-request-id': 'request-1' } as const;

export const jsonHeaders = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  ...requestIdHeader,
};

export const frontCommittee = { role: 'front-committee', sub: 'user-front' } as const;
export const leadership = { role: 'leadership', sub: 'user-leader' } as const;
export const organizationUser = (organizationId: string) =>
  ({ role: 'organization', organizationId, sub: `user-${organizationId}` }) as const;

export const frontCommitteeActor = { sub: 'user-front', roles: ['front-committee'] };
export const organizationActor = (organizationId: string) => ({
  sub: `user-${organizationId}`,
  roles: ['organization'],
  organizationId,
});

/** An audit entry as a test expects it: everything but its random id. */
export interface ExpectedAuditEntry {
  campaignId: string;
  at: string;
  actor: { sub: string; roles: string[]; organizationId?: string };
  action: string;
  subject: { type: 'campaign' | 'pledge' | 'handover'; id: string };
  changes: { field: string; from?: unknown; to?: unknown }[];
  reason?: string;
}

const entryId = /^[0-9a-f]{32}$/;

/**
 * The Put that appends an audit entry to the change's own transaction: to the audit table, sorted by
 * time under a random id, on a condition that makes overwriting an entry impossible.
 */
export const auditEntryPut = (entry: ExpectedAuditEntry) => ({
  Put: {
    TableName: auditTableName,
    Item: {
      pk: `AUDIT#${entry.campaignId}`,
      sk: expect.stringMatching(new RegExp(`^${entry.at.replaceAll('.', '\\.')}#[0-9a-f]{32}$`)),
      type: 'audit-entry',
      id: expect.stringMatching(entryId),
      ...entry,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** The audit item a transaction appends; a test fails here if there is not exactly one. */
export function auditItemOf(transaction: { TransactItems?: unknown[] } | undefined): Record<string, unknown> {
  const puts = (transaction?.TransactItems ?? []).flatMap((item) => {
    const put = (item as { Put?: { TableName?: string; Item?: Record<string, unknown> } }).Put;
    return put?.TableName === auditTableName && put.Item ? [put.Item] : [];
  });
  expect(puts).toHaveLength(1);
  return puts[0] as Record<string, unknown>;
}

export const campaign = {
  id: 'longbien-2018',
  name: 'Chào mừng 15 năm thành lập quận Long Biên',
  startsOn: '2018-01-01',
  endsOn: '2018-12-31',
  wards: ['Bồ Đề', 'Cự Khối', 'Đức Giang', 'Gia Thụy'],
  createdAt: '2017-12-20T01:00:00.000Z',
};

export const campaignItem = {
  pk: 'CAMPAIGN#longbien-2018',
  sk: 'CAMPAIGN',
  type: 'campaign',
  ...campaign,
};

export const organizationItem = (id: string, name: string, kind = 'womens-union') => ({
  pk: 'ORGANIZATIONS',
  sk: `ORG#${id}`,
  type: 'organization',
  id,
  name,
  kind,
  createdAt: '2017-12-20T02:00:00.000Z',
});

export interface PledgeFields {
  id: string;
  organizationId: string;
  organizationName: string;
  category: string;
  target: number;
  delivered: number;
  state: 'active' | 'withdrawn';
}

export const pledgeItem = (pledge: PledgeFields) => ({
  pk: 'CAMPAIGN#longbien-2018',
  sk: `PLEDGE#${pledge.id}`,
  type: 'pledge',
  campaignId: 'longbien-2018',
  createdAt: '2018-01-05T03:00:00.000Z',
  updatedAt: '2018-01-05T03:00:00.000Z',
  ...pledge,
});

export const activePledgeItem = (organizationId: string, category: string, pledgeId: string) => ({
  pk: 'CAMPAIGN#longbien-2018',
  sk: `ACTIVE#${organizationId}#${category}`,
  type: 'active-pledge',
  pledgeId,
});

/** What DynamoDB answers when a transaction is cancelled: one reason per item, ALL_OLD items marshalled. */
export function transactionCanceled(
  reasons: { Code: string; Item?: Record<string, unknown> }[],
): TransactionCanceledException {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: { httpStatusCode: 400 },
    CancellationReasons: reasons.map((reason) => ({
      Code: reason.Code,
      ...(reason.Item ? { Item: marshall(reason.Item) } : {}),
    })),
  });
}

export function conditionalCheckFailed(item?: Record<string, unknown>): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({
    message: 'The conditional request failed',
    $metadata: { httpStatusCode: 400 },
    ...(item ? { Item: marshall(item) } : {}),
  });
}

/** The last item of every write to a campaign: its condition that the campaign is not closed. */
export const campaignOpenCheck = (campaignId = 'longbien-2018') => ({
  ConditionCheck: {
    TableName: ledgerTableName,
    Key: { pk: `CAMPAIGN#${campaignId}`, sk: 'CAMPAIGN' },
    ConditionExpression: 'attribute_not_exists(closedAt)',
  },
});

/** The sums one handover moves on its money counter (#15), as stored: labour in tenths of a day. */
export interface ExpectedMoneySums {
  houses: number;
  valued: number;
  coFunded: number;
  valueVnd: number;
  cashVnd: number;
  materialsVnd: number;
  laborTenths: number;
}

/** A handover with no value and no funding: one house, nothing else. */
export const oneHouse: ExpectedMoneySums = {
  houses: 1,
  valued: 0,
  coFunded: 0,
  valueVnd: 0,
  cashVnd: 0,
  materialsVnd: 0,
  laborTenths: 0,
};

/**
 * The update of a category and organization's money counter: `delta` on the recorded sums, `verifiedDelta`
 * on their verified twins (verifiedHouses, …), each name through a placeholder.
 */
export function moneyTotalUpdate(options: {
  category: string;
  organizationId: string;
  sums?: ExpectedMoneySums;
  delta: -1 | 0 | 1;
  verifiedDelta?: -1 | 0 | 1;
  campaignId?: string;
}) {
  const { category, organizationId, sums = oneHouse, delta, verifiedDelta = 0 } = options;
  const entries: [string, number][] = [];
  for (const [field, amount] of Object.entries(sums)) {
    if (delta) entries.push([field, amount * delta]);
    if (verifiedDelta)
      entries.push([`verified${field.charAt(0).toUpperCase()}${field.slice(1)}`, amount * verifiedDelta]);
  }
  return {
    Update: {
      TableName: ledgerTableName,
      Key: {
        pk: `CAMPAIGN#${options.campaignId ?? 'longbien-2018'}`,
        sk: `MONEY#${category}#${organizationId}`,
      },
      UpdateExpression: `ADD ${entries.map(([name]) => `#${name} :${name}`).join(', ')} SET #type = :type, category = :category, organizationId = :organizationId`,
      ExpressionAttributeNames: {
        ...Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
        '#type': 'type',
      },
      ExpressionAttributeValues: {
        ...Object.fromEntries(entries.map(([name, amount]) => [`:${name}`, amount])),
        ':type': 'money-total',
        ':category': category,
        ':organizationId': organizationId,
      },
    },
  };
}

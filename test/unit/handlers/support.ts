// Unit-test support for handlers: table names in the environment, stored items as the ledger holds them,
// DynamoDB errors as the SDK raises them, and a caller of a handler by route name.

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { handoverContextCacheEnvVar } from '../../../shared/config';
import 'aws-sdk-client-mock-vitest/extend';
import { expect, vi } from 'vitest';
import { type RouteName, routeNamed } from '../../../shared/routes';
import { auditTable, handoversTable, ledgerTable } from '../../../shared/tables';
import { type Answer, type EventOptions, type Handler, invoke } from '../../support/http-events';

export const ledgerTableName = 'ledger-unit';
export const handoversTableName = 'handovers-unit';
export const auditTableName = 'audit-unit';

/** Call before importing a handler: the container reads these once, on the first request. */
export function useMockedTables(): void {
  vi.stubEnv(ledgerTable.envVar, ledgerTableName);
  vi.stubEnv(handoversTable.envVar, handoversTableName);
  vi.stubEnv(auditTable.envVar, auditTableName);
  vi.stubEnv('AWS_REGION', 'us-east-1');
  // Each test states the reads it expects; the handover context cache has its own tests.
  vi.stubEnv(handoverContextCacheEnvVar, '0');
}

export async function loadHandler(name: RouteName): Promise<(options?: EventOptions) => Promise<Answer>> {
  const route = routeNamed(name);
  const { handler } = (await import(`../../../functions/${route.handler}.ts`)) as { handler: Handler };
  return (options = {}) => invoke(handler, `${route.method} ${route.path}`, options);
}

export const jsonHeaders = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

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

// Unit-test support for handlers: table names in the environment, stored items as the ledger holds them,
// DynamoDB errors as the SDK raises them, and a caller of a handler by route name.

import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { handoverContextCacheEnvVar } from '../../../shared/config';
import 'aws-sdk-client-mock-vitest/extend';
import { vi } from 'vitest';
import { type RouteName, routeNamed } from '../../../functions/routes';
import { handoversTable, ledgerTable } from '../../../shared/tables';
import { type Answer, type EventOptions, type Handler, invoke } from '../../support/http-events';

export const ledgerTableName = 'ledger-unit';
export const handoversTableName = 'handovers-unit';

/** Call before importing a handler: the container reads these once, on the first request. */
export function useMockedTables(): void {
  vi.stubEnv(ledgerTable.envVar, ledgerTableName);
  vi.stubEnv(handoversTable.envVar, handoversTableName);
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

// Use cases: register and list the organizations that can pledge.

import type { Organization, Page } from '../domain/model';
import type { CreateOrganizationBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { type LedgerDeps, pageSize } from './deps';
import { organizationView } from './views';

export async function createOrganization(deps: LedgerDeps, input: z.infer<typeof CreateOrganizationBody>) {
  const organization: Organization = { ...input, createdAt: deps.clock.now().toISOString() };
  await deps.ledger.createOrganization(organization);
  return organizationView(organization);
}

export async function listOrganizations(deps: LedgerDeps, cursor: string | undefined) {
  const page: Page<Organization> = await deps.ledger.listOrganizations(cursor, pageSize);
  return { ...page, items: page.items.map(organizationView) };
}

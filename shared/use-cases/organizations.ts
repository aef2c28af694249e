// Use cases: register and list the organizations that can pledge.

import { auditActor, type Caller } from '../domain/access';
import { organizationRenamed } from '../domain/audit';
import { NotFoundError } from '../domain/errors';
import type { Organization, Page } from '../domain/model';
import type { CreateOrganizationBody, RenameOrganizationBody } from '../schemas/api';
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

/**
 * Renames an organization, audited in the organizations' own trail. Pledges keep the name they were registered
 * under (a 2018 report says what the organization was called in 2018); new pledges take the new name.
 */
export async function renameOrganization(
  deps: LedgerDeps,
  organizationId: string,
  input: z.infer<typeof RenameOrganizationBody>,
  caller: Caller,
) {
  const before = await deps.ledger.getOrganization(organizationId);
  if (!before) throw new NotFoundError('Organization', organizationId);
  if (before.name === input.name) return organizationView(before);
  const audit = organizationRenamed(before, input.name, deps.clock.now().toISOString(), auditActor(caller));
  return organizationView(await deps.ledger.renameOrganization(organizationId, input.name, audit));
}

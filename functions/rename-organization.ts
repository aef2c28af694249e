// Driving adapter: PATCH /v1/organizations/{organizationId} → renameOrganization

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { RenameOrganizationSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { renameOrganization } from '../shared/use-cases/organizations';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('RenameOrganization'), RenameOrganizationSchemas, async ({ params, body, caller }) =>
    json(200, await renameOrganization(deps, params.organizationId, body, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

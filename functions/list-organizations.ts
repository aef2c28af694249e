// Driving adapter: GET /v1/organizations → listOrganizations

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListOrganizationsSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { listOrganizations } from '../shared/use-cases/organizations';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('ListOrganizations'), ListOrganizationsSchemas, async ({ query }) =>
    json(200, await listOrganizations(deps, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

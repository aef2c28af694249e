// Driving adapter: POST /v1/organizations → createOrganization

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { CreateOrganizationSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { createOrganization } from '../shared/use-cases/organizations';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('CreateOrganization'), CreateOrganizationSchemas, async ({ body }) =>
    json(201, await createOrganization(deps, body)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

// Driving adapter: GET /v1/organizations/audit → listOrganizationAuditTrail

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { GetOrganizationAuditSchemas } from '../shared/schemas/route-schemas';
import { listOrganizationAuditTrail } from '../shared/use-cases/audit';
import type { AuditDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: Pick<AuditDeps, 'audit'>) =>
  http(routeNamed('GetOrganizationAudit'), GetOrganizationAuditSchemas, async ({ query }) =>
    json(200, await listOrganizationAuditTrail(deps, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

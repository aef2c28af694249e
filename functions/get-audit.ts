// Driving adapter: GET /v1/campaigns/{campaignId}/audit → listAuditTrail

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { GetAuditSchemas } from '../shared/schemas/route-schemas';
import { listAuditTrail } from '../shared/use-cases/audit';
import type { AuditDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: AuditDeps) =>
  http(routeNamed('GetAudit'), GetAuditSchemas, async ({ params, query }) =>
    json(200, await listAuditTrail(deps, params.campaignId, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

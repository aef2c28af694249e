// Driving adapter: GET /v1/campaigns/{campaignId}/audit → listAuditTrail
import { auditDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { GetAuditSchemas } from '../shared/schemas/route-schemas';
import { listAuditTrail } from '../shared/use-cases/audit';

export const handler = http(routeNamed('GetAudit'), GetAuditSchemas, async ({ params, query }) =>
  json(200, await listAuditTrail(auditDeps(), params.campaignId, query.cursor)),
);

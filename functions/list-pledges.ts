// Driving adapter: GET /v1/campaigns/{campaignId}/pledges → listPledges
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { ListPledgesSchemas } from '../shared/schemas/route-schemas';
import { listPledges } from '../shared/use-cases/pledges';

export const handler = http(routeNamed('ListPledges'), ListPledgesSchemas, async ({ params, query }) =>
  json(200, await listPledges(ledgerDeps(), params.campaignId, query.cursor)),
);

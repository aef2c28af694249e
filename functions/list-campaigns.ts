// Driving adapter: GET /v1/campaigns → listCampaigns (public: names and dates only)
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { ListCampaignsSchemas } from '../shared/schemas/route-schemas';
import { listCampaigns } from '../shared/use-cases/campaigns';

export const handler = http(routeNamed('ListCampaigns'), ListCampaignsSchemas, async ({ query }) =>
  json(200, await listCampaigns(ledgerDeps(), query.cursor)),
);

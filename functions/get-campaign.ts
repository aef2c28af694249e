// Driving adapter: GET /v1/campaigns/{campaignId} → getCampaign
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { GetCampaignSchemas } from '../shared/schemas/route-schemas';
import { getCampaign } from '../shared/use-cases/campaigns';

export const handler = http(routeNamed('GetCampaign'), GetCampaignSchemas, async ({ params }) =>
  json(200, await getCampaign(ledgerDeps(), params.campaignId)),
);

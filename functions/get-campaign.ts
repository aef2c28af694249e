// Driving adapter: GET /v1/campaigns/{campaignId} → getCampaign

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { GetCampaignSchemas } from '../shared/schemas/route-schemas';
import { getCampaign } from '../shared/use-cases/campaigns';
import type { LedgerDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('GetCampaign'), GetCampaignSchemas, async ({ params }) =>
    json(200, await getCampaign(deps, params.campaignId)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

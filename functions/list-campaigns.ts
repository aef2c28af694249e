// Driving adapter: GET /v1/campaigns → listCampaigns (public: names and dates only)

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListCampaignsSchemas } from '../shared/schemas/route-schemas';
import { listCampaigns } from '../shared/use-cases/campaigns';
import type { LedgerDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('ListCampaigns'), ListCampaignsSchemas, async ({ query }) =>
    json(200, await listCampaigns(deps, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

// Driving adapter: GET /v1/campaigns/{campaignId}/pledges → listPledges

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListPledgesSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { listPledges } from '../shared/use-cases/pledges';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('ListPledges'), ListPledgesSchemas, async ({ params, query }) =>
    json(200, await listPledges(deps, params.campaignId, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

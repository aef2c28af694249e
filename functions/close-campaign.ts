// Driving adapter: POST /v1/campaigns/{campaignId}/close → closeCampaign (admin)

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { CloseCampaignSchemas } from '../shared/schemas/route-schemas';
import { closeCampaign } from '../shared/use-cases/campaigns';
import type { LedgerDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('CloseCampaign'), CloseCampaignSchemas, async ({ params, caller }) =>
    json(200, await closeCampaign(deps, params.campaignId, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

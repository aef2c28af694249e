// Driving adapter: PATCH /v1/campaigns/{campaignId} → updateCampaign

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { UpdateCampaignSchemas } from '../shared/schemas/route-schemas';
import { updateCampaign } from '../shared/use-cases/campaigns';
import type { HandoverDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('UpdateCampaign'), UpdateCampaignSchemas, async ({ params, body, caller }) =>
    json(200, await updateCampaign(deps, params.campaignId, body, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

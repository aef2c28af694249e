// Driving adapter: POST /v1/campaigns → createCampaign

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { CreateCampaignSchemas } from '../shared/schemas/route-schemas';
import { createCampaign } from '../shared/use-cases/campaigns';
import type { LedgerDeps } from '../shared/use-cases/deps';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('CreateCampaign'), CreateCampaignSchemas, async ({ body, caller }) =>
    json(201, await createCampaign(deps, body, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

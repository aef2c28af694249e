// Driving adapter: GET /v1/campaigns/{campaignId}/handovers → listHandovers (personal data only for staff)

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListHandoversSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { listHandovers } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('ListHandovers'), ListHandoversSchemas, async ({ params, query, caller }) =>
    json(200, await listHandovers(deps, params.campaignId, query, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

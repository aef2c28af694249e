// Driving adapter: PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} → revisePledge (new target or withdrawal)

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { RevisePledgeSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { revisePledge } from '../shared/use-cases/pledges';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('RevisePledge'), RevisePledgeSchemas, async ({ params, body, caller }) =>
    json(200, await revisePledge(deps, params, body, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

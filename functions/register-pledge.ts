// Driving adapter: POST /v1/campaigns/{campaignId}/pledges → registerPledge

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { RegisterPledgeSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { registerPledge } from '../shared/use-cases/pledges';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('RegisterPledge'), RegisterPledgeSchemas, async ({ params, body, caller }) =>
    json(201, await registerPledge(deps, params.campaignId, body, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

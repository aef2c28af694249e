// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/{handoverId}/verify → verifyHandover (four eyes)

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { VerifyHandoverSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { verifyHandover } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('VerifyHandover'), VerifyHandoverSchemas, async ({ params, caller }) =>
    json(200, await verifyHandover(deps, params, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/{handoverId}/unverify → unverifyHandover

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { UnverifyHandoverSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { unverifyHandover } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('UnverifyHandover'), UnverifyHandoverSchemas, async ({ params, body, caller }) =>
    json(200, await unverifyHandover(deps, params, body.reason, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

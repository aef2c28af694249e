// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/{handoverId}/void → voidHandover

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { VoidHandoverSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { voidHandover } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('VoidHandover'), VoidHandoverSchemas, async ({ params, body, caller }) =>
    json(200, await voidHandover(deps, params, body.reason, signedIn(caller))),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

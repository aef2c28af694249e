// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/{handoverId}/void → voidHandover
import { handoverDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { VoidHandoverSchemas } from '../shared/schemas/route-schemas';
import { voidHandover } from '../shared/use-cases/handovers';

export const handler = http(
  routeNamed('VoidHandover'),
  VoidHandoverSchemas,
  async ({ params, body, caller }) =>
    json(200, await voidHandover(handoverDeps(), params, body.reason, signedIn(caller))),
);

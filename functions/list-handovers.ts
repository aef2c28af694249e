// Driving adapter: GET /v1/campaigns/{campaignId}/handovers → listHandovers (personal data only for staff)
import { handoverDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { ListHandoversSchemas } from '../shared/schemas/route-schemas';
import { listHandovers } from '../shared/use-cases/handovers';

export const handler = http(
  routeNamed('ListHandovers'),
  ListHandoversSchemas,
  async ({ params, query, caller }) =>
    json(200, await listHandovers(handoverDeps(), params.campaignId, query, signedIn(caller))),
);

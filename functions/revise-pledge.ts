// Driving adapter: PATCH /v1/campaigns/{campaignId}/pledges/{pledgeId} → revisePledge (new target or withdrawal)
import { ledgerDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { RevisePledgeSchemas } from '../shared/schemas/route-schemas';
import { revisePledge } from '../shared/use-cases/pledges';

export const handler = http(
  routeNamed('RevisePledge'),
  RevisePledgeSchemas,
  async ({ params, body, caller }) =>
    json(200, await revisePledge(ledgerDeps(), params, body, signedIn(caller))),
);

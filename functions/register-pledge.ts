// Driving adapter: POST /v1/campaigns/{campaignId}/pledges → registerPledge
import { ledgerDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { RegisterPledgeSchemas } from '../shared/schemas/route-schemas';
import { registerPledge } from '../shared/use-cases/pledges';

export const handler = http(
  routeNamed('RegisterPledge'),
  RegisterPledgeSchemas,
  async ({ params, body, caller }) =>
    json(201, await registerPledge(ledgerDeps(), params.campaignId, body, signedIn(caller))),
);

// Driving adapter: POST /v1/campaigns → createCampaign
import { ledgerDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { CreateCampaignSchemas } from '../shared/schemas/route-schemas';
import { createCampaign } from '../shared/use-cases/campaigns';

export const handler = http(routeNamed('CreateCampaign'), CreateCampaignSchemas, async ({ body, caller }) =>
  json(201, await createCampaign(ledgerDeps(), body, signedIn(caller))),
);

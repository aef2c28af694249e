// Driving adapter: GET /v1/campaigns/{campaignId}/progress → getProgress (public aggregates, no personal data)
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { GetProgressSchemas } from '../shared/schemas/route-schemas';
import { getProgress } from '../shared/use-cases/progress';

export const handler = http(routeNamed('GetProgress'), GetProgressSchemas, async ({ params }) =>
  json(200, (await getProgress(ledgerDeps(), params.campaignId)).progress),
);

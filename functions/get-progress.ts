// Driving adapter: GET /v1/campaigns/{campaignId}/progress → getProgress (public aggregates, no personal data)

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { GetProgressSchemas } from '../shared/schemas/route-schemas';
import type { LedgerDeps } from '../shared/use-cases/deps';
import { getProgress } from '../shared/use-cases/progress';

export const makeHandler = (deps: LedgerDeps) =>
  http(routeNamed('GetProgress'), GetProgressSchemas, async ({ params }) =>
    json(200, (await getProgress(deps, params.campaignId)).progress),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

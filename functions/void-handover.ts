// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/{handoverId}/void → voidHandover

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { metricNames } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';
import { routeNamed } from '../shared/routes';
import { VoidHandoverSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { voidHandover } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('VoidHandover'), VoidHandoverSchemas, async ({ params, body, caller }) => {
    const view = await voidHandover(deps, params, body.reason, signedIn(caller));
    countMetric(metricNames.handoverVoided);
    return json(200, view);
  });

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

// Driving adapter: POST /v1/campaigns/{campaignId}/handovers/batch → recordHandoverBatch (each item as RecordHandover)
import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { logger } from '../shared/http/logger';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { RecordHandoverBatchSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { recordHandoverBatch } from '../shared/use-cases/handover-import';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('RecordHandoverBatch'), RecordHandoverBatchSchemas, async ({ params, body, caller }) => {
    const results = await recordHandoverBatch(
      deps,
      { campaignId: params.campaignId, items: body.items, caller: signedIn(caller) },
      (error) => logger.error('Batch item failed', { route: 'RecordHandoverBatch', error: error as Error }),
    );
    return json(200, { results });
  });

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

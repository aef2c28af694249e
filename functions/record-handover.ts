// Driving adapter: POST /v1/campaigns/{campaignId}/handovers (Idempotency-Key) → recordHandover

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http, validate } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { metricNames } from '../shared/metric-names';
import { countMetric } from '../shared/metrics';
import { routeNamed } from '../shared/routes';
import { IdempotencyKey } from '../shared/schemas/api';
import { RecordHandoverSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { recordHandover } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(
    routeNamed('RecordHandover'),
    RecordHandoverSchemas,
    async ({ params, body, headers, caller, language }) => {
      const idempotencyKey = validate(
        IdempotencyKey,
        headers['idempotency-key'],
        'Idempotency-Key',
        language,
      );
      const { view, replayed } = await recordHandover(deps, {
        campaignId: params.campaignId,
        idempotencyKey,
        input: body,
        caller: signedIn(caller),
      });
      countMetric(replayed ? metricNames.handoverReplayed : metricNames.handoverRecorded);
      // A replay answers what the first request answered, marked so clients can tell.
      return json(201, view, replayed ? { 'idempotent-replayed': 'true' } : {});
    },
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

// Driving adapter: GET /v1/notifications?campaignId= → listNotifications

import { deployedDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListNotificationsSchemas } from '../shared/schemas/route-schemas';
import type { FeedDeps } from '../shared/use-cases/deps';
import { listNotifications } from '../shared/use-cases/notifications';

export const makeHandler = (deps: FeedDeps) =>
  http(routeNamed('ListNotifications'), ListNotificationsSchemas, async ({ query }) =>
    json(200, await listNotifications(deps, query.campaignId, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

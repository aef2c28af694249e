// Driving adapter: GET /v1/notifications?campaignId= → listNotifications
import { feedDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { ListNotificationsSchemas } from '../shared/schemas/route-schemas';
import { listNotifications } from '../shared/use-cases/notifications';

export const handler = http(routeNamed('ListNotifications'), ListNotificationsSchemas, async ({ query }) =>
  json(200, await listNotifications(feedDeps(), query.campaignId, query.cursor)),
);

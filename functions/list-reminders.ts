// Driving adapter: GET /v1/organizations/{organizationId}/reminders → listReminders (#15)

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ListRemindersSchemas } from '../shared/schemas/route-schemas';
import { listReminders, type ReminderListDeps } from '../shared/use-cases/follow-up';

export const makeHandler = (deps: ReminderListDeps) =>
  http(routeNamed('ListReminders'), ListRemindersSchemas, async ({ params, query, caller }) =>
    json(200, await listReminders(deps, signedIn(caller), params.organizationId, query.cursor)),
  );

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

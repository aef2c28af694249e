// Driving adapter: GET /health → liveness
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';

/** Needs no deps; takes the same call as every handler module so the local runtime can build it alike. */
export const makeHandler = () => http(routeNamed('Health'), {}, async () => json(200, { status: 'ok' }));

export const handler = makeHandler();

// Driving adapter: GET /health → liveness
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';

export const handler = http(routeNamed('Health'), {}, async () => json(200, { status: 'ok' }));

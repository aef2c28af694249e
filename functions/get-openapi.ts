// Driving adapter: GET /v1/openapi.json → the generated OpenAPI document
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { buildOpenApiDocument } from '../shared/openapi';
import { routeNamed } from '../shared/routes';

const document = buildOpenApiDocument();

/** Needs no deps; takes the same call as every handler module so the local runtime can build it alike. */
export const makeHandler = () =>
  http(routeNamed('GetOpenApi'), {}, async () =>
    json(200, document, { 'cache-control': 'public, max-age=300' }),
  );

export const handler = makeHandler();

// Driving adapter: GET /v1/openapi.json → the generated OpenAPI document
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { buildOpenApiDocument } from '../shared/openapi';
import { routeNamed } from '../shared/routes';

const document = buildOpenApiDocument();

export const handler = http(routeNamed('GetOpenApi'), {}, async () =>
  json(200, document, { 'cache-control': 'public, max-age=300' }),
);

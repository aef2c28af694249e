// Driving adapter: POST /v1/organizations → createOrganization
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { CreateOrganizationSchemas } from '../shared/schemas/route-schemas';
import { createOrganization } from '../shared/use-cases/organizations';

export const handler = http(routeNamed('CreateOrganization'), CreateOrganizationSchemas, async ({ body }) =>
  json(201, await createOrganization(ledgerDeps(), body)),
);

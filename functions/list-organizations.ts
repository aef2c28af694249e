// Driving adapter: GET /v1/organizations → listOrganizations
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { ListOrganizationsSchemas } from '../shared/schemas/route-schemas';
import { listOrganizations } from '../shared/use-cases/organizations';

export const handler = http(routeNamed('ListOrganizations'), ListOrganizationsSchemas, async ({ query }) =>
  json(200, await listOrganizations(ledgerDeps(), query.cursor)),
);

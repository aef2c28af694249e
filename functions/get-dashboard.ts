// Driving adapter: GET / → the dashboard page (generated from shared/dashboard/ by `npm run build:dashboard`)
import { dashboardPage } from '../shared/dashboard/generated/assets';
import { http } from '../shared/http/http-handler';
import { text } from '../shared/http/responses';
import { dashboardContentSecurityPolicy, htmlSecurityHeaders } from '../shared/http/security-headers';
import { routeNamed } from '../shared/routes';

const headers = {
  ...htmlSecurityHeaders(dashboardContentSecurityPolicy),
  // Revalidated on every visit, so a deploy's new asset names are picked up at once.
  'cache-control': 'no-cache',
};

/** Needs no deps; takes the same call as every handler module so the local runtime can build it alike. */
export const makeHandler = () =>
  http(routeNamed('GetDashboard'), {}, async () =>
    text(200, dashboardPage, 'text/html; charset=utf-8', headers),
  );

export const handler = makeHandler();

// Driving adapter: GET / → the dashboard page (generated from shared/dashboard/ by `npm run build:dashboard`)
import { readConfig } from '../shared/config';
import { dashboardPage } from '../shared/dashboard/generated/assets';
import {
  type IdentityConfig,
  identityConnectSource,
  identityOf,
  pageWithIdentity,
} from '../shared/dashboard/identity-config';
import { http } from '../shared/http/http-handler';
import { text } from '../shared/http/responses';
import { dashboardContentSecurityPolicyWith, htmlSecurityHeaders } from '../shared/http/security-headers';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';

/** `identity`: where the page signs in; without it the page offers no sign-in. */
export const makeHandler = (deps: { identity?: IdentityConfig | undefined }) => {
  const body = pageWithIdentity(dashboardPage, deps.identity);
  const headers = {
    ...htmlSecurityHeaders(dashboardContentSecurityPolicyWith(identityConnectSource(deps.identity))),
    // Never kept, not even for the back button: a signed-out page must not come back with what it showed.
    'cache-control': 'no-store',
  };
  return http(routeNamed('GetDashboard'), {}, async () =>
    text(200, body, 'text/html; charset=utf-8', headers),
  );
};

export const handler = lazyHandler(() => makeHandler({ identity: identityOf(readConfig()) }));

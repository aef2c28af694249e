// Driving adapter: GET / → the dashboard page (generated from shared/dashboard/ by `npm run build:dashboard`)
import { dashboardPage } from '../shared/dashboard/generated/assets';
import {
  identityConnectSource,
  pageWithIdentity,
  readIdentityConfig,
} from '../shared/dashboard/identity-config';
import { http } from '../shared/http/http-handler';
import { text } from '../shared/http/responses';
import { dashboardContentSecurityPolicyWith, htmlSecurityHeaders } from '../shared/http/security-headers';
import { identityEnv } from '../shared/identity';
import { routeNamed } from '../shared/routes';

let page: { body: string; headers: Record<string, string> } | undefined;

/** Built on first use, from the environment the stack (or the local runtime) sets. */
function dashboard() {
  if (!page) {
    const identity = readIdentityConfig(process.env, identityEnv);
    page = {
      body: pageWithIdentity(dashboardPage, identity),
      headers: {
        ...htmlSecurityHeaders(dashboardContentSecurityPolicyWith(identityConnectSource(identity))),
        // Never kept, not even for the back button: a signed-out page must not come back with what it showed.
        'cache-control': 'no-store',
      },
    };
  }
  return page;
}

export const handler = http(routeNamed('GetDashboard'), {}, async () => {
  const { body, headers } = dashboard();
  return text(200, body, 'text/html; charset=utf-8', headers);
});

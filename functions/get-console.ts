// Driving adapter: GET /console → the staff console page (generated from shared/dashboard/ by `npm run build:dashboard`)
import { readConfig } from '../shared/config';
import { consolePage } from '../shared/dashboard/generated/assets';
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

/** `identity`: where the page signs in; without it the console can only say that nobody can sign in here. */
export const makeHandler = (deps: { identity?: IdentityConfig | undefined }) => {
  const body = pageWithIdentity(consolePage, deps.identity);
  const headers = {
    // The dashboard's policy: same origin only (and Cognito's API where the page signs in against it).
    ...htmlSecurityHeaders(dashboardContentSecurityPolicyWith(identityConnectSource(deps.identity))),
    // A signed-out console must not come back from the cache with what it showed.
    'cache-control': 'no-store',
  };
  return http(routeNamed('GetConsole'), {}, async () => text(200, body, 'text/html; charset=utf-8', headers));
};

export const handler = lazyHandler(() => makeHandler({ identity: identityOf(readConfig()) }));

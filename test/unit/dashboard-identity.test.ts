// Where the dashboard signs in: the settings written into the page, the one origin CSP gains, and who is shown.
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../shared/config';
import { dashboardPage } from '../../shared/dashboard/generated/assets';
import { identityConnectSource, identityOf, pageWithIdentity } from '../../shared/dashboard/identity-config';
import { signedInUser } from '../../shared/dashboard/session-claims';
import { dashboardContentSecurityPolicyWith } from '../../shared/http/security-headers';
import { cognitoEndpoint } from '../../shared/identity';

const readIdentityConfig = (env: Record<string, string>) => identityOf(readConfig(env));

const unsigned = (claims: Record<string, unknown>) =>
  `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

describe('the identity settings of the dashboard page', () => {
  it('lets the page call only Cognito in its region besides its own origin', () => {
    const config = readIdentityConfig({
      IDENTITY_ENDPOINT: cognitoEndpoint('ap-southeast-1'),
      USER_POOL_CLIENT_ID: 'abc123',
    });

    const policy = dashboardContentSecurityPolicyWith(identityConnectSource(config));
    const page = pageWithIdentity(dashboardPage, config);

    expect(policy).toContain("connect-src 'self' https://cognito-idp.ap-southeast-1.amazonaws.com;");
    expect(policy).toContain("form-action 'none'");
    expect(page).toContain(
      '<meta name="pledge-tracker-identity" content="{&quot;endpoint&quot;:&quot;https://cognito-idp.ap-southeast-1.amazonaws.com/&quot;,&quot;clientId&quot;:&quot;abc123&quot;}">',
    );
  });

  it('keeps connect-src to its own origin for the local endpoint, and offers no sign-in without settings', () => {
    const local = readIdentityConfig({ IDENTITY_ENDPOINT: '/identity', USER_POOL_CLIENT_ID: 'local' });

    expect(identityConnectSource(local)).toBeUndefined();
    expect(readIdentityConfig({})).toBeUndefined();
    expect(pageWithIdentity(dashboardPage, undefined)).toBe(dashboardPage);
  });

  it('refuses half a configuration and an endpoint that is not https', () => {
    expect(() => readIdentityConfig({ IDENTITY_ENDPOINT: '/identity' })).toThrow(
      'Missing environment variable USER_POOL_CLIENT_ID',
    );
    expect(() =>
      readIdentityConfig({ IDENTITY_ENDPOINT: 'http://evil.example/', USER_POOL_CLIENT_ID: 'x' }),
    ).toThrow('IDENTITY_ENDPOINT: must be');
  });
});

describe('who the page shows as signed in', () => {
  it('shows the name, else a readable user name, else the e-mail, with the first known role', () => {
    expect(signedInUser(unsigned({ name: 'Nguyễn Văn A', 'cognito:groups': ['leadership'] }))).toEqual({
      name: 'Nguyễn Văn A',
      role: 'leadership',
    });
    expect(
      signedInUser(
        unsigned({
          'cognito:username': 'phunu',
          'cognito:groups': ['organization'],
          'custom:organizationId': 'hoi-phu-nu-long-bien',
        }),
      ),
    ).toEqual({ name: 'phunu', role: 'organization', organizationId: 'hoi-phu-nu-long-bien' });
    expect(
      signedInUser(
        unsigned({
          'cognito:username': '0c9e2f4a-1b2c-4d5e-8f90-123456789abc',
          email: 'a@x.vn',
          'cognito:groups': [],
        }),
      ),
    ).toEqual({ name: 'a@x.vn', role: undefined });
    expect(signedInUser('not a token')).toBeUndefined();
  });
});

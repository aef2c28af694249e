// Driving adapter: POST /v1/users → inviteStaff

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { staffDirectoryFor } from '../shared/adapters/cognito-staff-directory';
import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { InviteStaffSchemas } from '../shared/schemas/route-schemas';
import type { StaffDeps } from '../shared/use-cases/deps';
import { inviteStaff } from '../shared/use-cases/staff';

export const makeHandler = (deps: StaffDeps) =>
  http(routeNamed('InviteStaff'), InviteStaffSchemas, async ({ body, caller }) =>
    json(
      201,
      await inviteStaff(
        deps,
        {
          email: body.email,
          role: body.role,
          ...(body.organizationId ? { organizationId: body.organizationId } : {}),
          ...(body.name ? { name: body.name } : {}),
        },
        signedIn(caller),
      ),
    ),
  );

export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({ dynamo: documentClient() }),
      (config) => ({ staff: staffDirectoryFor(config, new CognitoIdentityProviderClient({})) }),
    ),
  ),
);

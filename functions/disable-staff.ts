// Driving adapter: POST /v1/users/{userId}/disable → disableStaff

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { staffDirectoryFor } from '../shared/adapters/cognito-staff-directory';
import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { noContent } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { DisableStaffSchemas } from '../shared/schemas/route-schemas';
import type { StaffDeps } from '../shared/use-cases/deps';
import { disableStaff } from '../shared/use-cases/staff';

export const makeHandler = (deps: StaffDeps) =>
  http(routeNamed('DisableStaff'), DisableStaffSchemas, async ({ params, caller }) => {
    await disableStaff(deps, params.userId, signedIn(caller));
    return noContent();
  });

export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({ dynamo: documentClient() }),
      (config) => ({ staff: staffDirectoryFor(config, new CognitoIdentityProviderClient({})) }),
    ),
  ),
);

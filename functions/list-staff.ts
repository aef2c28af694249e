// Driving adapter: GET /v1/users → listStaff

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { staffDirectoryFor } from '../shared/adapters/cognito-staff-directory';
import { deployedDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { json } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import type { StaffDeps } from '../shared/use-cases/deps';
import { listStaff } from '../shared/use-cases/staff';

export const makeHandler = (deps: Pick<StaffDeps, 'staff'>) =>
  http(routeNamed('ListStaff'), {}, async () => json(200, await listStaff(deps)));

export const handler = lazyHandler(() =>
  makeHandler(
    deployedDeps(
      () => ({}),
      (config) => ({ staff: staffDirectoryFor(config, new CognitoIdentityProviderClient({})) }),
    ),
  ),
);

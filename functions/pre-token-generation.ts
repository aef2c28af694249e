// Cognito pre-token-generation trigger (version 1: ID-token claims, which the API reads): an admin or front-
// committee member with TOTP enabled gets the `mfa` claim; without it the API refuses them (decision 0013).
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { CognitoSecondFactor } from '../shared/adapters/cognito-second-factor';
import { mfaClaim, mfaRequiredRoles } from '../shared/identity';
import { lazyHandler } from '../shared/lazy-handler';
import type { SecondFactorLookup } from '../shared/ports';

export interface PreTokenGenerationDeps {
  secondFactor: SecondFactorLookup;
}

/**
 * Runs on every token Cognito issues, refreshes included, so a claim never outlives a change of the user's
 * settings by more than a token's life. Only the roles that need it cost a call to Cognito; should that call
 * fail, the trigger fails and so does the sign-in (Cognito answers an error): closed, not open.
 */
export const makeHandler =
  (deps: PreTokenGenerationDeps) =>
  async (event: PreTokenGenerationTriggerEvent): Promise<PreTokenGenerationTriggerEvent> => {
    const groups = event.request.groupConfiguration?.groupsToOverride ?? [];
    if (!groups.some((group) => (mfaRequiredRoles as readonly string[]).includes(group))) return event;
    if (!(await deps.secondFactor.hasTotp(event.userPoolId, event.userName))) return event;
    const details = event.response.claimsOverrideDetails ?? {};
    event.response.claimsOverrideDetails = {
      ...details,
      claimsToAddOrOverride: { ...details.claimsToAddOrOverride, [mfaClaim.name]: mfaClaim.totp },
    };
    return event;
  };

export const handler = lazyHandler(() =>
  makeHandler({ secondFactor: new CognitoSecondFactor(new CognitoIdentityProviderClient({})) }),
);

// Whether a user has an authenticator app (TOTP) enabled, read from Cognito for the pre-token-generation trigger.
import {
  AdminGetUserCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { SecondFactorLookup } from '../ports';

export class CognitoSecondFactor implements SecondFactorLookup {
  constructor(private readonly client: CognitoIdentityProviderClient) {}

  async hasTotp(userPoolId: string, username: string): Promise<boolean> {
    const user = await this.client.send(
      new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }),
    );
    return (user.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA');
  }
}

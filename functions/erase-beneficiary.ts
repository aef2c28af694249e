// Driving adapter: DELETE /v1/campaigns/{campaignId}/handovers/{handoverId}/beneficiary → eraseBeneficiary
import { handoverDeps } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { noContent } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { EraseBeneficiarySchemas } from '../shared/schemas/route-schemas';
import { eraseBeneficiary } from '../shared/use-cases/handovers';

export const handler = http(
  routeNamed('EraseBeneficiary'),
  EraseBeneficiarySchemas,
  async ({ params, caller }) => {
    await eraseBeneficiary(handoverDeps(), params, signedIn(caller));
    return noContent();
  },
);

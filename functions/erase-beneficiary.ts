// Driving adapter: DELETE /v1/campaigns/{campaignId}/handovers/{handoverId}/beneficiary → eraseBeneficiary

import { deployedDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { noContent } from '../shared/http/responses';
import { lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { EraseBeneficiarySchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { eraseBeneficiary } from '../shared/use-cases/handovers';

export const makeHandler = (deps: HandoverDeps) =>
  http(routeNamed('EraseBeneficiary'), EraseBeneficiarySchemas, async ({ params, caller }) => {
    await eraseBeneficiary(deps, params, signedIn(caller));
    return noContent();
  });

export const handler = lazyHandler(() => makeHandler(deployedDeps(() => ({ dynamo: documentClient() }))));

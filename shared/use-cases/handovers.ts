// Use cases: record a handover (bàn giao) exactly once per Idempotency-Key, void it, list them.

import { auditActor, type Caller, handoverListOrganization, maySeePersonalData } from '../domain/access';
import {
  beneficiaryErased,
  handoverRecorded,
  handoverUnverified,
  handoverVerified,
  handoverVoided,
} from '../domain/audit';
import { localDate } from '../domain/dates';
import {
  DomainError,
  FourEyesError,
  HandoverVoidedError,
  NotFoundError,
  PossibleDuplicateError,
  StaleCreditError,
  ValidationError,
} from '../domain/errors';
import { handoverProblems } from '../domain/handover-rules';
import { householdKey, likelyDuplicate } from '../domain/household';
import { fingerprint, handoverIdFor } from '../domain/identity';
import type { Handover } from '../domain/model';
import type { RecordOutcome } from '../ports';
import type { ListHandoversQuery, RecordHandoverBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { requireCampaign } from './campaigns';
import { type HandoverDeps, pageSize } from './deps';
import { handoverView } from './views';

/** A pledge registered or withdrawn between our read and our write is rare; a few rereads settle it. */
const maxCreditAttempts = 4;

export async function recordHandover(
  deps: HandoverDeps,
  request: {
    campaignId: string;
    idempotencyKey: string;
    input: z.infer<typeof RecordHandoverBody>;
    caller: Caller;
  },
): Promise<RecordOutcome & { view: ReturnType<typeof handoverView> }> {
  const { campaignId, input, caller } = request;
  const id = handoverIdFor(campaignId, request.idempotencyKey);
  const requestFingerprint = fingerprint({ campaignId, ...input });
  const { duplicateConfirmation, ...withoutConfirmation } = input;
  if (input.duplicateConfirmation && !input.duplicateConfirmation.reason) {
    throw new DomainError(
      'reason_required',
      'duplicateConfirmation needs a reason: why this household is recorded again',
    );
  }
  const household = input.beneficiary
    ? householdKey({ name: input.beneficiary.name, ward: input.ward, category: input.category })
    : undefined;
  for (let attempt = 1; ; attempt++) {
    const context = await deps.ledger.loadHandoverContext(
      campaignId,
      [input.organizationId, ...(input.coFunders ?? [])],
      { organizationId: input.organizationId, category: input.category },
      { fresh: attempt > 1 },
    );
    if (!context.campaign) throw new NotFoundError('Campaign', campaignId);
    const now = deps.clock.now();
    const problems = handoverProblems(
      context.campaign,
      input,
      new Set(context.organizations.keys()),
      localDate(now),
    );
    if (problems.length > 0)
      throw new ValidationError(problems, problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    // Once, after the checks that need no read of the household: a replay finds itself, which is left out.
    if (attempt === 1 && household && !input.duplicateConfirmation) {
      const match = likelyDuplicate(
        { campaignId, organizationId: input.organizationId, handedOverOn: input.handedOverOn, self: id },
        await deps.handovers.householdMatches(household),
      );
      if (match) throw new PossibleDuplicateError(await duplicateOf(deps, match, caller));
    }
    const handover: Handover = {
      id,
      campaignId,
      ...withoutConfirmation,
      // Checked above: a confirmation has its reason.
      ...(duplicateConfirmation
        ? { duplicateConfirmation: { reason: duplicateConfirmation.reason ?? '' } }
        : {}),
      ...(household ? { household } : {}),
      ...(context.activePledgeId ? { pledgeId: context.activePledgeId } : {}),
      state: 'recorded',
      recordedAt: now.toISOString(),
      recordedBy: caller.sub,
      requestFingerprint,
    };
    try {
      const outcome = await deps.handovers.record(handover, handoverRecorded(handover, auditActor(caller)));
      return {
        ...outcome,
        view: handoverView(outcome.handover, { withPersonalData: maySeePersonalData(caller) }),
      };
    } catch (error) {
      if (!(error instanceof StaleCreditError) || attempt >= maxCreditAttempts) throw error;
    }
  }
}

/** The match as the 409 names it: the beneficiary's name only to those who may see personal data. */
async function duplicateOf(
  deps: HandoverDeps,
  match: { handoverId: string; campaignId: string },
  caller: Caller,
) {
  const base = { handoverId: match.handoverId, campaignId: match.campaignId };
  if (!maySeePersonalData(caller)) return base;
  const recorded = await deps.handovers.get(match.campaignId, match.handoverId);
  return recorded?.beneficiary ? { ...base, beneficiaryName: recorded.beneficiary.name } : base;
}

export async function voidHandover(
  deps: HandoverDeps,
  target: { campaignId: string; handoverId: string },
  reason: string,
  caller: Caller,
) {
  const handover = await deps.handovers.get(target.campaignId, target.handoverId);
  if (!handover) throw new NotFoundError('Handover', target.handoverId);
  const change = { reason, by: caller.sub, at: deps.clock.now().toISOString() };
  const voided = await deps.handovers.void(
    handover,
    change,
    handoverVoided(handover, change, auditActor(caller)),
  );
  return handoverView(voided, { withPersonalData: maySeePersonalData(caller) });
}

/**
 * Four eyes: a front-committee member other than the one who recorded the handover verifies it; the two
 * are compared by the token's `sub`, never by name. Verifying a verified handover is a no-op that answers
 * it as it is (200); a voided one is 409 handover_voided; one's own is 403 four_eyes; in a closed campaign
 * 409 campaign_closed (from the transaction's condition on the campaign, which nothing can race).
 */
export async function verifyHandover(
  deps: HandoverDeps,
  target: { campaignId: string; handoverId: string },
  caller: Caller,
) {
  const handover = await deps.handovers.get(target.campaignId, target.handoverId);
  if (!handover) throw new NotFoundError('Handover', target.handoverId);
  if (handover.state === 'voided') throw new HandoverVoidedError(handover.id);
  if (handover.recordedBy === caller.sub) throw new FourEyesError();
  const view = (h: typeof handover) => handoverView(h, { withPersonalData: maySeePersonalData(caller) });
  if (handover.verifiedAt !== undefined) return view(handover);
  const at = deps.clock.now().toISOString();
  return view(
    await deps.handovers.verify(
      handover,
      { by: caller.sub, at },
      handoverVerified(handover, at, auditActor(caller)),
    ),
  );
}

/**
 * Withdraws a verification, with a reason (kept in the audit trail). Any front-committee member may: it only
 * takes a confirmation back. A handover that is not verified is a no-op answered as it is.
 */
export async function unverifyHandover(
  deps: HandoverDeps,
  target: { campaignId: string; handoverId: string },
  reason: string,
  caller: Caller,
) {
  const handover = await deps.handovers.get(target.campaignId, target.handoverId);
  if (!handover) throw new NotFoundError('Handover', target.handoverId);
  if (handover.state === 'voided') throw new HandoverVoidedError(handover.id);
  const view = (h: typeof handover) => handoverView(h, { withPersonalData: maySeePersonalData(caller) });
  if (handover.verifiedAt === undefined) return view(handover);
  const change = { reason, by: caller.sub, at: deps.clock.now().toISOString() };
  return view(
    await deps.handovers.unverify(handover, change, handoverUnverified(handover, change, auditActor(caller))),
  );
}

/**
 * Erases the beneficiary's name and address; the handover, its counts (verified ones included) and its audit
 * trail stay. Erasing again, or a handover recorded without a beneficiary, changes nothing and is not an
 * error. Allowed in a closed campaign: erasure is a legal duty, and it changes no figure.
 */
export async function eraseBeneficiary(
  deps: HandoverDeps,
  target: { campaignId: string; handoverId: string },
  caller: Caller,
): Promise<void> {
  await requireCampaign(deps, target.campaignId);
  const handover = await deps.handovers.get(target.campaignId, target.handoverId);
  if (!handover) throw new NotFoundError('Handover', target.handoverId);
  const at = deps.clock.now().toISOString();
  await deps.handovers.eraseBeneficiary(handover, beneficiaryErased(handover, at, auditActor(caller)));
}

export async function listHandovers(
  deps: HandoverDeps,
  campaignId: string,
  query: z.infer<typeof ListHandoversQuery>,
  caller: Caller,
) {
  const organizationId = handoverListOrganization(caller, query.organizationId);
  await requireCampaign(deps, campaignId);
  const page = await deps.handovers.list(
    campaignId,
    {
      ...(query.ward !== undefined ? { ward: query.ward } : {}),
      ...(organizationId ? { organizationId } : {}),
      ...(query.category !== undefined ? { category: query.category } : {}),
      ...(query.from !== undefined ? { from: query.from } : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
      ...(query.status !== undefined ? { state: query.status } : {}),
    },
    query.cursor,
    pageSize,
  );
  const withPersonalData = maySeePersonalData(caller);
  return { ...page, items: page.items.map((h) => handoverView(h, { withPersonalData })) };
}

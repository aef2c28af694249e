// Who may read or change which organization's data, and what the audit trail names, judged without I/O.
import { describe, expect, it } from 'vitest';
import {
  assertMayChangePledges,
  auditActor,
  type Caller,
  handoverListOrganization,
  mayActFor,
  maySeePersonalData,
} from '../../shared/domain/access';
import { ConflictError, ForbiddenError, NotFoundError } from '../../shared/domain/errors';
import type { Pledge } from '../../shared/domain/model';
import { assertMayChangePledge } from '../../shared/domain/pledge-rules';

const frontCommittee: Caller = { sub: 'u1', roles: ['front-committee'] };
const admin: Caller = { sub: 'u2', roles: ['admin'] };
const leadership: Caller = { sub: 'u3', roles: ['leadership'] };
const womensUnion: Caller = { sub: 'u4', roles: ['organization'], organizationId: 'hoi-phu-nu' };
const organizationWithoutId: Caller = { sub: 'u5', roles: ['organization'] };
const nobody: Caller = { sub: 'u6', roles: [] };

/** What a function throws, or 'allowed' when it returns. */
function outcomeOf(judge: () => unknown): unknown {
  try {
    judge();
    return 'allowed';
  } catch (error) {
    return error;
  }
}

const notLinked = new ForbiddenError('Your account is not linked to an organization');

describe('mayActFor', () => {
  it.each([
    { who: 'the front committee', caller: frontCommittee, organizationId: 'hoi-phu-nu', expected: true },
    { who: 'an admin', caller: admin, organizationId: 'quan-doan', expected: true },
    {
      who: 'an organization user for its own',
      caller: womensUnion,
      organizationId: 'hoi-phu-nu',
      expected: true,
    },
    {
      who: 'an organization user for another',
      caller: womensUnion,
      organizationId: 'quan-doan',
      expected: false,
    },
    {
      who: 'an organization user without one',
      caller: organizationWithoutId,
      organizationId: '',
      expected: false,
    },
    { who: 'leadership', caller: leadership, organizationId: 'hoi-phu-nu', expected: false },
    { who: 'a caller without groups', caller: nobody, organizationId: 'hoi-phu-nu', expected: false },
  ])('lets $who act for $organizationId: $expected', ({ caller, organizationId, expected }) => {
    expect(mayActFor(caller, organizationId)).toBe(expected);
  });
});

describe('maySeePersonalData', () => {
  it.each([
    { who: 'the front committee', caller: frontCommittee, expected: true },
    { who: 'an admin', caller: admin, expected: true },
    { who: 'leadership', caller: leadership, expected: false },
    { who: 'an organization user', caller: womensUnion, expected: false },
    { who: 'a caller without groups', caller: nobody, expected: false },
  ])('shows beneficiaries to $who: $expected', ({ caller, expected }) => {
    expect(maySeePersonalData(caller)).toBe(expected);
  });
});

describe('assertMayChangePledges', () => {
  it.each([
    { who: 'the front committee', caller: frontCommittee, expected: 'allowed' },
    { who: 'an admin', caller: admin, expected: 'allowed' },
    { who: 'an organization user', caller: womensUnion, expected: 'allowed' },
    {
      who: 'an organization user without an organization',
      caller: organizationWithoutId,
      expected: notLinked,
    },
    { who: 'leadership', caller: leadership, expected: notLinked },
  ])('answers $who before anything is read: $expected', ({ caller, expected }) => {
    expect(outcomeOf(() => assertMayChangePledges(caller))).toEqual(expected);
  });
});

describe('handoverListOrganization', () => {
  const onlyOwn = new ForbiddenError("You may list only your own organization's handovers");

  it.each([
    {
      who: 'the front committee, asking for one',
      caller: frontCommittee,
      asked: 'quan-doan',
      expected: 'quan-doan',
    },
    { who: 'leadership, asking for all', caller: leadership, asked: undefined, expected: undefined },
    {
      who: 'an organization user, asking for all',
      caller: womensUnion,
      asked: undefined,
      expected: 'hoi-phu-nu',
    },
    {
      who: 'an organization user, asking for its own',
      caller: womensUnion,
      asked: 'hoi-phu-nu',
      expected: 'hoi-phu-nu',
    },
    {
      who: 'an organization user, asking for another',
      caller: womensUnion,
      asked: 'quan-doan',
      expected: onlyOwn,
    },
    {
      who: 'an organization user without one',
      caller: organizationWithoutId,
      asked: undefined,
      expected: notLinked,
    },
  ])('shows $who: $expected', ({ caller, asked, expected }) => {
    let outcome: unknown;
    try {
      outcome = handoverListOrganization(caller, asked);
    } catch (error) {
      outcome = error;
    }
    expect(outcome).toEqual(expected);
  });
});

describe('assertMayChangePledge', () => {
  const pledge: Pledge = {
    id: 'pledgehpn00001',
    campaignId: 'longbien-2018',
    organizationId: 'hoi-phu-nu',
    organizationName: 'Hội Liên hiệp Phụ nữ quận',
    category: 'love-shelter',
    target: 5,
    delivered: 2,
    state: 'active',
    createdAt: '2018-01-05T03:00:00.000Z',
    updatedAt: '2018-01-05T03:00:00.000Z',
  };
  const quanDoan: Caller = { sub: 'u7', roles: ['organization'], organizationId: 'quan-doan' };

  it.each([
    {
      what: 'the front committee changing an active pledge',
      caller: frontCommittee,
      stored: pledge,
      expected: 'allowed',
    },
    { what: 'an organization changing its own', caller: womensUnion, stored: pledge, expected: 'allowed' },
    {
      what: "an organization changing another's",
      caller: quanDoan,
      stored: pledge,
      expected: new ForbiddenError('You may change only your own organization’s pledges'),
    },
    {
      what: 'a withdrawn pledge',
      caller: womensUnion,
      stored: { ...pledge, state: 'withdrawn' as const },
      expected: new ConflictError('Pledge pledgehpn00001 is withdrawn'),
    },
    {
      what: "another organization's withdrawn pledge, refused as not theirs first",
      caller: quanDoan,
      stored: { ...pledge, state: 'withdrawn' as const },
      expected: new ForbiddenError('You may change only your own organization’s pledges'),
    },
    {
      what: 'a pledge that is not stored',
      caller: frontCommittee,
      stored: undefined,
      expected: new NotFoundError('Pledge', 'pledgehpn00001'),
    },
  ])('judges $what: $expected', ({ caller, stored, expected }) => {
    expect(outcomeOf(() => assertMayChangePledge(caller, 'pledgehpn00001', stored))).toEqual(expected);
  });
});

describe('auditActor', () => {
  it('names the token subject, groups and organization, nothing more', () => {
    expect([auditActor(womensUnion), auditActor(frontCommittee)]).toEqual([
      { sub: 'u4', roles: ['organization'], organizationId: 'hoi-phu-nu' },
      { sub: 'u1', roles: ['front-committee'] },
    ]);
  });
});

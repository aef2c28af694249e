// Who is calling, read from JWT claims as the HTTP API's authorizer hands them over, and what they may do.
import { describe, expect, it } from 'vitest';
import {
  type Caller,
  callerFromClaims,
  mayActFor,
  maySeePersonalData,
  parseGroups,
} from '../../shared/http/caller';

describe('parseGroups', () => {
  it.each<{ value: string | string[] | number | boolean | undefined; expected: string[] }>([
    { value: '[admin front-committee]', expected: ['admin', 'front-committee'] },
    { value: '[organization]', expected: ['organization'] },
    { value: ['leadership', 'organization'], expected: ['leadership', 'organization'] },
    { value: 'admin,leadership', expected: ['admin', 'leadership'] },
    { value: '[admin, leadership]', expected: ['admin', 'leadership'] },
    { value: 'front-committee', expected: ['front-committee'] },
    { value: '[superuser admin everyone]', expected: ['admin'] },
    { value: ['root', 'leadership'], expected: ['leadership'] },
    { value: '[]', expected: [] },
    { value: '', expected: [] },
    { value: undefined, expected: [] },
    { value: 3, expected: [] },
    { value: true, expected: [] },
  ])('reads $value as $expected', ({ value, expected }) => {
    expect(parseGroups(value)).toEqual(expected);
  });
});

describe('callerFromClaims', () => {
  it.each([
    { claims: undefined, expected: undefined },
    { claims: {}, expected: undefined },
    { claims: { 'cognito:groups': '[admin]' }, expected: undefined },
    { claims: { sub: '', 'cognito:groups': '[admin]' }, expected: undefined },
    { claims: { sub: 42, 'cognito:groups': '[admin]' }, expected: undefined },
    {
      claims: { sub: 'user-1', 'cognito:groups': '[front-committee]', token_use: 'id' },
      expected: { sub: 'user-1', roles: ['front-committee'] },
    },
    {
      claims: { sub: 'user-2', 'cognito:groups': '[organization]', 'custom:organizationId': 'hoi-phu-nu' },
      expected: { sub: 'user-2', roles: ['organization'], organizationId: 'hoi-phu-nu' },
    },
    {
      claims: { sub: 'user-3', 'cognito:groups': '[organization]', 'custom:organizationId': '' },
      expected: { sub: 'user-3', roles: ['organization'] },
    },
    { claims: { sub: 'user-4' }, expected: { sub: 'user-4', roles: [] } },
  ])('reads $claims as $expected', ({ claims, expected }) => {
    expect(callerFromClaims(claims)).toEqual(expected);
  });
});

const frontCommittee: Caller = { sub: 'u1', roles: ['front-committee'] };
const admin: Caller = { sub: 'u2', roles: ['admin'] };
const leadership: Caller = { sub: 'u3', roles: ['leadership'] };
const womensUnion: Caller = { sub: 'u4', roles: ['organization'], organizationId: 'hoi-phu-nu' };
const organizationWithoutId: Caller = { sub: 'u5', roles: ['organization'] };
const nobody: Caller = { sub: 'u6', roles: [] };

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

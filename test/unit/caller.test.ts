// Who is calling, read from JWT claims as the HTTP API's authorizer hands them over.
import { describe, expect, it } from 'vitest';
import { callerFromClaims, parseGroups } from '../../shared/http/caller';

describe('parseGroups: a JSON array, or API Gateway\'s "[a b]"; never split on commas', () => {
  it.each<{ value: string | string[] | number | boolean | undefined; expected: string[] }>([
    { value: '[admin front-committee]', expected: ['admin', 'front-committee'] },
    { value: '[organization]', expected: ['organization'] },
    { value: ['leadership', 'organization'], expected: ['leadership', 'organization'] },
    { value: '[admin\tleadership\n organization]', expected: ['admin', 'leadership', 'organization'] },
    { value: 'front-committee', expected: ['front-committee'] },
    // Cognito group names may hold commas (never whitespace): each of these is one group, and no role.
    { value: '[admin,front-committee]', expected: [] },
    { value: ['admin,front-committee'], expected: [] },
    { value: 'admin,leadership', expected: [] },
    { value: '[admin, leadership]', expected: ['leadership'] },
    { value: ['admin leadership'], expected: [] },
    { value: '[[admin]]', expected: [] },
    { value: '[admin', expected: [] },
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

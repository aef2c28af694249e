// Who may call what: the groups a token can carry (cognito:groups).
export const roles = ['admin', 'front-committee', 'organization', 'leadership'] as const;
export type Role = (typeof roles)[number];

export const organizationKinds = [
  'front-committee',
  'womens-union',
  'veterans-association',
  'youth-union',
  'labor-federation',
  'ward-committee',
  'business',
  'other',
] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

// The HTTP API, declared once as data: the CDK stack and the local gateway both build their routes from it.
import type { Role } from './domain/roles';

/** `append`: may add items and nothing else (the audit trail: entries are never edited or deleted). */
export type TableAccess = 'none' | 'read' | 'write' | 'append';

export interface RouteDeclaration {
  /** Stable name, used for the Lambda function's construct id and in logs. */
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** API Gateway path syntax: `{param}`. */
  path: string;
  /** File in functions/ (without extension) that exports `handler`. */
  handler: string;
  /** `public`: no token needed; `signed-in`: any valid token; otherwise the groups allowed. */
  access: 'public' | 'signed-in' | readonly Role[];
  /** What the function may do to each table; the stack grants exactly this. */
  tables: { ledger: TableAccess; handovers: TableAccess; audit: TableAccess };
  /**
   * The Cognito operations the function may call on the user pool (the stack grants exactly these and passes
   * the pool's id); absent for every route that does not administer users.
   */
  userPool?: readonly CognitoUserAction[];
  /** A page that signs people in: its function learns the identity endpoint and the app client. */
  signsIn?: true;
  summary: string;
}

export type CognitoUserAction =
  | 'AdminCreateUser'
  | 'AdminAddUserToGroup'
  | 'ListUsers'
  | 'ListUsersInGroup'
  | 'AdminDisableUser';

const staff = ['admin', 'front-committee'] as const satisfies readonly Role[];

export const routes = [
  {
    name: 'CreateOrganization',
    method: 'POST',
    path: '/v1/organizations',
    handler: 'create-organization',
    access: staff,
    tables: { ledger: 'write', handovers: 'none', audit: 'none' },
    summary: 'Register an organization that can pledge',
  },
  {
    name: 'RenameOrganization',
    method: 'PATCH',
    path: '/v1/organizations/{organizationId}',
    handler: 'rename-organization',
    access: staff,
    tables: { ledger: 'write', handovers: 'none', audit: 'append' },
    summary: 'Rename an organization (audited); pledges keep the name they were registered under',
  },
  {
    name: 'ListOrganizations',
    method: 'GET',
    path: '/v1/organizations',
    handler: 'list-organizations',
    access: 'signed-in',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: 'List organizations',
  },
  {
    name: 'CreateCampaign',
    method: 'POST',
    path: '/v1/campaigns',
    handler: 'create-campaign',
    access: staff,
    tables: { ledger: 'write', handovers: 'none', audit: 'append' },
    summary: 'Create a campaign with its wards and dates',
  },
  {
    name: 'ListCampaigns',
    method: 'GET',
    path: '/v1/campaigns',
    handler: 'list-campaigns',
    access: 'public',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: 'List campaigns (id, name, dates), for pickers',
  },
  {
    name: 'GetCampaign',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}',
    handler: 'get-campaign',
    access: 'public',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: 'Read a campaign',
  },
  {
    name: 'CloseCampaign',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/close',
    handler: 'close-campaign',
    access: ['admin'],
    tables: { ledger: 'write', handovers: 'none', audit: 'append' },
    summary: 'Close a campaign: its figures become final and every later write to it is refused (409)',
  },
  {
    name: 'UpdateCampaign',
    method: 'PATCH',
    path: '/v1/campaigns/{campaignId}',
    handler: 'update-campaign',
    access: staff,
    // Handovers read only: their dates decide whether new campaign dates would leave one outside.
    tables: { ledger: 'write', handovers: 'read', audit: 'append' },
    summary:
      "Edit a campaign's name, dates or wards (audited); 409 if a recorded handover would fall outside",
  },
  {
    name: 'RegisterPledge',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/pledges',
    handler: 'register-pledge',
    access: ['front-committee', 'organization'],
    tables: { ledger: 'write', handovers: 'none', audit: 'append' },
    summary: 'Register a pledge (đăng ký) for an organization and category',
  },
  {
    name: 'RevisePledge',
    method: 'PATCH',
    path: '/v1/campaigns/{campaignId}/pledges/{pledgeId}',
    handler: 'revise-pledge',
    access: ['front-committee', 'organization'],
    tables: { ledger: 'write', handovers: 'none', audit: 'append' },
    summary: "Revise a pledge's target or withdraw it, with a reason",
  },
  {
    name: 'ListPledges',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/pledges',
    handler: 'list-pledges',
    access: 'signed-in',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: "List a campaign's pledges with their progress",
  },
  {
    name: 'RecordHandover',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handovers',
    handler: 'record-handover',
    access: ['front-committee'],
    tables: { ledger: 'write', handovers: 'write', audit: 'append' },
    summary: 'Record a handover (bàn giao); requires an Idempotency-Key header',
  },
  {
    name: 'RecordHandoverBatch',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handovers/batch',
    handler: 'record-handover-batch',
    // As RecordHandover: admins administer, they do not record (SECURITY.md).
    access: ['front-committee'],
    tables: { ledger: 'write', handovers: 'write', audit: 'append' },
    summary:
      'Record up to 100 handovers, each as RecordHandover with its own Idempotency-Key; results per item',
  },
  {
    name: 'ImportTemplate',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/handover-import-template',
    handler: 'get-handover-import-template',
    access: staff,
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary:
      "The .xlsx template of a handover register, with the campaign's wards, organizations and categories",
  },
  {
    name: 'PreviewHandoverImport',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handover-imports/preview',
    handler: 'preview-handover-import',
    access: staff,
    // The handovers table to find likely duplicates; nothing is written.
    tables: { ledger: 'read', handovers: 'read', audit: 'none' },
    summary: 'Check a handover register (.xlsx or .csv): each row as a RecordHandover body or its problems',
  },
  {
    name: 'ExportHandovers',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/handovers/export',
    handler: 'export-handovers',
    access: ['admin', 'front-committee', 'leadership', 'organization'],
    tables: { ledger: 'read', handovers: 'read', audit: 'none' },
    summary:
      'The handover register as .xlsx, filtered as ListHandovers; beneficiaries only for the front committee',
  },
  {
    name: 'VoidHandover',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handovers/{handoverId}/void',
    handler: 'void-handover',
    access: ['front-committee'],
    tables: { ledger: 'write', handovers: 'write', audit: 'append' },
    summary: 'Void a wrongly recorded handover, with a reason',
  },
  {
    name: 'VerifyHandover',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handovers/{handoverId}/verify',
    handler: 'verify-handover',
    access: ['front-committee'],
    tables: { ledger: 'write', handovers: 'write', audit: 'append' },
    summary: 'Verify a handover: a front-committee member other than the one who recorded it (four eyes)',
  },
  {
    name: 'UnverifyHandover',
    method: 'POST',
    path: '/v1/campaigns/{campaignId}/handovers/{handoverId}/unverify',
    handler: 'unverify-handover',
    access: ['front-committee'],
    tables: { ledger: 'write', handovers: 'write', audit: 'append' },
    summary: "Withdraw a handover's verification, with a reason",
  },
  {
    name: 'ListHandovers',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/handovers',
    handler: 'list-handovers',
    access: ['admin', 'front-committee', 'leadership', 'organization'],
    tables: { ledger: 'read', handovers: 'read', audit: 'none' },
    summary: 'List handovers; beneficiaries only for the front committee',
  },
  {
    name: 'EraseBeneficiary',
    method: 'DELETE',
    path: '/v1/campaigns/{campaignId}/handovers/{handoverId}/beneficiary',
    handler: 'erase-beneficiary',
    access: staff,
    // The ledger only to answer 404 for an unknown campaign, as every campaign route does.
    tables: { ledger: 'read', handovers: 'write', audit: 'append' },
    summary: "Erase a beneficiary's name and address; the handover and every count stay",
  },
  {
    name: 'GetAudit',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/audit',
    handler: 'get-audit',
    access: staff,
    tables: { ledger: 'read', handovers: 'none', audit: 'read' },
    summary: "A campaign's audit trail, newest first: who changed what, when and why",
  },
  {
    name: 'InviteStaff',
    method: 'POST',
    path: '/v1/users',
    handler: 'invite-staff',
    access: ['admin'],
    tables: { ledger: 'none', handovers: 'none', audit: 'append' },
    userPool: ['AdminCreateUser', 'AdminAddUserToGroup'],
    summary: 'Invite a staff member with a role (and an organization); Cognito e-mails a temporary password',
  },
  {
    name: 'ListStaff',
    method: 'GET',
    path: '/v1/users',
    handler: 'list-staff',
    access: ['admin'],
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    userPool: ['ListUsers', 'ListUsersInGroup'],
    summary: 'List staff accounts with their roles and whether they may sign in',
  },
  {
    name: 'DisableStaff',
    method: 'POST',
    path: '/v1/users/{userId}/disable',
    handler: 'disable-staff',
    access: ['admin'],
    tables: { ledger: 'none', handovers: 'none', audit: 'append' },
    userPool: ['ListUsers', 'AdminDisableUser'],
    summary: 'Disable a staff account: it can no longer sign in, and its refresh tokens stop working',
  },
  {
    name: 'GetStaffAudit',
    method: 'GET',
    path: '/v1/users/audit',
    handler: 'get-staff-audit',
    access: ['admin'],
    tables: { ledger: 'none', handovers: 'none', audit: 'read' },
    summary:
      "User administration's audit trail, newest first: who invited or disabled which account, with which role",
  },
  {
    name: 'GetOrganizationAudit',
    method: 'GET',
    path: '/v1/organizations/audit',
    handler: 'get-organization-audit',
    access: staff,
    tables: { ledger: 'none', handovers: 'none', audit: 'read' },
    summary: 'Organization renames, newest first: who renamed which organization, from what to what',
  },
  {
    name: 'GetProgress',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/progress',
    handler: 'get-progress',
    access: 'public',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: 'Aggregate progress by category, pledge and ward',
  },
  {
    name: 'GetReport',
    method: 'GET',
    path: '/v1/campaigns/{campaignId}/report',
    handler: 'get-report',
    access: 'public',
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: 'Year-end report (vi or en) as text, CSV, a printable HTML page or an Excel workbook',
  },
  {
    name: 'ListNotifications',
    method: 'GET',
    path: '/v1/notifications',
    handler: 'list-notifications',
    access: ['admin', 'front-committee', 'leadership'],
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary: "Leadership's notification feed for a campaign, newest first",
  },
  {
    name: 'ListReminders',
    method: 'GET',
    path: '/v1/organizations/{organizationId}/reminders',
    handler: 'list-reminders',
    access: ['admin', 'front-committee', 'organization'],
    tables: { ledger: 'read', handovers: 'none', audit: 'none' },
    summary:
      "An organization's reminders (at risk, 30 and 7 days before the end): its own staff and the front committee",
  },
  {
    name: 'GetOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    handler: 'get-openapi',
    access: 'public',
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    summary: 'This API as an OpenAPI 3.1 document',
  },
  {
    name: 'Health',
    method: 'GET',
    path: '/health',
    handler: 'health',
    access: 'public',
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    summary: 'Liveness check',
  },
  {
    name: 'GetDashboard',
    method: 'GET',
    path: '/',
    handler: 'get-dashboard',
    access: 'public',
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    signsIn: true,
    summary: 'The leadership dashboard page; it reads the public API and, with a pasted token, the feed',
  },
  {
    name: 'GetConsole',
    method: 'GET',
    path: '/console',
    handler: 'get-console',
    // The page holds no data: it signs staff in and every call it makes is checked by its own route.
    access: 'public',
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    signsIn: true,
    summary: 'The staff console page: record, void and list handovers, pledges, campaigns and organizations',
  },
  {
    name: 'GetDashboardAsset',
    method: 'GET',
    path: '/assets/{file}',
    handler: 'get-dashboard-asset',
    access: 'public',
    tables: { ledger: 'none', handovers: 'none', audit: 'none' },
    summary: "The dashboard's and the console's scripts, styles and icon, under content-hashed names",
  },
] as const satisfies readonly RouteDeclaration[];

export type RouteName = (typeof routes)[number]['name'];

export type RouteMethod = RouteDeclaration['method'] | 'HEAD';

/**
 * The methods a route answers: its own, and HEAD for a GET, with the same function and rules (the handler
 * leaves the body out). Derived here so the stack and the local gateway cannot disagree.
 */
export function routeMethods(route: RouteDeclaration): readonly RouteMethod[] {
  return route.method === 'GET' ? ['GET', 'HEAD'] : [route.method];
}

export function routeNamed(name: RouteName): RouteDeclaration {
  const route = routes.find((r) => r.name === name);
  if (!route) throw new Error(`No route named ${name}`);
  return route;
}

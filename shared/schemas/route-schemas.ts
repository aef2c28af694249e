// Per route: what it accepts and what it answers. Handlers validate with these; openapi.json is built from them.

import type { RouteName } from '../routes';
import {
  AssetParams,
  AuditEntryView,
  CampaignParams,
  CampaignSummaryView,
  CampaignView,
  CreateCampaignBody,
  CreateOrganizationBody,
  ExportHandoversQuery,
  HandoverImportPreviewView,
  HandoverParams,
  HandoverView,
  HealthView,
  InvitedStaffView,
  InviteStaffBody,
  ListHandoversQuery,
  ListNotificationsQuery,
  ListQuery,
  listOf,
  NotificationView,
  OrganizationAuditEntryView,
  OrganizationParams,
  OrganizationView,
  PledgeParams,
  PledgeView,
  ProgressView,
  RecordHandoverBatchBody,
  RecordHandoverBatchView,
  RecordHandoverBody,
  RegisterPledgeBody,
  ReminderView,
  RenameOrganizationBody,
  ReportQuery,
  RevisePledgeBody,
  StaffAuditEntryView,
  StaffParams,
  StaffView,
  UnverifyHandoverBody,
  UpdateCampaignBody,
  VoidHandoverBody,
} from './api';
import * as z from './zod';

export interface RouteSchemas {
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  params?: z.ZodMiniType;
  /** Headers the route requires, documented in OpenAPI and checked by the handler. */
  headers?: { name: string; description: string }[];
  /** A route that takes a file: its media types, each with a description, instead of a JSON body. */
  requestMediaTypes?: Record<string, string>;
  /** A JSON body's limit where it is not the 64 KB of every other route. */
  maxBodyBytes?: number;
  /** Answers beyond those every route of its kind has, by status. */
  otherResponses?: Record<number, string>;
  /**
   * JSON unless `mediaTypes` names what else the route answers, each with a description; no schema
   * for a response without a body (204).
   */
  response: { status: number; schema?: z.ZodMiniType; mediaTypes?: Record<string, string> };
}

// One constant per route, so that a handler's bundle builds its own route's schemas and not every route's.
export const CreateOrganizationSchemas = {
  body: CreateOrganizationBody,
  response: { status: 201, schema: OrganizationView },
} as const satisfies RouteSchemas;

export const RenameOrganizationSchemas = {
  params: OrganizationParams,
  body: RenameOrganizationBody,
  response: { status: 200, schema: OrganizationView },
} as const satisfies RouteSchemas;

export const ListOrganizationsSchemas = {
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(OrganizationView) },
} as const satisfies RouteSchemas;

export const CreateCampaignSchemas = {
  body: CreateCampaignBody,
  response: { status: 201, schema: CampaignView },
} as const satisfies RouteSchemas;

export const ListCampaignsSchemas = {
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(CampaignSummaryView) },
} as const satisfies RouteSchemas;

export const GetCampaignSchemas = {
  params: CampaignParams,
  response: { status: 200, schema: CampaignView },
} as const satisfies RouteSchemas;

export const UpdateCampaignSchemas = {
  params: CampaignParams,
  body: UpdateCampaignBody,
  response: { status: 200, schema: CampaignView },
} as const satisfies RouteSchemas;

export const RegisterPledgeSchemas = {
  params: CampaignParams,
  body: RegisterPledgeBody,
  response: { status: 201, schema: PledgeView },
} as const satisfies RouteSchemas;

export const RevisePledgeSchemas = {
  params: PledgeParams,
  body: RevisePledgeBody,
  response: { status: 200, schema: PledgeView },
} as const satisfies RouteSchemas;

export const ListPledgesSchemas = {
  params: CampaignParams,
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(PledgeView) },
} as const satisfies RouteSchemas;

export const RecordHandoverSchemas = {
  params: CampaignParams,
  body: RecordHandoverBody,
  headers: [
    {
      name: 'Idempotency-Key',
      description: '8 to 128 printable ASCII characters; the same key and body return the first result',
    },
  ],
  response: { status: 201, schema: HandoverView },
  otherResponses: {
    409: 'possible_duplicate: the same household (name, ward, category) is recorded (error.duplicateOf); confirm with duplicateConfirmation.reason',
    422: 'idempotency_key_reused; reason_required (duplicateConfirmation without a reason)',
  },
} as const satisfies RouteSchemas;

const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const RecordHandoverBatchSchemas = {
  params: CampaignParams,
  body: RecordHandoverBatchBody,
  // 100 handovers with names, addresses and notes: more than the 64 KB of one.
  maxBodyBytes: 1024 * 1024,
  response: { status: 200, schema: RecordHandoverBatchView },
  otherResponses: { 422: 'too_many_rows: more than 100 items' },
} as const satisfies RouteSchemas;

export const ImportTemplateSchemas = {
  params: CampaignParams,
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: {
      [xlsx]: "the template: headers on the first sheet; wards, organizations and categories on 'Hướng dẫn'",
    },
  },
} as const satisfies RouteSchemas;

export const PreviewHandoverImportSchemas = {
  params: CampaignParams,
  requestMediaTypes: {
    [xlsx]: 'the register as an Excel workbook (first sheet); macro workbooks and formulas are refused',
    'text/csv': 'the register as CSV in UTF-8, with or without a byte order mark (`,` or `;` separated)',
  },
  response: { status: 200, schema: HandoverImportPreviewView },
  otherResponses: {
    413: 'payload_too_large: the file is over 4 MB',
    415: 'unsupported_media_type: not an .xlsx or UTF-8 .csv (a macro workbook, .xls, Windows-1258 CSV, …)',
    422: 'too_many_rows: more than 5,000 data rows',
  },
} as const satisfies RouteSchemas;

export const ExportHandoversSchemas = {
  params: CampaignParams,
  query: ExportHandoversQuery,
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: {
      [xlsx]:
        'the register, one row per handover; beneficiary columns only for the front committee and admins',
    },
  },
} as const satisfies RouteSchemas;

export const VoidHandoverSchemas = {
  params: HandoverParams,
  body: VoidHandoverBody,
  response: { status: 200, schema: HandoverView },
} as const satisfies RouteSchemas;

export const VerifyHandoverSchemas = {
  params: HandoverParams,
  response: { status: 200, schema: HandoverView },
} as const satisfies RouteSchemas;

export const UnverifyHandoverSchemas = {
  params: HandoverParams,
  body: UnverifyHandoverBody,
  response: { status: 200, schema: HandoverView },
} as const satisfies RouteSchemas;

export const CloseCampaignSchemas = {
  params: CampaignParams,
  response: { status: 200, schema: CampaignView },
} as const satisfies RouteSchemas;

export const ListHandoversSchemas = {
  params: CampaignParams,
  query: ListHandoversQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(HandoverView) },
} as const satisfies RouteSchemas;

export const EraseBeneficiarySchemas = {
  params: HandoverParams,
  response: { status: 204 },
} as const satisfies RouteSchemas;

export const GetAuditSchemas = {
  params: CampaignParams,
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(AuditEntryView) },
} as const satisfies RouteSchemas;

export const GetStaffAuditSchemas = {
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(StaffAuditEntryView) },
} as const satisfies RouteSchemas;

export const GetOrganizationAuditSchemas = {
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(OrganizationAuditEntryView) },
} as const satisfies RouteSchemas;

export const InviteStaffSchemas = {
  body: InviteStaffBody,
  response: { status: 201, schema: InvitedStaffView },
} as const satisfies RouteSchemas;

export const ListStaffSchemas = {
  response: { status: 200, schema: /* @__PURE__ */ listOf(StaffView) },
} as const satisfies RouteSchemas;

export const DisableStaffSchemas = {
  params: StaffParams,
  response: { status: 204 },
} as const satisfies RouteSchemas;

export const GetProgressSchemas = {
  params: CampaignParams,
  response: { status: 200, schema: ProgressView },
} as const satisfies RouteSchemas;

export const GetReportSchemas = {
  params: CampaignParams,
  query: ReportQuery,
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: {
      'text/plain': 'format=text: the narrative report',
      'text/csv': 'format=csv: category totals, UTF-8 with a byte order mark',
      'text/html':
        'format=html: the printable report as the official document (Decree 30/2020/NĐ-CP layout), with print styles',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
        'format=xlsx: a workbook with one sheet per view (categories, organizations, wards)',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
        'format=docx: the official document (Decree 30/2020/NĐ-CP layout) for Word, number, date and signer left to fill',
    },
  },
} as const satisfies RouteSchemas;

export const ListNotificationsSchemas = {
  query: ListNotificationsQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(NotificationView) },
} as const satisfies RouteSchemas;

export const ListRemindersSchemas = {
  params: OrganizationParams,
  query: ListQuery,
  response: { status: 200, schema: /* @__PURE__ */ listOf(ReminderView) },
} as const satisfies RouteSchemas;

export const GetOpenApiSchemas = {
  response: { status: 200, schema: /* @__PURE__ */ z.record(z.string(), z.unknown()) },
} as const satisfies RouteSchemas;

export const HealthSchemas = {
  response: { status: 200, schema: HealthView },
} as const satisfies RouteSchemas;

export const GetDashboardSchemas = {
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: { 'text/html': 'the leadership dashboard page; its script and styles are under /assets/' },
  },
} as const satisfies RouteSchemas;

export const GetConsoleSchemas = {
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: { 'text/html': 'the staff console page; its script and styles are under /assets/' },
  },
} as const satisfies RouteSchemas;

export const GetDashboardAssetSchemas = {
  params: AssetParams,
  response: {
    status: 200,
    schema: /* @__PURE__ */ z.string(),
    mediaTypes: {
      'text/javascript': "the dashboard's or the console's script",
      'text/css': "the dashboard's or the console's styles",
      'image/svg+xml': "the dashboard's icon",
    },
  },
} as const satisfies RouteSchemas;

/** Every route's schemas by route name, for the OpenAPI document. */
export const routeSchemas = {
  CreateOrganization: CreateOrganizationSchemas,
  ListOrganizations: ListOrganizationsSchemas,
  RenameOrganization: RenameOrganizationSchemas,
  CreateCampaign: CreateCampaignSchemas,
  ListCampaigns: ListCampaignsSchemas,
  GetCampaign: GetCampaignSchemas,
  UpdateCampaign: UpdateCampaignSchemas,
  RegisterPledge: RegisterPledgeSchemas,
  RevisePledge: RevisePledgeSchemas,
  ListPledges: ListPledgesSchemas,
  RecordHandover: RecordHandoverSchemas,
  RecordHandoverBatch: RecordHandoverBatchSchemas,
  ImportTemplate: ImportTemplateSchemas,
  PreviewHandoverImport: PreviewHandoverImportSchemas,
  ExportHandovers: ExportHandoversSchemas,
  VoidHandover: VoidHandoverSchemas,
  VerifyHandover: VerifyHandoverSchemas,
  UnverifyHandover: UnverifyHandoverSchemas,
  CloseCampaign: CloseCampaignSchemas,
  ListHandovers: ListHandoversSchemas,
  EraseBeneficiary: EraseBeneficiarySchemas,
  GetAudit: GetAuditSchemas,
  InviteStaff: InviteStaffSchemas,
  ListStaff: ListStaffSchemas,
  DisableStaff: DisableStaffSchemas,
  GetStaffAudit: GetStaffAuditSchemas,
  GetOrganizationAudit: GetOrganizationAuditSchemas,
  GetProgress: GetProgressSchemas,
  GetReport: GetReportSchemas,
  ListNotifications: ListNotificationsSchemas,
  ListReminders: ListRemindersSchemas,
  GetOpenApi: GetOpenApiSchemas,
  Health: HealthSchemas,
  GetDashboard: GetDashboardSchemas,
  GetConsole: GetConsoleSchemas,
  GetDashboardAsset: GetDashboardAssetSchemas,
} as const satisfies Record<RouteName, RouteSchemas>;

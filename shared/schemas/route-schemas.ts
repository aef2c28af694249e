// Per route: what it accepts and what it answers. Handlers validate with these; openapi.json is built from them.
import { z } from 'zod';
import type { RouteName } from '../../functions/routes';
import {
  AssetParams,
  AuditEntryView,
  CampaignParams,
  CampaignSummaryView,
  CampaignView,
  CreateCampaignBody,
  CreateOrganizationBody,
  HandoverParams,
  HandoverView,
  HealthView,
  ListHandoversQuery,
  ListNotificationsQuery,
  ListQuery,
  listOf,
  NotificationView,
  OrganizationView,
  PledgeParams,
  PledgeView,
  ProgressView,
  RecordHandoverBody,
  RegisterPledgeBody,
  ReportQuery,
  RevisePledgeBody,
  VoidHandoverBody,
} from './api';

export interface RouteSchemas {
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  /** Headers the route requires, documented in OpenAPI and checked by the handler. */
  headers?: { name: string; description: string }[];
  /**
   * JSON unless `mediaTypes` names what else the route answers, each with a description; no schema
   * for a response without a body (204).
   */
  response: { status: number; schema?: z.ZodType; mediaTypes?: Record<string, string> };
}

export const routeSchemas = {
  CreateOrganization: { body: CreateOrganizationBody, response: { status: 201, schema: OrganizationView } },
  ListOrganizations: { query: ListQuery, response: { status: 200, schema: listOf(OrganizationView) } },
  CreateCampaign: { body: CreateCampaignBody, response: { status: 201, schema: CampaignView } },
  ListCampaigns: { query: ListQuery, response: { status: 200, schema: listOf(CampaignSummaryView) } },
  GetCampaign: { params: CampaignParams, response: { status: 200, schema: CampaignView } },
  RegisterPledge: {
    params: CampaignParams,
    body: RegisterPledgeBody,
    response: { status: 201, schema: PledgeView },
  },
  RevisePledge: {
    params: PledgeParams,
    body: RevisePledgeBody,
    response: { status: 200, schema: PledgeView },
  },
  ListPledges: {
    params: CampaignParams,
    query: ListQuery,
    response: { status: 200, schema: listOf(PledgeView) },
  },
  RecordHandover: {
    params: CampaignParams,
    body: RecordHandoverBody,
    headers: [
      {
        name: 'Idempotency-Key',
        description: '8 to 128 printable ASCII characters; the same key and body return the first result',
      },
    ],
    response: { status: 201, schema: HandoverView },
  },
  VoidHandover: {
    params: HandoverParams,
    body: VoidHandoverBody,
    response: { status: 200, schema: HandoverView },
  },
  ListHandovers: {
    params: CampaignParams,
    query: ListHandoversQuery,
    response: { status: 200, schema: listOf(HandoverView) },
  },
  EraseBeneficiary: { params: HandoverParams, response: { status: 204 } },
  GetAudit: {
    params: CampaignParams,
    query: ListQuery,
    response: { status: 200, schema: listOf(AuditEntryView) },
  },
  GetProgress: { params: CampaignParams, response: { status: 200, schema: ProgressView } },
  GetReport: {
    params: CampaignParams,
    query: ReportQuery,
    response: {
      status: 200,
      schema: z.string(),
      mediaTypes: {
        'text/plain': 'format=text: the narrative report',
        'text/csv': 'format=csv: category totals, UTF-8 with a byte order mark',
        'text/html': 'format=html: the printable report, narrative and tables, with print styles',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
          'format=xlsx: a workbook with one sheet per view (categories, organizations, wards)',
      },
    },
  },
  ListNotifications: {
    query: ListNotificationsQuery,
    response: { status: 200, schema: listOf(NotificationView) },
  },
  GetOpenApi: { response: { status: 200, schema: z.record(z.string(), z.unknown()) } },
  Health: { response: { status: 200, schema: HealthView } },
  GetDashboard: {
    response: {
      status: 200,
      schema: z.string(),
      mediaTypes: { 'text/html': 'the leadership dashboard page; its script and styles are under /assets/' },
    },
  },
  GetDashboardAsset: {
    params: AssetParams,
    response: {
      status: 200,
      schema: z.string(),
      mediaTypes: {
        'text/javascript': "the dashboard's script",
        'text/css': "the dashboard's styles",
        'image/svg+xml': "the dashboard's icon",
      },
    },
  },
} as const satisfies Record<RouteName, RouteSchemas>;

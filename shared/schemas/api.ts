// Request and response schemas of API v1: the edge validates with them and openapi.json is generated from them.
import { z } from 'zod';
import { auditActions } from '../domain/audit';
import { categoryCodes } from '../domain/categories';
import { organizationKinds, roles } from '../domain/roles';

// Control characters have no place in names or notes; line breaks and tabs are allowed in free text.
const noControlCharacters = /^[^\p{Cc}]*$/u;
const noControlExceptLineBreaks = /^(?:[^\p{Cc}]|[\n\r\t])*$/u;
// An unpaired surrogate (a `\ud800` escape in the JSON) is no character at all: it has no UTF-8 form to store.
const wellFormedUnicode = /^\P{Cs}*$/u;
const notWellFormed = 'must not contain unpaired surrogates';

const Name = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .regex(noControlCharacters, 'must not contain control characters')
    .regex(wellFormedUnicode, notWellFormed);

const FreeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(noControlExceptLineBreaks, 'must not contain control characters')
    .regex(wellFormedUnicode, notWellFormed);

export const Slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{2,62}$/,
    'must be 3 to 63 lower-case letters, digits or hyphens, not starting with a hyphen',
  );

export const ServerId = z.string().regex(/^[a-z0-9]{8,64}$/, 'is not a valid id');

export const IsoDate = z.iso.date('must be a date written YYYY-MM-DD');

export const CategoryCode = z.enum(categoryCodes, {
  error: () => `must be one of ${categoryCodes.join(', ')}`,
});

export const Target = z
  .number({ error: 'must be a whole number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1_000_000, 'must be at most 1,000,000');

const Vnd = z.number().int('must be a whole number of đồng').min(0).max(1_000_000_000_000);

export const CreateOrganizationBody = z.strictObject({
  id: Slug,
  name: Name(200),
  kind: z.enum(organizationKinds, { error: () => `must be one of ${organizationKinds.join(', ')}` }),
});

export const CreateCampaignBody = z
  .strictObject({
    id: Slug,
    name: Name(300),
    startsOn: IsoDate,
    endsOn: IsoDate,
    wards: z
      .array(Name(100))
      .min(1, 'must list at least one ward')
      .max(200)
      .refine((wards) => new Set(wards).size === wards.length, 'must not repeat a ward'),
  })
  .refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' });

export const RegisterPledgeBody = z.strictObject({
  organizationId: Slug,
  category: CategoryCode,
  target: Target,
  note: FreeText(1000).optional(),
});

export const RevisePledgeBody = z
  .strictObject({
    target: Target.optional(),
    status: z.literal('withdrawn', { error: 'can only be "withdrawn"' }).optional(),
    reason: Name(500),
  })
  .refine((b) => (b.target === undefined) !== (b.status === undefined), {
    path: ['target'],
    message: 'give either a new target or status "withdrawn"',
  });

export const Beneficiary = z.strictObject({
  name: Name(200),
  address: Name(500).optional(),
});

export const Funding = z.strictObject({
  cashVnd: z
    .array(z.strictObject({ source: Name(200), amount: Vnd }))
    .max(20)
    .optional(),
  materialsVnd: Vnd.optional(),
  laborDays: z.number().min(0).max(100_000).optional(),
});

export const RecordHandoverBody = z.strictObject({
  organizationId: Slug,
  category: CategoryCode,
  ward: Name(100),
  handedOverOn: IsoDate,
  beneficiary: Beneficiary.optional(),
  valueVnd: Vnd.optional(),
  note: FreeText(1000).optional(),
  funding: Funding.optional(),
  coFunders: z
    .array(Slug)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'must not repeat an organization')
    .optional(),
});

export const VoidHandoverBody = z.strictObject({ reason: Name(500) });

export const IdempotencyKey = z
  .string({ error: 'the Idempotency-Key header is required' })
  .min(8, 'must be 8 to 128 characters')
  .max(128, 'must be 8 to 128 characters')
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');

export const Cursor = z.string().max(2048).optional();

export const ListQuery = z.object({ cursor: Cursor });

export const ListHandoversQuery = z.object({
  cursor: Cursor,
  ward: Name(100).optional(),
  organizationId: Slug.optional(),
});

export const ListNotificationsQuery = z.object({ campaignId: Slug, cursor: Cursor });

export const ReportQuery = z.object({
  lang: z.enum(['vi', 'en']).default('vi'),
  format: z.enum(['text', 'csv', 'html', 'xlsx']).default('text'),
});

/** A dashboard asset's file name, as the page links it (content-hashed, so it can be cached for good). */
export const AssetParams = z.object({
  file: z.string().regex(/^[a-z0-9-]{1,64}\.(js|css|svg)$/, 'is not an asset of this site'),
});

export const CampaignParams = z.object({ campaignId: Slug });
export const PledgeParams = z.object({ campaignId: Slug, pledgeId: ServerId });
export const HandoverParams = z.object({ campaignId: Slug, handoverId: ServerId });

// Responses, for the OpenAPI document and for tests that check a body's shape.
const Timestamp = z.string().describe('ISO 8601 date-time, UTC');

export const OrganizationView = z.object({
  id: Slug,
  name: z.string(),
  kind: z.enum(organizationKinds),
  createdAt: Timestamp,
});

export const CampaignView = z.object({
  id: Slug,
  name: z.string(),
  startsOn: IsoDate,
  endsOn: IsoDate,
  wards: z.array(z.string()),
  createdAt: Timestamp,
});

export const CampaignSummaryView = CampaignView.pick({ id: true, name: true, startsOn: true, endsOn: true });

const Percent = z
  .number()
  .nullable()
  .describe('delivered ÷ target in percent, one decimal; null if nothing pledged');
const PledgeStatusView = z.enum(['in-progress', 'fulfilled', 'exceeded', 'overdue', 'withdrawn']);

export const PledgeView = z.object({
  id: ServerId,
  campaignId: Slug,
  organizationId: Slug,
  organizationName: z.string(),
  category: CategoryCode,
  target: z.number().int(),
  delivered: z.number().int(),
  remaining: z.number().int(),
  surplus: z.number().int(),
  percent: Percent,
  status: PledgeStatusView,
  note: z.string().optional(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const HandoverView = z.object({
  id: ServerId,
  campaignId: Slug,
  organizationId: Slug,
  category: CategoryCode,
  ward: z.string(),
  handedOverOn: IsoDate,
  beneficiary: Beneficiary.optional().describe('only for the front committee and admins'),
  valueVnd: z.number().int().optional(),
  note: z.string().optional(),
  funding: Funding.optional(),
  coFunders: z.array(Slug).optional(),
  pledgeId: ServerId.optional(),
  status: z.enum(['recorded', 'voided']),
  recordedAt: Timestamp,
  voidedAt: Timestamp.optional(),
  voidReason: z.string().optional(),
  beneficiaryErasedAt: Timestamp.optional().describe("when the beneficiary's personal data was erased"),
});

export const ProgressView = z.object({
  campaignId: Slug,
  asOf: Timestamp,
  totals: z.array(
    z.object({
      category: CategoryCode,
      pledged: z.number().int(),
      delivered: z.number().int(),
      remaining: z.number().int(),
      surplus: z.number().int(),
      percent: Percent,
    }),
  ),
  pledges: z.array(PledgeView.omit({ campaignId: true, note: true, createdAt: true, updatedAt: true })),
  wards: z.array(z.object({ ward: z.string(), category: CategoryCode, delivered: z.number().int() })),
});

export const NotificationView = z.object({
  id: z.string().describe('the crossing event id'),
  campaignId: Slug,
  type: z.literal('Pledge Exceeded'),
  pledgeId: ServerId,
  organizationId: Slug,
  organizationName: z.string(),
  category: CategoryCode,
  target: z.number().int(),
  delivered: z.number().int(),
  surplus: z.number().int(),
  occurredAt: Timestamp,
  subject: z.string(),
  message: z.object({ vi: z.string(), en: z.string() }),
});

const AuditValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const AuditEntryView = z.object({
  id: ServerId,
  campaignId: Slug,
  at: Timestamp,
  actor: z
    .object({
      sub: z.string().describe("the signed-in user's id (the token's subject)"),
      roles: z.array(z.enum(roles)),
      organizationId: Slug.optional(),
    })
    .describe('who made the change'),
  action: z.enum(auditActions),
  subject: z.object({ type: z.enum(['campaign', 'pledge', 'handover']), id: z.string() }),
  changes: z
    .array(z.object({ field: z.string(), from: AuditValue.optional(), to: AuditValue.optional() }))
    .describe('what changed; a beneficiary appears only as "recorded" or "erased", never by name'),
  reason: z.string().optional(),
});

export const ErrorView = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const HealthView = z.object({ status: z.literal('ok') });

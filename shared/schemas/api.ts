// Request and response schemas of API v1: the edge validates with them and openapi.json is generated from them.

import { auditActions, staffAuditActions } from '../domain/audit';
import { categoryCodes } from '../domain/categories';
import { organizationKinds, roles } from '../domain/roles';
import * as z from './zod';

/**
 * Builds a schema, marked free of side effects so that esbuild drops those a function never uses: zod's
 * chained `.check()` calls would otherwise keep every schema of the API in every bundle, built at import.
 */
/* @__NO_SIDE_EFFECTS__ */
function schema<T>(build: () => T): T {
  return build();
}

// Control characters have no place in names or notes; line breaks and tabs are allowed in free text.
const noControlCharacters = /^[^\p{Cc}]*$/u;
const noControlExceptLineBreaks = /^(?:[^\p{Cc}]|[\n\r\t])*$/u;
// An unpaired surrogate (a `\ud800` escape in the JSON) is no character at all: it has no UTF-8 form to store.
const wellFormedUnicode = /^\P{Cs}*$/u;
const notWellFormed = 'must not contain unpaired surrogates';
// Vietnamese text needs none of these, and each can hide or forge what a reader sees: format characters
// (bidi overrides and isolates, zero-width spaces and joiners, the BOM, the soft hyphen) and the line and
// paragraph separators (U+2028 would start a new line inside a report's sentence).
const noInvisibleCharacters = /^[^\p{Cf}\p{Zl}\p{Zp}]*$/u;
const invisible = 'must not contain invisible or direction-changing characters (U+200B, U+202E, U+2028, …)';
// A name of combining marks, or of nothing but invisible characters, shows nothing: not a name.
const visibleCharacter = /[\p{L}\p{N}\p{P}\p{S}]/u;

// Pure, so a bundle drops the schemas its handler never uses.
/* @__NO_SIDE_EFFECTS__ */
function Name(max: number) {
  return z.string().check(
    z.trim(),
    // Each says one thing: once one fails, the later ones would only repeat it.
    z.minLength(1, { error: 'must not be empty', abort: true }),
    z.maxLength(max, `must be at most ${max} characters`),
    z.regex(noControlCharacters, 'must not contain control characters'),
    z.regex(wellFormedUnicode, notWellFormed),
    z.regex(noInvisibleCharacters, { error: invisible, abort: true }),
    z.regex(visibleCharacter, 'must contain a visible character'),
  );
}

/* @__NO_SIDE_EFFECTS__ */
function FreeText(max: number) {
  return z
    .string()
    .check(
      z.trim(),
      z.maxLength(max, `must be at most ${max} characters`),
      z.regex(noControlExceptLineBreaks, 'must not contain control characters'),
      z.regex(wellFormedUnicode, notWellFormed),
      z.regex(noInvisibleCharacters, invisible),
    );
}

export const Slug = schema(() =>
  z
    .string()
    .check(
      z.regex(
        /^[a-z0-9][a-z0-9-]{2,62}$/,
        'must be 3 to 63 lower-case letters, digits or hyphens, not starting with a hyphen',
      ),
    ),
);

export const ServerId = schema(() => z.string().check(z.regex(/^[a-z0-9]{8,64}$/, 'is not a valid id')));

/** Campaigns and handovers of this century: a wider range only invites typos (0218 for 2018). */
export const dateRange = { first: '2000-01-01', last: '2100-12-31' } as const;

export const IsoDate = schema(() =>
  z.iso
    .date({ error: 'must be a date written YYYY-MM-DD', abort: true })
    .check(
      z.refine(
        (date) => date >= dateRange.first && date <= dateRange.last,
        `must be between ${dateRange.first} and ${dateRange.last}`,
      ),
    ),
);

export const CategoryCode = schema(() =>
  z.enum(categoryCodes, {
    error: () => `must be one of ${categoryCodes.join(', ')}`,
  }),
);

export const Target = schema(() =>
  z
    .int({ error: 'must be a whole number' })
    .check(z.minimum(1, 'must be at least 1'), z.maximum(1_000_000, 'must be at most 1,000,000')),
);

const Vnd = schema(() =>
  z.int({ error: 'must be a whole number of đồng' }).check(z.minimum(0), z.maximum(1_000_000_000_000)),
);

export const CreateOrganizationBody = schema(() =>
  z.strictObject({
    id: Slug,
    name: Name(200),
    kind: z.enum(organizationKinds, { error: () => `must be one of ${organizationKinds.join(', ')}` }),
  }),
);

const unique = (values: readonly string[]) => new Set(values).size === values.length;

export const CreateCampaignBody = schema(() =>
  z
    .strictObject({
      id: Slug,
      name: Name(300),
      startsOn: IsoDate,
      endsOn: IsoDate,
      wards: z
        .array(Name(100))
        .check(
          z.minLength(1, 'must list at least one ward'),
          z.maxLength(200),
          z.refine(unique, 'must not repeat a ward'),
        ),
    })
    .check(
      z.refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'must not be before startsOn' }),
    ),
);

/** Edits a campaign's name, dates or wards (its id never changes); refused with 409 if it would orphan handovers. */
export const UpdateCampaignBody = schema(() =>
  z
    .strictObject({
      name: z.optional(Name(300)),
      startsOn: z.optional(IsoDate),
      endsOn: z.optional(IsoDate),
      wards: z.optional(
        z
          .array(Name(100))
          .check(
            z.minLength(1, 'must list at least one ward'),
            z.maxLength(200),
            z.refine(unique, 'must not repeat a ward'),
          ),
      ),
      reason: z.optional(FreeText(500)),
    })
    .check(
      z.refine(
        (b) =>
          b.name !== undefined || b.startsOn !== undefined || b.endsOn !== undefined || b.wards !== undefined,
        { path: ['name'], message: 'give at least one of name, startsOn, endsOn, wards' },
      ),
    ),
);

export const RenameOrganizationBody = schema(() => z.strictObject({ name: Name(200) }));

export const OrganizationParams = schema(() => z.object({ organizationId: Slug }));

export const RegisterPledgeBody = schema(() =>
  z.strictObject({
    organizationId: Slug,
    category: CategoryCode,
    target: Target,
    note: z.optional(FreeText(1000)),
  }),
);

export const RevisePledgeBody = schema(() =>
  z
    .strictObject({
      target: z.optional(Target),
      status: z.optional(z.literal('withdrawn', { error: 'can only be "withdrawn"' })),
      reason: Name(500),
    })
    .check(
      z.refine((b) => (b.target === undefined) !== (b.status === undefined), {
        path: ['target'],
        message: 'give either a new target or status "withdrawn"',
      }),
    ),
);

export const Beneficiary = schema(() =>
  z.strictObject({
    name: Name(200),
    address: z.optional(Name(500)),
  }),
);

export const Funding = schema(() =>
  z.strictObject({
    cashVnd: z.optional(z.array(z.strictObject({ source: Name(200), amount: Vnd })).check(z.maxLength(20))),
    materialsVnd: z.optional(Vnd),
    // Labour days in tenths at most: a day and a half is 1.5; finer values are typos or probes (1e-300).
    laborDays: z.optional(
      z.number().check(
        z.minimum(0),
        z.maximum(100_000),
        z.refine((days) => Math.round(days * 10) / 10 === days, 'must have at most one decimal'),
      ),
    ),
  }),
);

export const RecordHandoverBody = schema(() =>
  z.strictObject({
    organizationId: Slug,
    category: CategoryCode,
    ward: Name(100),
    handedOverOn: IsoDate,
    beneficiary: z.optional(Beneficiary),
    valueVnd: z.optional(Vnd),
    note: z.optional(FreeText(1000)),
    funding: z.optional(Funding),
    coFunders: z.optional(
      z.array(Slug).check(z.maxLength(20), z.refine(unique, 'must not repeat an organization')),
    ),
    // The reason may be missing here so that the use case answers 422 reason_required, as #15 asks.
    duplicateConfirmation: z.optional(
      z
        .strictObject({ reason: z.optional(FreeText(500)) })
        .check(
          z.describe(
            'records a likely duplicate (same household already recorded) on purpose; reason required',
          ),
        ),
    ),
  }),
);

/** Each item's handover is validated on its own (a bad one fails alone), so the batch takes it as any JSON. */
export const RecordHandoverBatchBody = schema(() =>
  z.strictObject({
    items: z
      .array(
        z.strictObject({
          idempotencyKey: z.unknown().check(z.describe('as the Idempotency-Key header of RecordHandover')),
          handover: z.unknown().check(z.describe('the body RecordHandover accepts')),
        }),
      )
      .check(z.minLength(1, 'must hold at least one item')),
  }),
);

export const RecordHandoverBatchView = schema(() =>
  z.strictObject({
    results: z.array(
      z.strictObject({
        idempotencyKey: z.string(),
        status: z.enum(['recorded', 'already_recorded', 'failed']),
        handoverId: z.optional(ServerId),
        error: z.optional(
          z
            .strictObject({ code: z.string(), message: z.string() })
            .check(z.describe('as RecordHandover would answer; `deadline`: not started in time, send again')),
        ),
      }),
    ),
  }),
);

const ImportProblemView = schema(() =>
  z.strictObject({
    column: z.string().check(z.describe("the column's Vietnamese header")),
    code: z.string(),
    message: z.string().check(z.describe('Vietnamese, or English with Accept-Language: en')),
  }),
);

export const HandoverImportPreviewView = schema(() =>
  z.strictObject({
    fileSha256: z.string(),
    rows: z.array(
      z.strictObject({
        row: z.int().check(z.describe("the sheet's row number; the header is row 1")),
        idempotencyKey: z.string(),
        handover: z.nullable(RecordHandoverBody),
        problems: z.array(ImportProblemView),
        duplicateOfRow: z.optional(z.int()),
        likelyDuplicateOf: z.optional(ServerId),
      }),
    ),
    summary: z.strictObject({ rows: z.int(), ready: z.int(), withProblems: z.int() }),
  }),
);

export const VoidHandoverBody = schema(() => z.strictObject({ reason: Name(500) }));
export const UnverifyHandoverBody = schema(() => z.strictObject({ reason: Name(500) }));

export const IdempotencyKey = schema(() =>
  z
    .string({ error: 'the Idempotency-Key header is required' })
    .check(
      z.minLength(8, 'must be 8 to 128 characters'),
      z.maxLength(128, 'must be 8 to 128 characters'),
      z.regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
    ),
);

export const Cursor = schema(() => z.optional(z.string().check(z.maxLength(2048))));

export const ListQuery = schema(() => z.object({ cursor: Cursor }));

export const ListHandoversQuery = schema(() =>
  z.object({
    cursor: Cursor,
    ward: z.optional(Name(100)),
    organizationId: z.optional(Slug),
    category: z.optional(CategoryCode),
    /** Handed over on or after this date. */
    from: z.optional(IsoDate),
    /** Handed over on or before this date. */
    to: z.optional(IsoDate),
    status: z.optional(z.enum(['recorded', 'voided'], { error: () => 'must be recorded or voided' })),
  }),
);

/** The register's filters, as ListHandovers takes them; the export holds every page. */
/** The register's filters (ListHandoversQuery's, without the cursor): the export is what the console shows. */
export const ExportHandoversQuery = schema(() =>
  z.object({
    ward: z.optional(Name(100)),
    organizationId: z.optional(Slug),
    category: z.optional(CategoryCode),
    from: z.optional(IsoDate),
    to: z.optional(IsoDate),
    status: z.optional(z.enum(['recorded', 'voided'], { error: () => 'must be recorded or voided' })),
  }),
);

export const ListNotificationsQuery = schema(() => z.object({ campaignId: Slug, cursor: Cursor }));

export const ReportQuery = schema(() =>
  z.object({
    lang: z._default(z.enum(['vi', 'en']), 'vi'),
    format: z._default(z.enum(['text', 'csv', 'html', 'xlsx', 'docx']), 'text'),
    basis: z
      ._default(z.enum(['recorded', 'verified']), 'recorded')
      .check(
        z.describe('recorded: every handover recorded; verified: only those verified by a second member'),
      ),
  }),
);

/** A dashboard asset's file name, as the page links it (content-hashed, so it can be cached for good). */
export const AssetParams = schema(() =>
  z.object({
    file: z.string().check(z.regex(/^[a-z0-9-]{1,64}\.(js|css|svg)$/, 'is not an asset of this site')),
  }),
);

export const CampaignParams = schema(() => z.object({ campaignId: Slug }));
export const PledgeParams = schema(() => z.object({ campaignId: Slug, pledgeId: ServerId }));
export const HandoverParams = schema(() => z.object({ campaignId: Slug, handoverId: ServerId }));

// Responses, for the OpenAPI document and for tests that check a body's shape.
const Timestamp = schema(() => z.string().check(z.describe('ISO 8601 date-time, UTC')));

export const OrganizationView = schema(() =>
  z.strictObject({
    id: Slug,
    name: z.string(),
    kind: z.enum(organizationKinds),
    createdAt: Timestamp,
  }),
);

export const CampaignView = schema(() =>
  z.strictObject({
    id: Slug,
    name: z.string(),
    startsOn: IsoDate,
    endsOn: IsoDate,
    wards: z.array(z.string()),
    createdAt: Timestamp,
    closedAt: z.optional(Timestamp).check(z.describe('when an admin closed it; its figures are final')),
  }),
);

export const CampaignSummaryView = schema(() =>
  z.pick(CampaignView, {
    id: true,
    name: true,
    startsOn: true,
    endsOn: true,
  }),
);

const Percent = schema(() =>
  z
    .nullable(z.number())
    .check(z.describe('delivered ÷ target in percent, one decimal; null if nothing pledged')),
);
const PledgeStatusView = schema(() =>
  z.enum(['in-progress', 'fulfilled', 'exceeded', 'overdue', 'withdrawn']),
);

export const PledgeView = schema(() =>
  z.strictObject({
    id: ServerId,
    campaignId: Slug,
    organizationId: Slug,
    organizationName: z.string(),
    category: CategoryCode,
    target: z.int(),
    delivered: z.int(),
    verified: z
      .int()
      .check(z.describe('of the delivered, how many a second front-committee member verified')),
    remaining: z.int(),
    surplus: z.int(),
    percent: Percent,
    status: PledgeStatusView,
    note: z.optional(z.string()),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
);

export const HandoverView = schema(() =>
  z.strictObject({
    id: ServerId,
    campaignId: Slug,
    organizationId: Slug,
    category: CategoryCode,
    ward: z.string(),
    handedOverOn: IsoDate,
    beneficiary: z.optional(Beneficiary).check(z.describe('only for the front committee and admins')),
    valueVnd: z.optional(z.int()),
    note: z.optional(z.string()),
    funding: z.optional(Funding),
    coFunders: z.optional(z.array(Slug)),
    pledgeId: z.optional(ServerId),
    duplicateConfirmation: z.optional(z.strictObject({ reason: z.optional(z.string()) })),
    status: z.enum(['recorded', 'voided']),
    verification: z
      .enum(['unverified', 'verified'])
      .check(z.describe('verified by a front-committee member other than the recorder')),
    verifiedAt: z.optional(Timestamp),
    recordedAt: Timestamp,
    voidedAt: z.optional(Timestamp),
    voidReason: z.optional(z.string()),
    beneficiaryErasedAt: z
      .optional(Timestamp)
      .check(z.describe("when the beneficiary's personal data was erased")),
  }),
);

export const ProgressView = schema(() =>
  z.strictObject({
    campaignId: Slug,
    asOf: Timestamp,
    basis: z
      .enum(['recorded', 'verified'])
      .check(z.describe('what delivered counts; verified is shown beside it')),
    closedAt: z.optional(Timestamp),
    totals: z.array(
      z.strictObject({
        category: CategoryCode,
        pledged: z.int(),
        delivered: z.int(),
        verified: z.int(),
        remaining: z.int(),
        surplus: z.int(),
        percent: Percent,
      }),
    ),
    pledges: z.array(z.omit(PledgeView, { campaignId: true, note: true, createdAt: true, updatedAt: true })),
    wards: z.array(
      z.strictObject({ ward: z.string(), category: CategoryCode, delivered: z.int(), verified: z.int() }),
    ),
  }),
);

/** The weekly digest to leadership (#15): per campaign and week, no personal data. */
export const DigestNotificationView = schema(() =>
  z.strictObject({
    id: z.string().check(z.describe('digest-<campaignId>-<day of the digest>')),
    campaignId: Slug,
    type: z.literal('Weekly Digest'),
    occurredAt: Timestamp,
    subject: z.string(),
    message: z.strictObject({ vi: z.string(), en: z.string() }),
  }),
);

export const ExceededNotificationView = schema(() =>
  z.strictObject({
    id: z.string().check(z.describe('the crossing event id')),
    campaignId: Slug,
    type: z.literal('Pledge Exceeded'),
    pledgeId: ServerId,
    organizationId: Slug,
    organizationName: z.string(),
    category: CategoryCode,
    target: z.int(),
    delivered: z.int(),
    surplus: z.int(),
    occurredAt: Timestamp,
    subject: z.string(),
    message: z.strictObject({ vi: z.string(), en: z.string() }),
  }),
);

/** A reminder to an organization (#15): one per pledge and milestone; no personal data. */
export const ReminderView = schema(() =>
  z.strictObject({
    campaignId: Slug,
    campaignName: z.string(),
    pledgeId: ServerId,
    organizationId: Slug,
    organizationName: z.string(),
    category: CategoryCode,
    milestone: z.enum(['at-risk', 'ends-in-30-days', 'ends-in-7-days']),
    target: z.int(),
    delivered: z.int().check(z.describe('handed over when the reminder was sent')),
    daysLeft: z
      .int()
      .check(z.describe("days from the reminder's day through the campaign's last, both included")),
    dueOn: z.string().check(z.describe('the Vietnam day (YYYY-MM-DD) of the check that sent it')),
    sent: z.boolean().check(z.describe('false while its delivery is under way or is to be retried')),
    subject: z.string(),
    message: z.strictObject({ vi: z.string(), en: z.string() }),
  }),
);

/** The feed holds exceeded pledges and, since #15, weekly digests. */
export const NotificationView = schema(() => z.union([ExceededNotificationView, DigestNotificationView]));

const AuditValue = schema(() => z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]));

const AuditActorView = schema(() =>
  z
    .object({
      sub: z
        .string()
        .check(z.describe("the signed-in user's id (the token's subject); `cli` for `npm run users`")),
      roles: z.array(z.enum(roles)),
      organizationId: z.optional(Slug),
    })
    .check(z.describe('who made the change')),
);

const AuditChangeView = schema(() =>
  z.strictObject({ field: z.string(), from: z.optional(AuditValue), to: z.optional(AuditValue) }),
);

export const AuditEntryView = schema(() =>
  z.strictObject({
    id: ServerId,
    campaignId: Slug,
    at: Timestamp,
    actor: AuditActorView,
    action: z.enum(auditActions),
    subject: z.strictObject({ type: z.enum(['campaign', 'pledge', 'handover']), id: z.string() }),
    changes: z
      .array(z.strictObject({ field: z.string(), from: z.optional(AuditValue), to: z.optional(AuditValue) }))
      .check(z.describe('what changed; a beneficiary appears only as "recorded" or "erased", never by name')),
    reason: z.optional(z.string()),
  }),
);

export const ErrorView = schema(() =>
  z.strictObject({
    error: z.strictObject({
      code: z.string(),
      message: z.string(),
      details: z.optional(z.array(z.strictObject({ path: z.string(), message: z.string() }))),
      duplicateOf: z.optional(
        z
          .strictObject({
            handoverId: z.string(),
            campaignId: z.string(),
            beneficiaryName: z.optional(z.string()),
          })
          .check(z.describe('possible_duplicate: the recorded handover of the same household')),
      ),
    }),
  }),
);

/* @__NO_SIDE_EFFECTS__ */
export function listOf<T extends z.ZodMiniType>(item: T) {
  return z.strictObject({ items: z.array(item), nextCursor: z.optional(z.string()) });
}

export const HealthView = schema(() => z.strictObject({ status: z.literal('ok') }));

/** A Cognito account's `sub`: the API names staff accounts by it, never by e-mail (URLs reach access logs). */
export const StaffId = schema(() =>
  z
    .string()
    .check(
      z.regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
        "must be an account's id (a UUID)",
      ),
    ),
);

export const StaffParams = schema(() => z.strictObject({ userId: StaffId }));

export const InviteStaffBody = schema(() =>
  z
    .strictObject({
      // Cognito's own limit on e-mail is 2048; an invitee's address is far shorter.
      email: z.email({ error: 'must be an e-mail address' }).check(z.maxLength(254)),
      role: z.enum(roles, { error: () => `must be one of ${roles.join(', ')}` }),
      organizationId: z.optional(Slug),
      name: z.optional(Name(200)),
    })
    .check(
      z.refine((body) => (body.role === 'organization') === (body.organizationId !== undefined), {
        error: 'an organization user needs organizationId, and only an organization user has one',
        path: ['organizationId'],
      }),
    ),
);

export const StaffView = schema(() =>
  z.strictObject({
    id: StaffId,
    username: z.string().check(z.describe('what the person signs in with (their e-mail in AWS)')),
    email: z.optional(z.string()),
    name: z.optional(z.string()),
    roles: z.array(z.enum(roles)),
    organizationId: z.optional(Slug),
    enabled: z.boolean(),
    status: z.string().check(z.describe("Cognito's account status, e.g. FORCE_CHANGE_PASSWORD, CONFIRMED")),
  }),
);

/**
 * User administration's trail: accounts by their id alone. The trail cannot be erased, so it holds no e-mail or
 * name; the staff list (`GET /v1/users`) gives those to the same admins while the account exists.
 */
export const StaffAuditEntryView = schema(() =>
  z.strictObject({
    id: ServerId,
    at: Timestamp,
    actor: AuditActorView,
    action: z.enum(staffAuditActions),
    subject: z.strictObject({ type: z.literal('user'), id: StaffId }),
    changes: z
      .array(AuditChangeView)
      .check(
        z.describe('user.invited: the role (and organizationId); user.disabled: enabled from true to false'),
      ),
  }),
);

export const OrganizationAuditEntryView = schema(() =>
  z.strictObject({
    id: ServerId,
    at: Timestamp,
    actor: AuditActorView,
    action: z.literal('organization.renamed'),
    subject: z.strictObject({ type: z.literal('organization'), id: Slug }),
    changes: z.array(AuditChangeView).check(z.describe('the name, from the old to the new')),
  }),
);

export const InvitedStaffView = schema(() =>
  z.strictObject({
    id: StaffId,
    username: z.string(),
    role: z.enum(roles),
    organizationId: z.optional(Slug),
    temporaryPassword: z.optional(
      z
        .string()
        .check(
          z.describe(
            'only where invitations are not e-mailed (the local runtime): to hand over, changed at first sign-in',
          ),
        ),
    ),
  }),
);

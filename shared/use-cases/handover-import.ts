// Use cases of importing a handover register (#13): the template, the preview of a file, and recording a batch
// of rows, each exactly as RecordHandover records one.
import { createHash } from 'node:crypto';
import { type Caller, handoverListOrganization, maySeePersonalData } from '../domain/access';
import { categories, categoryCodes } from '../domain/categories';
import { localDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { handoverRegisterTable } from '../domain/handover-export';
import {
  columnOfField,
  fileProblemMessages,
  type ImportRowResult,
  importColumns,
  locateColumns,
  maxImportBytes,
  maxImportRows,
  problem,
  readImportRows,
} from '../domain/handover-import';
import { likelyDuplicate } from '../domain/household';
import { handoverIdFor } from '../domain/identity';
import type { Handover, Organization } from '../domain/model';
import type { Language } from '../domain/report';
import type { SheetFormat, SheetReader } from '../domain/sheet';
import { toNfc } from '../domain/text';
import { timeLeftMs } from '../invocation';
import type { WorkbookWriter } from '../ports';
import { type ExportHandoversQuery, IdempotencyKey, RecordHandoverBody } from '../schemas/api';
import type * as z from '../schemas/zod';
import { requireCampaign } from './campaigns';
import type { HandoverDeps, LedgerDeps } from './deps';
import { recordHandover } from './handovers';

export interface TemplateDeps extends LedgerDeps {
  workbook: WorkbookWriter;
}

export interface PreviewDeps extends HandoverDeps {
  sheets: SheetReader;
}

/** Items a batch may hold: a chunk the console sends, well inside one invocation's time. */
export const maxBatchItems = 100;
/** Items recorded at once within a batch: DynamoDB serializes the counters they share anyway. */
export const batchConcurrency = 8;
/** Lookups of likely duplicates at once, in a preview. */
const lookupConcurrency = 16;
/** Time kept to answer: an item not started with less left than this comes back failed, to be sent again. */
const answerReserveMs = 2000;

export async function allOrganizations(deps: LedgerDeps): Promise<Organization[]> {
  const all: Organization[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.listOrganizations(cursor, 100);
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** The template: the headers in order on the first sheet; wards, organizations and categories on the second. */
export async function importTemplate(deps: TemplateDeps, campaignId: string): Promise<Uint8Array> {
  const campaign = await requireCampaign(deps, campaignId);
  const organizations = await allOrganizations(deps);
  const height = Math.max(campaign.wards.length, organizations.length, categoryCodes.length);
  const at = <T>(list: readonly T[], i: number) => list[i];
  const register = {
    title: 'Bàn giao',
    columns: importColumns.map((c) => ({ header: c.header, kind: 'text' as const })),
    rows: [],
  };
  const help = {
    title: 'Hướng dẫn',
    columns: ['Phường/Xã', 'Mã đơn vị', 'Tên đơn vị', 'Hạng mục', 'Mã hạng mục'].map((header) => ({
      header,
      kind: 'text' as const,
    })),
    rows: Array.from({ length: height }, (_, i) => {
      const code = at(categoryCodes, i);
      return [
        at(campaign.wards, i) ?? null,
        at(organizations, i)?.id ?? null,
        at(organizations, i)?.name ?? null,
        code ? categories[code].label.vi : null,
        code ?? null,
      ];
    }),
  };
  return deps.workbook.write([register, help], {
    title: `Mẫu nhập bàn giao: ${campaign.name}`,
    created: deps.clock.now(),
  });
}

export interface ImportPreview {
  fileSha256: string;
  rows: Omit<ImportRowResult, 'household'>[];
  summary: { rows: number; ready: number; withProblems: number };
}

export async function previewHandoverImport(
  deps: PreviewDeps,
  request: { campaignId: string; bytes: Uint8Array; format: SheetFormat; lang: Language },
): Promise<ImportPreview> {
  const { campaignId, bytes, lang } = request;
  const says = fileProblemMessages[lang];
  if (bytes.byteLength > maxImportBytes) throw new DomainError('payload_too_large', says.too_large);
  const campaign = await requireCampaign(deps, campaignId);
  const sheet = await deps.sheets.read(bytes, request.format, { maxRows: maxImportRows });
  if (!sheet.ok) {
    const code =
      sheet.problem === 'too_many_rows'
        ? 'too_many_rows'
        : sheet.problem === 'empty'
          ? 'validation_failed'
          : 'unsupported_media_type';
    throw new DomainError(code, says[sheet.problem]);
  }
  const { at, missing } = locateColumns(sheet.header);
  if (missing.length > 0)
    throw new DomainError('validation_failed', `${says.missing_columns}${missing.join(', ')}`);
  const fileSha256 = createHash('sha256').update(bytes).digest('hex');
  const organizations = await allOrganizations(deps);
  const today = localDate(deps.clock.now());
  const rows = readImportRows({ campaign, organizations, today, lang }, sheet.rows, at, fileSha256);

  // The API's own validation, so that a ready row is one the batch accepts.
  for (const row of rows) {
    if (!row.handover) continue;
    const checked = RecordHandoverBody.safeParse(toNfc(row.handover));
    if (checked.success) continue;
    for (const issue of checked.error.issues) {
      const path = issue.path.map(String).join('.');
      row.problems.push(problem(lang, columnOfField(path), 'invalid', { detail: issue.message }));
    }
    row.handover = null;
  }
  await markLikelyDuplicates(deps, campaignId, rows, lang);

  const ready = rows.filter((r) => r.handover && r.problems.length === 0).length;
  return {
    fileSha256,
    rows: rows.map(({ household: _household, ...row }) => row),
    summary: { rows: rows.length, ready, withProblems: rows.length - ready },
  };
}

/** The same rule as RecordHandover's 409: one Query per household of the file, a few at a time. */
async function markLikelyDuplicates(
  deps: HandoverDeps,
  campaignId: string,
  rows: ImportRowResult[],
  lang: Language,
): Promise<void> {
  const households = [...new Set(rows.flatMap((r) => (r.household && r.handover ? [r.household] : [])))];
  const matches = new Map<string, Awaited<ReturnType<HandoverDeps['handovers']['householdMatches']>>>();
  await forEachBounded(households, lookupConcurrency, async (household) => {
    matches.set(household, await deps.handovers.householdMatches(household));
  });
  for (const row of rows) {
    if (!row.household || !row.handover) continue;
    const match = likelyDuplicate(
      {
        campaignId,
        organizationId: row.handover.organizationId,
        handedOverOn: row.handover.handedOverOn,
        self: handoverIdFor(campaignId, row.idempotencyKey),
      },
      matches.get(row.household) ?? [],
    );
    if (!match) continue;
    row.likelyDuplicateOf = match.handoverId;
    row.problems.push(problem(lang, 'name', 'possible_duplicate', { id: match.handoverId }));
  }
}

export type BatchItemResult =
  | { idempotencyKey: string; status: 'recorded' | 'already_recorded'; handoverId: string }
  | { idempotencyKey: string; status: 'failed'; error: { code: string; message: string } };

/**
 * Records each item as POST .../handovers would with its Idempotency-Key, a few at a time; a failing item
 * fails alone. Items not started while time was left come back failed with `deadline`, to be sent again.
 */
export async function recordHandoverBatch(
  deps: HandoverDeps,
  request: { campaignId: string; items: { idempotencyKey: unknown; handover: unknown }[]; caller: Caller },
  onUnexpected: (error: unknown) => void = () => {},
): Promise<BatchItemResult[]> {
  const { campaignId, items, caller } = request;
  if (items.length > maxBatchItems) {
    throw new DomainError(
      'too_many_rows',
      `A batch holds at most ${maxBatchItems} items; send the rest in another`,
    );
  }
  await requireCampaign(deps, campaignId);
  const results: BatchItemResult[] = new Array(items.length);
  await forEachBounded(
    items.map((item, index) => ({ item, index })),
    batchConcurrency,
    async ({ item, index }) => {
      const key = typeof item.idempotencyKey === 'string' ? item.idempotencyKey : '';
      const left = timeLeftMs();
      if (left !== undefined && left < answerReserveMs) {
        results[index] = failed(
          key,
          'deadline',
          'Not started: the request ran out of time. Send this item again.',
        );
        return;
      }
      const idempotencyKey = IdempotencyKey.safeParse(item.idempotencyKey);
      const handover = RecordHandoverBody.safeParse(toNfc(item.handover));
      if (!idempotencyKey.success || !handover.success) {
        const issues = [
          ...(idempotencyKey.success
            ? []
            : idempotencyKey.error.issues.map((i) => `idempotencyKey: ${i.message}`)),
          ...(handover.success
            ? []
            : handover.error.issues.map(
                (i) => `${i.path.map(String).join('.') || 'handover'}: ${i.message}`,
              )),
        ];
        results[index] = failed(key, 'validation_failed', issues.join('; '));
        return;
      }
      try {
        const outcome = await recordHandover(deps, {
          campaignId,
          idempotencyKey: idempotencyKey.data,
          input: handover.data,
          caller,
        });
        results[index] = {
          idempotencyKey: key,
          status: outcome.replayed ? 'already_recorded' : 'recorded',
          handoverId: outcome.handover.id,
        };
      } catch (error) {
        if (error instanceof DomainError) {
          results[index] = failed(key, error.code, error.message);
        } else {
          onUnexpected(error);
          results[index] = failed(key, 'internal', 'Internal error; send this item again');
        }
      }
    },
  );
  return results;
}

const failed = (idempotencyKey: string, code: string, message: string): BatchItemResult => ({
  idempotencyKey,
  status: 'failed',
  error: { code, message },
});

/** Runs `work` on every item, at most `limit` at once. */
async function forEachBounded<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Every handover the caller may list, in one workbook; the beneficiary only for those who may see it. */
export async function exportHandovers(
  deps: HandoverDeps & { workbook: WorkbookWriter },
  campaignId: string,
  query: z.infer<typeof ExportHandoversQuery>,
  caller: Caller,
): Promise<Uint8Array> {
  const organizationId = handoverListOrganization(caller, query.organizationId);
  const campaign = await requireCampaign(deps, campaignId);
  const filter = {
    ...(query.ward !== undefined ? { ward: query.ward } : {}),
    ...(organizationId ? { organizationId } : {}),
    ...(query.category !== undefined ? { category: query.category } : {}),
    ...(query.from !== undefined ? { from: query.from } : {}),
    ...(query.to !== undefined ? { to: query.to } : {}),
    ...(query.status !== undefined ? { state: query.status } : {}),
  };
  const handovers: Handover[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.handovers.list(campaignId, filter, cursor, 1000);
    handovers.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  handovers.sort((a, b) => (a.handedOverOn + a.id < b.handedOverOn + b.id ? -1 : 1));
  const organizations = new Map((await allOrganizations(deps)).map((o) => [o.id, o]));
  const table = handoverRegisterTable(handovers, organizations, {
    withPersonalData: maySeePersonalData(caller),
  });
  return deps.workbook.write([table], { title: `Sổ bàn giao: ${campaign.name}`, created: deps.clock.now() });
}

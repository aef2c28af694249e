// Driving adapter: GET /v1/campaigns/{campaignId}/handovers/export → exportHandovers (.xlsx, personal data only for staff)
import { ExcelJsWorkbookWriter, xlsxContentType } from '../shared/adapters/exceljs-workbook';
import { readConfig } from '../shared/config';
import { createDeps, documentClient } from '../shared/container';
import { signedIn } from '../shared/http/caller';
import { http } from '../shared/http/http-handler';
import { binary } from '../shared/http/responses';
import { deferred, lazyHandler } from '../shared/lazy-handler';
import type { WorkbookWriter } from '../shared/ports';
import { routeNamed } from '../shared/routes';
import { ExportHandoversSchemas } from '../shared/schemas/route-schemas';
import type { HandoverDeps } from '../shared/use-cases/deps';
import { exportHandovers } from '../shared/use-cases/handover-import';

export const makeHandler = (deps: HandoverDeps & { workbook: WorkbookWriter }) =>
  http(routeNamed('ExportHandovers'), ExportHandoversSchemas, async ({ params, query, caller }) =>
    binary(200, await exportHandovers(deps, params.campaignId, query, signedIn(caller)), xlsxContentType, {
      'content-disposition': `attachment; filename="so-ban-giao-${params.campaignId}.xlsx"`,
      'cache-control': 'no-store',
    }),
  );

// The writer is picked here, as in get-report.ts, so that exceljs is a chunk of this function's bundle only.
export const handler = lazyHandler(() =>
  makeHandler(
    deferred(() => ({
      ...createDeps(readConfig(), { dynamo: documentClient() }),
      workbook: new ExcelJsWorkbookWriter(),
    })),
  ),
);

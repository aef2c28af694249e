// Driving adapter: GET /v1/campaigns/{campaignId}/handover-import-template → importTemplate (.xlsx)
import { ExcelJsWorkbookWriter, xlsxContentType } from '../shared/adapters/exceljs-workbook';
import { readConfig } from '../shared/config';
import { createDeps, documentClient } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { binary } from '../shared/http/responses';
import { deferred, lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { ImportTemplateSchemas } from '../shared/schemas/route-schemas';
import { importTemplate, type TemplateDeps } from '../shared/use-cases/handover-import';

export const makeHandler = (deps: TemplateDeps) =>
  http(routeNamed('ImportTemplate'), ImportTemplateSchemas, async ({ params }) =>
    binary(200, await importTemplate(deps, params.campaignId), xlsxContentType, {
      'content-disposition': `attachment; filename="mau-nhap-ban-giao-${params.campaignId}.xlsx"`,
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

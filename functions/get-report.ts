// Driving adapter: GET /v1/campaigns/{campaignId}/report?lang=&format= → getReport (text, CSV, printable HTML,
// Excel, Word)
import { DocxOfficialDocumentWriter, docxContentType } from '../shared/adapters/docx-document';
import { ExcelJsWorkbookWriter, xlsxContentType } from '../shared/adapters/exceljs-workbook';
import { readConfig } from '../shared/config';
import { createDeps, documentClient } from '../shared/container';
import { reportStyles } from '../shared/domain/report-html';
import { http } from '../shared/http/http-handler';
import { binary, text } from '../shared/http/responses';
import { htmlSecurityHeaders, reportContentSecurityPolicy } from '../shared/http/security-headers';
import { deferred, lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { GetReportSchemas } from '../shared/schemas/route-schemas';
import { getReport, type ReportDeps } from '../shared/use-cases/progress';

const htmlHeaders = htmlSecurityHeaders(reportContentSecurityPolicy(reportStyles));

export const makeHandler = (deps: ReportDeps) =>
  http(routeNamed('GetReport'), GetReportSchemas, async ({ params, query }) => {
    const report = await getReport(deps, params.campaignId, query);
    const attachment = (extension: string) => ({
      'content-disposition': `attachment; filename="${params.campaignId}-report-${query.lang}${query.basis === 'verified' ? '-verified' : ''}.${extension}"`,
    });
    switch (report.format) {
      case 'csv':
        return text(200, report.body, 'text/csv; charset=utf-8', attachment('csv'));
      case 'xlsx':
        return binary(200, report.body, xlsxContentType, attachment('xlsx'));
      case 'docx':
        return binary(200, report.body, docxContentType, attachment('docx'));
      case 'html':
        return text(200, report.body, 'text/html; charset=utf-8', htmlHeaders);
      case 'text':
        return text(200, report.body, 'text/plain; charset=utf-8');
    }
  });

// The workbook and document writers are picked here, not in the composition root: their import() of exceljs and
// of docx become chunks of this function's bundle only (esbuild makes a chunk of every import() it can reach).
export const handler = lazyHandler(() =>
  makeHandler(
    deferred(() => ({
      ...createDeps(readConfig(), { dynamo: documentClient() }),
      workbook: new ExcelJsWorkbookWriter(),
      officialDocument: new DocxOfficialDocumentWriter(),
    })),
  ),
);

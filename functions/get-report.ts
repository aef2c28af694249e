// Driving adapter: GET /v1/campaigns/{campaignId}/report?lang=&format= → getReport (text, CSV, printable HTML, Excel)
import { xlsxContentType } from '../shared/adapters/exceljs-workbook';
import { reportStyles } from '../shared/domain/report-html';
import { http } from '../shared/http/http-handler';
import { binary, text } from '../shared/http/responses';
import { htmlSecurityHeaders, reportContentSecurityPolicy } from '../shared/http/security-headers';
import { reportDeps } from '../shared/report-container';
import { routeNamed } from '../shared/routes';
import { GetReportSchemas } from '../shared/schemas/route-schemas';
import { getReport } from '../shared/use-cases/progress';

const htmlHeaders = htmlSecurityHeaders(reportContentSecurityPolicy(reportStyles));

export const handler = http(routeNamed('GetReport'), GetReportSchemas, async ({ params, query }) => {
  const report = await getReport(reportDeps(), params.campaignId, query);
  const attachment = (extension: string) => ({
    'content-disposition': `attachment; filename="${params.campaignId}-report-${query.lang}.${extension}"`,
  });
  switch (report.format) {
    case 'csv':
      return text(200, report.body, 'text/csv; charset=utf-8', attachment('csv'));
    case 'xlsx':
      return binary(200, report.body, xlsxContentType, attachment('xlsx'));
    case 'html':
      return text(200, report.body, 'text/html; charset=utf-8', htmlHeaders);
    case 'text':
      return text(200, report.body, 'text/plain; charset=utf-8');
  }
});

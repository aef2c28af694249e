// Driving adapter: GET /v1/campaigns/{campaignId}/report?lang=&format= → getReport
import { ledgerDeps } from '../shared/container';
import { http } from '../shared/http/http-handler';
import { text } from '../shared/http/responses';
import { routeSchemas } from '../shared/schemas/route-schemas';
import { getReport } from '../shared/use-cases/progress';
import { routeNamed } from './routes';

export const handler = http(routeNamed('GetReport'), routeSchemas.GetReport, async ({ params, query }) => {
  const report = await getReport(ledgerDeps(), params.campaignId, query);
  return query.format === 'csv'
    ? text(200, report, 'text/csv; charset=utf-8', {
        'content-disposition': `attachment; filename="${params.campaignId}-report-${query.lang}.csv"`,
      })
    : text(200, report, 'text/plain; charset=utf-8');
});

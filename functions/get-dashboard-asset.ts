// Driving adapter: GET /assets/{file} → the dashboard's script, styles or icon, by content-hashed name
import { dashboardFiles } from '../shared/dashboard/generated/assets';
import { NotFoundError } from '../shared/domain/errors';
import { http } from '../shared/http/http-handler';
import { text } from '../shared/http/responses';
import { routeNamed } from '../shared/routes';
import { GetDashboardAssetSchemas } from '../shared/schemas/route-schemas';

/** Needs no deps; takes the same call as every handler module so the local runtime can build it alike. */
export const makeHandler = () =>
  http(routeNamed('GetDashboardAsset'), GetDashboardAssetSchemas, async ({ params }) => {
    const file = Object.hasOwn(dashboardFiles, params.file) ? dashboardFiles[params.file] : undefined;
    if (!file) throw new NotFoundError('Asset', params.file);
    return text(200, file.body, file.contentType, {
      'x-content-type-options': 'nosniff',
      // The name changes with the content, so a cached copy is never stale.
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });

export const handler = makeHandler();

// Driving adapter: POST /v1/campaigns/{campaignId}/handover-imports/preview (the file's bytes) → previewHandoverImport
import { StreamingSheetReader } from '../shared/adapters/sheet-reader';
import { readConfig } from '../shared/config';
import { createDeps, documentClient } from '../shared/container';
import { DomainError } from '../shared/domain/errors';
import { fileProblemMessages, maxImportBytes } from '../shared/domain/handover-import';
import type { SheetFormat } from '../shared/domain/sheet';
import { http } from '../shared/http/http-handler';
import { requestLanguage } from '../shared/http/language';
import { json } from '../shared/http/responses';
import { deferred, lazyHandler } from '../shared/lazy-handler';
import { routeNamed } from '../shared/routes';
import { PreviewHandoverImportSchemas } from '../shared/schemas/route-schemas';
import { type PreviewDeps, previewHandoverImport } from '../shared/use-cases/handover-import';

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The file's kind from its Content-Type: a workbook, or CSV whose charset (if given) is UTF-8. */
function formatOf(contentType: string | undefined, says: (typeof fileProblemMessages)['vi']): SheetFormat {
  const [mediaType = '', ...parameters] = (contentType ?? '').toLowerCase().split(';');
  if (mediaType.trim() === xlsxType) return 'xlsx';
  if (mediaType.trim() === 'text/csv') {
    const charset = parameters.map((p) => p.trim()).find((p) => p.startsWith('charset='));
    if (charset && !/^charset="?utf-?8"?$/.test(charset))
      throw new DomainError('unsupported_media_type', says.not_utf8);
    return 'csv';
  }
  throw new DomainError('unsupported_media_type', says.not_a_spreadsheet);
}

export const makeHandler = (deps: PreviewDeps) =>
  http(
    routeNamed('PreviewHandoverImport'),
    PreviewHandoverImportSchemas,
    async ({ params, headers, rawBody }) => {
      const lang = requestLanguage(headers);
      const says = fileProblemMessages[lang];
      const format = formatOf(headers['content-type'], says);
      // Before decoding: base64 is 4/3 of the bytes, so a body this long is over the limit whatever it holds.
      const bytes = rawBody();
      if (bytes.byteLength > maxImportBytes) throw new DomainError('payload_too_large', says.too_large);
      return json(
        200,
        await previewHandoverImport(deps, { campaignId: params.campaignId, bytes, format, lang }),
      );
    },
  );

// The reader imports exceljs on first use: a chunk of this function's bundle, loaded for workbooks only.
export const handler = lazyHandler(() =>
  makeHandler(
    deferred(() => ({
      ...createDeps(readConfig(), { dynamo: documentClient() }),
      sheets: new StreamingSheetReader(),
    })),
  ),
);

// The printable year-end report: one self-contained HTML document (narrative, then the three tables) with print CSS.
import type { Campaign } from './model';
import type { Progress } from './progress';
import { type Language, reportNarrative } from './report';
import {
  type ReportCell,
  type ReportColumn,
  type ReportMoney,
  type ReportTable,
  reportTables,
} from './report-tables';

/**
 * Inline, so that a saved copy prints the same; the response's Content-Security-Policy allows exactly
 * this text by its hash. A4 with the wider left margin of Vietnamese administrative documents.
 */
export const reportStyles = `@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
:root { color: #111; background: #fff; font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 13pt; line-height: 1.45; }
body { margin: 0; }
main { max-width: 170mm; margin: 0 auto; padding: 12mm 6mm; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 4pt; }
.period { text-align: center; font-style: italic; margin: 0 0 14pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; }
p { margin: 0 0 6pt; text-align: justify; }
ul { margin: 0 0 6pt; padding-left: 18pt; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 0 0 12pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 4pt; break-after: avoid; }
th, td { border: 1px solid #444; padding: 2pt 4pt; vertical-align: top; text-align: left; }
thead th { background: #eee; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.as-of { margin-top: 14pt; font-style: italic; }
@media print { main { padding: 0; max-width: none; } thead th { background: none; } }
`;

const words = {
  vi: {
    captions: {
      categories: 'Bảng 1. Kết quả theo hạng mục',
      organizations: 'Bảng 2. Kết quả theo đơn vị đăng ký',
      wards: 'Bảng 3. Số công trình bàn giao theo phường',
      'money-categories': 'Bảng 4. Kinh phí theo hạng mục',
      'money-organizations':
        'Bảng 5. Kinh phí theo đơn vị thực hiện (công trình phối hợp tính cho đơn vị ghi nhận)',
      'cash-sources': 'Bảng 6. Tiền mặt theo nguồn',
    },
    locale: 'vi-VN',
  },
  en: {
    captions: {
      categories: 'Table 1. Results by category',
      organizations: 'Table 2. Results by pledging organization',
      wards: 'Table 3. Handovers by ward',
      'money-categories': 'Table 4. Funding by category',
      'money-organizations':
        'Table 5. Funding by organization (a co-funded house counts for the organization that recorded it)',
      'cash-sources': 'Table 6. Cash by source',
    },
    locale: 'en-GB',
  },
} as const;

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Under its own heading the summary is a sentence of its own: "Bàn giao 29 nhà…", not "bàn giao 29 nhà…". */
function sentenceCase(text: string): string {
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

export function renderReportHtml(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: ReportMoney,
): string {
  const n = reportNarrative(campaign, progress, lang, money);
  const tables = reportTables(campaign, progress, lang, money).map((table) => renderTable(table, lang));
  const pledges =
    n.pledgeLines.length === 0
      ? ''
      : `<section><h2>${escapeHtml(n.byOrganizationHeading)}</h2><ul>${n.pledgeLines
          .map((line) => `<li>${escapeHtml(line)}</li>`)
          .join('')}</ul></section>`;
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(n.title)}</title>`,
    // An empty icon: a printed document needs none, and the browser then asks for no /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style>${reportStyles}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(n.title)}</h1>`,
    `<p class="period">${escapeHtml(n.period)}</p>`,
    `<section><h2>${escapeHtml(n.summaryHeading)}</h2><p>${escapeHtml(sentenceCase(n.summary))}</p><p>${escapeHtml(n.verification)}</p>${n.money ? `<p>${escapeHtml(n.money)}</p>` : ''}</section>`,
    pledges,
    ...tables,
    `<p class="as-of">${escapeHtml(n.asOf)}</p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderTable(table: ReportTable, lang: Language): string {
  const header = table.columns
    .map((c) => `<th scope="col"${c.kind === 'text' ? '' : ' class="n"'}>${escapeHtml(c.header)}</th>`)
    .join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) => renderCell(cell, table.columns[i] as ReportColumn, i === 0, lang))
          .join('')}</tr>`,
    )
    .join('\n');
  return [
    `<table id="${table.id}">`,
    `<caption>${escapeHtml(words[lang].captions[table.id])}</caption>`,
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    '</table>',
  ].join('\n');
}

function renderCell(cell: ReportCell, column: ReportColumn, isRowHeader: boolean, lang: Language): string {
  const text =
    cell === null
      ? ''
      : typeof cell === 'number'
        ? cell.toLocaleString(words[lang].locale, {
            minimumFractionDigits: column.kind === 'percent' ? 1 : 0,
            maximumFractionDigits: column.kind === 'percent' || column.kind === 'days' ? 1 : 0,
          })
        : cell;
  const tag = isRowHeader ? 'th scope="row"' : 'td';
  const close = isRowHeader ? 'th' : 'td';
  return `<${tag}${column.kind === 'text' ? '' : ' class="n"'}>${escapeHtml(text)}</${close}>`;
}

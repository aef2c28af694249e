// The printable year-end report: the official document of Decree 30/2020/NĐ-CP (heading, title, body with the
// three tables, recipients and signature), one self-contained HTML document with print CSS.
import type { Campaign } from './model';
import { type OfficialReport, officialReport, type PrintedTable } from './official-report';
import type { Progress } from './progress';
import type { Language } from './report';
import type { ReportMoney } from './report-tables';

/**
 * Inline, so that a saved copy prints the same; the response's Content-Security-Policy allows exactly
 * this text by its hash. A4 with the margins of Decree 30 (top and bottom 20 mm, left 30 mm, right 15 mm),
 * Times New Roman 13 pt; the heading's two columns stack below 600 px.
 */
export const reportStyles = `@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
:root { color: #111; background: #fff; font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 13pt; line-height: 1.45; }
body { margin: 0; }
main { max-width: 165mm; margin: 0 auto; padding: 12mm 6mm; }
.heading, .closing { display: grid; grid-template-columns: 2fr 3fr; gap: 0 8mm; align-items: start; }
.heading p, .closing .signature p { margin: 0; text-align: center; }
.superior { text-transform: uppercase; font-size: 12pt; }
.issuer, .nation { font-weight: bold; font-size: 12pt; }
.issuer::after, .motto::after { content: ""; display: block; width: 40%; margin: 1pt auto 0; border-bottom: 1px solid #111; }
.heading .number { margin-top: 6pt; }
.heading .place-date { font-style: italic; margin-top: 6pt; }
h1 { font-size: 14pt; text-align: center; margin: 18pt 0 0; }
h1 span { display: block; }
.subject { font-size: 14pt; }
.period { text-align: center; font-style: italic; margin: 0 0 14pt; }
h2 { font-size: 13pt; margin: 14pt 0 6pt; break-after: avoid; }
p { margin: 0 0 6pt; text-align: justify; }
ul { margin: 0 0 6pt; padding-left: 18pt; }
.table-scroll { overflow-x: auto; margin: 0 0 12pt; }
.table-scroll:focus-visible { outline: 2px solid #0a58a8; }
table { width: 100%; border-collapse: collapse; font-size: 11pt; margin: 0; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 4pt; break-after: avoid; }
th, td { border: 1px solid #444; padding: 2pt 4pt; vertical-align: top; text-align: left; }
thead th { background: #eee; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { break-inside: avoid; }
.as-of { margin-top: 14pt; font-style: italic; }
.closing { margin-top: 18pt; break-inside: avoid; }
.recipients { font-size: 11pt; }
.recipients h2 { font-size: 12pt; font-style: italic; margin: 0; }
.recipients ul { list-style: none; padding: 0; margin: 0; }
.recipients li::before { content: "- "; }
.authority, .position { font-weight: bold; }
.hint { font-style: italic; font-size: 11pt; }
.closing .name { margin-top: 22mm; font-weight: bold; }
@media (max-width: 600px) { .heading, .closing { grid-template-columns: 1fr; gap: 8pt; } main { padding: 6mm 3mm; } }
@media print { main { padding: 0; max-width: none; } thead th { background: none; } .table-scroll { overflow: visible; } }
`;

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const e = escapeHtml;

export function renderReportHtml(
  campaign: Campaign,
  progress: Progress,
  lang: Language,
  money?: ReportMoney,
): string {
  return renderOfficialReportHtml(officialReport(campaign, progress, lang, money));
}

export function renderOfficialReportHtml(r: OfficialReport): string {
  const pledges =
    r.pledgeLines.length === 0
      ? ''
      : `<section><h2>${e(r.byOrganizationHeading)}</h2><ul>${r.pledgeLines
          .map((line) => `<li>${e(line)}</li>`)
          .join('')}</ul></section>`;
  return [
    '<!doctype html>',
    `<html lang="${r.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(`${r.kind}: ${r.subject}`)}</title>`,
    // An empty icon: a printed document needs none, and the browser then asks for no /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style>${reportStyles}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<header class="heading">',
    `<div><p class="superior">${e(r.superiorBody)}</p><p class="issuer">${e(r.issuingBody)}</p><p class="number">${e(r.number)}</p></div>`,
    `<div><p class="nation">${e(r.nationalTitle)}</p><p class="motto">${e(r.motto)}</p><p class="place-date">${e(r.placeAndDate)}</p></div>`,
    '</header>',
    `<h1><span class="kind">${e(r.kind)}</span> <span class="subject">${e(r.subject)}</span></h1>`,
    `<p class="period">${e(r.period)}</p>`,
    `<section><h2>${e(r.summaryHeading)}</h2><p>${e(r.summary)}</p><p>${e(r.verification)}</p>${r.money ? `<p>${e(r.money)}</p>` : ''}</section>`,
    pledges,
    ...r.tables.map(renderTable),
    `<p class="as-of">${e(r.asOf)}</p>`,
    '<footer class="closing">',
    `<section class="recipients"><h2>${e(r.recipientsHeading)}</h2><ul>${r.recipients
      .map((line) => `<li>${e(line)}</li>`)
      .join('')}</ul></section>`,
    `<div class="signature"><p class="authority">${e(r.signature.authority)}</p><p class="position">${e(r.signature.position)}</p><p class="hint">${e(r.signature.hint)}</p><p class="name">${e(r.signature.nameBlank)}</p></div>`,
    '</footer>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderTable(table: PrintedTable): string {
  const header = table.header
    .map((c) => `<th scope="col"${c.numeric ? ' class="n"' : ''}>${e(c.text)}</th>`)
    .join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) => {
            const [open, close] = i === 0 ? ['th scope="row"', 'th'] : ['td', 'td'];
            return `<${open}${cell.numeric ? ' class="n"' : ''}>${e(cell.text)}</${close}>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  // On a phone a wide table scrolls in its own region, reachable from the keyboard, not the whole page.
  return [
    `<div class="table-scroll" role="region" tabindex="0" aria-label="${e(table.caption)}">`,
    `<table id="${table.id}">`,
    `<caption>${e(table.caption)}</caption>`,
    `<thead><tr>${header}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    '</table>',
    '</div>',
  ].join('\n');
}

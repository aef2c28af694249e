// Adapter: the report's tables as an .xlsx workbook with exceljs, one sheet per table, header row frozen.
import type { ReportTable } from '../domain/report-tables';
import type { WorkbookWriter } from '../ports';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const numberFormats = { count: '0', percent: '0.0', vnd: '#,##0', days: '0.0' } as const;

export class ExcelJsWorkbookWriter implements WorkbookWriter {
  async write(
    tables: Pick<ReportTable, 'title' | 'columns' | 'rows'>[],
    properties: { title: string; created: Date },
  ): Promise<Uint8Array> {
    // Loaded on the first workbook only: the text and CSV reports need none of its megabyte.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'Pledge Tracker';
    workbook.title = properties.title;
    workbook.created = properties.created;
    workbook.modified = properties.created;
    for (const table of tables) {
      const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = table.columns.map((column, i) => ({
        header: column.header,
        key: String(i),
        width: Math.min(
          48,
          Math.max(column.header.length, ...table.rows.map((row) => String(row[i] ?? '').length)) + 2,
        ),
        ...(column.kind === 'text' ? {} : { style: { numFmt: numberFormats[column.kind] } }),
      }));
      sheet.getRow(1).font = { bold: true };
      for (const row of table.rows) sheet.addRow(row.map((cell) => cell ?? null));
      sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
    }
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  }
}

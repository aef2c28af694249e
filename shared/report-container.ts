// The report's adapters, apart from container.ts: esbuild makes every `import()` it can reach a chunk of the
// bundle, so exceljs (a megabyte, loaded on the first workbook only) ships with the one function that uses it.
import { ExcelJsWorkbookWriter } from './adapters/exceljs-workbook';
import { ledgerDeps } from './container';
import type { ReportDeps } from './use-cases/progress';

let report: ReportDeps | undefined;

export function reportDeps(): ReportDeps {
  report ??= { ...ledgerDeps(), workbook: new ExcelJsWorkbookWriter() };
  return report;
}

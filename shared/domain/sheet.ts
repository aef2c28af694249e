// What an uploaded register is once read: rows of typed cells, or the reason the file cannot be read. Pure types.

/** A cell as the sheet holds it; formulas are kept as such, never evaluated. */
export type SheetCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  /** A date cell of a workbook: its calendar day as written (Excel keeps no time zone), YYYY-MM-DD. */
  | { kind: 'date'; date: string }
  | { kind: 'formula' }
  /** A boolean, an error value (#N/A), or anything else no column takes. */
  | { kind: 'other' };

export interface SheetRow {
  /** The row's number in the sheet (the header is row 1), as a person sees it. */
  row: number;
  cells: SheetCell[];
}

/** Why a file was not read at all. */
export type SheetFileProblem =
  | 'not_a_spreadsheet'
  | 'macro_workbook'
  | 'legacy_workbook'
  | 'not_utf8'
  | 'empty'
  | 'too_many_rows';

export type SheetReadResult =
  | { ok: true; header: SheetCell[]; rows: SheetRow[] }
  | { ok: false; problem: SheetFileProblem };

export type SheetFormat = 'xlsx' | 'csv';

/** Reads the first sheet of a workbook, or a CSV file; stops (too_many_rows) past `maxRows` data rows. */
export interface SheetReader {
  read(bytes: Uint8Array, format: SheetFormat, limits: { maxRows: number }): Promise<SheetReadResult>;
}
